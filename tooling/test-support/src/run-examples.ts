import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { mismatch, parseShown } from './example-output.ts';
import { exampleProgram } from './example-program.ts';
import { type ExampleBlock, findExamples } from './find-examples.ts';

export type { ExampleBlock } from './find-examples.ts';
export { findExamples } from './find-examples.ts';

/** What the examples of a package may use. */
export interface ExampleOptions {
  /** Module namespaces by the specifier the examples import (`'@muster/glm'`, `'node:fs'`). */
  modules: Record<string, unknown>;
  /**
   * Values of free names the examples use without defining or importing them: usually the
   * package's own exports (`{ ...lag }`) and a data set the example says it reads elsewhere.
   */
  scope?: Record<string, unknown>;
  /** Values for the blocks of one symbol only, by `file:symbol` (they add to `scope`). */
  scopes?: Record<string, Record<string, unknown>>;
  /** Blocks not run, by `file` or `file:symbol`, each with the reason. */
  skip?: Record<string, string>;
}

const AsyncFunction = (async () => {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<void>;

/**
 * Run one example block: every `// =>` output must match the statement's value. Throws an error
 * naming the file, line and difference when one does not.
 */
export async function checkExampleOutput(
  block: ExampleBlock,
  options: ExampleOptions,
): Promise<void> {
  const program = exampleProgram(block.code);
  const missing = program.imports.filter((s) => !(s in options.modules));
  if (missing.length > 0) {
    throw new Error(
      `${block.file}:${block.line} imports ${missing.join(', ')}, not given in modules`,
    );
  }
  const scope = { ...options.scope, ...options.scopes?.[`${block.file}:${block.symbol}`] };
  const check = async (index: number, value: unknown) => {
    const output = program.outputs[index]!;
    const actual = value instanceof Promise ? await value : value;
    const problem = mismatch(actual, parseShown(output.expected));
    if (problem !== null) {
      throw new Error(
        `${block.file}:${block.line + output.line - 1}: // => ${output.expected}\n${problem}`,
      );
    }
  };
  const names = Object.keys(scope).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
  // The example runs in a block of its own, so that its declarations may shadow scope names.
  const body = `const { ${names.join(', ')} } = __scope;\n{\n${program.body}\n}`;
  const run = new AsyncFunction('__modules', '__check', '__scope', body);
  await run(options.modules, check, scope);
}

/**
 * Register one test per `@example` block with `// =>` output in the `.ts` files under `src`
 * (a folder URL or path): the documented outputs are checked against what the code returns.
 *
 * @example
 * ```ts
 * // test/examples.test.ts of a package
 * import { runExamples } from '@muster/test-support';
 * import * as lag from '../src/index.ts';
 * runExamples(new URL('../src/', import.meta.url), { modules: { '@muster/lag': lag } });
 * ```
 */
export function runExamples(src: URL | string, options: ExampleOptions): void {
  const folder = typeof src === 'string' ? src : fileURLToPath(src);
  const blocks = findExamples(folder);
  describe('@example blocks', () => {
    it('the sources have examples with output', () => {
      if (blocks.length === 0) throw new Error(`no @example block with '// =>' under ${folder}`);
    });
    for (const block of blocks) {
      const reason = options.skip?.[`${block.file}:${block.symbol}`] ?? options.skip?.[block.file];
      const name = `${block.file}: ${block.symbol} (line ${block.line})`;
      if (reason !== undefined) it.skip(`${name}: ${reason}`, () => {});
      else it(name, () => checkExampleOutput(block, options));
    }
  });
}
