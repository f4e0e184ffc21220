import type { ExampleProgram } from './example-program.ts';

/**
 * The opening of an ES module that runs an example program ({@link exampleProgram}): the
 * program's imports as namespaces, the `__modules` map its body reads them from, and `__check`,
 * which records in `__failures` each `// =>` output that the value does not print as
 * (`// => shown` and the difference on the next line). `checker` is the import path of the
 * `mismatch`/`parseShown` module (./example-output.ts, or its compiled copy). The caller appends
 * the body (inside an async function) and decides what to do with `__failures`.
 */
export function exampleModulePrelude(program: ExampleProgram, checker: string): string {
  const imports = program.imports.map((s, i) => `import * as __m${i} from ${JSON.stringify(s)};`);
  const modules = program.imports.map((s, i) => `${JSON.stringify(s)}: __m${i}`).join(', ');
  return `import { mismatch, parseShown } from ${JSON.stringify(checker)};
${imports.join('\n')}
const __modules = { ${modules} };
const __outputs = ${JSON.stringify(program.outputs.map((o) => o.expected))};
const __failures = [];
async function __check(index, value) {
  const actual = value instanceof Promise ? await value : value;
  const problem = mismatch(actual, parseShown(__outputs[index]));
  if (problem !== null) __failures.push(\`// => \${__outputs[index]}\\n   \${problem}\`);
}
`;
}
