import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { compileCell } from '../../src/internal/compile-cell.ts';
import { originalLine } from '../../src/internal/source-map.ts';

async function compiled(source: string, kind: 'code' | 'inline' = 'code') {
  const outcome = await compileCell(source, kind);
  if (!outcome.ok) throw new Error(`compile failed: ${outcome.message}`);
  return outcome.cell;
}

/** Run compiled cells in one scope; `modules` answers imports. */
async function run(sources: string[], modules: Record<string, unknown> = {}) {
  const scope: Record<string, unknown> = Object.create(null);
  const values: unknown[] = [];
  for (const source of sources) {
    const cell = await compiled(source);
    for (const name of cell.declared) if (!(name in scope)) scope[name] = undefined;
    const fn = vm.runInThisContext(cell.code) as (
      s: object,
      i: unknown,
      o: object,
    ) => Promise<void>;
    const out: { value: unknown; shown: boolean } = { value: undefined, shown: false };
    await fn(scope, async (specifier: string) => modules[specifier], out);
    values.push(out.shown ? out.value : undefined);
  }
  return { scope, values };
}

describe('compileCell', () => {
  it('compileCell(source) lists top-level declarations, mentioned identifiers and imports', async () => {
    const cell = await compiled(
      "import { fitGlm as fit } from '@muster/glm';\nimport * as aq from 'arquero';\nconst { a, b: [c] } = obj;\nlet d: number;\nfunction f() { return g.h }\nclass K {}\nenum E { A }\nconst m = await import('./helper.ts');",
    );
    expect(cell.declared).toEqual(['E', 'K', 'a', 'aq', 'c', 'd', 'f', 'fit', 'm']);
    expect(cell.imports).toEqual(['./helper.ts', '@muster/glm', 'arquero']);
    expect(cell.references).toContain('obj');
    expect(cell.references).toContain('g');
    expect(cell.references).not.toContain('h');
  });

  it('compiled cells share one scope: declarations, closures and reassignments carry over', async () => {
    const { scope, values } = await run([
      'let count: number = 0;\nfunction increment(by = 1) { count += by; return count }\nconst { x, y: [z] } = { x: 1, y: [2] };\nclass Box { constructor(public v: number) {} }',
      'increment(); increment(5);\nnew Box(count + x + z).v',
      'count = count * 10;\ncount',
    ]);
    expect(values).toEqual([undefined, 9, 60]);
    expect(scope.count).toBe(60);
    expect(typeof scope.increment).toBe('function');
  });

  it('compiled cells support top-level await, TypeScript-only syntax and every import form', async () => {
    const module = { default: 'D', named: 'N', other: 'O' };
    const { values } = await run(
      [
        "import def, { named, other as renamed } from 'm';\nimport * as ns from 'm';\nimport 'm';\ntype T = { a: number };\ninterface I { b: string }\nconst t: T = { a: await Promise.resolve(41) };\n[def, named, renamed, ns.other, t.a + 1].join(' ')",
      ],
      { m: module },
    );
    expect(values).toEqual(['D N O O 42']);
  });

  it('the last expression is captured unless it is an assignment', async () => {
    const { values } = await run(['const a = 1;\na + 1', 'let b = 0;\nb = 5', '"text"']);
    expect(values).toEqual([2, undefined, 'text']);
    const inline = await compiled('a * 2', 'inline');
    expect(inline.code).toContain('__muster_out.value = (');
  });

  it('compileCell reports syntax errors and exports with the line in the cell', async () => {
    const syntax = await compileCell('const a = 1;\nconst b = ;\n', 'code');
    expect(syntax).toEqual({
      ok: false,
      name: 'SyntaxError',
      message: expect.stringContaining(';'),
      line: 2,
    });
    const exported = await compileCell('const a = 1;\n\nexport const b = 2;', 'code');
    expect(exported.ok).toBe(false);
    if (!exported.ok) {
      expect(exported.message).toMatch(/cannot export/);
      expect(exported.line).toBe(3);
    }
  });

  it('the line table maps generated lines back to the cell source', async () => {
    const cell = await compiled(
      'const a: number = 1;\n\n\nfunction f(x: number): number {\n  return x;\n}\nthrow new Error("boom");',
    );
    const fn = vm.runInThisContext(cell.code, { filename: 'cell.js' }) as (
      s: object,
      i: unknown,
      o: object,
    ) => Promise<void>;
    const error = await fn(Object.create(null), null, {}).catch((caught: Error) => caught);
    const line = Number(/cell\.js:(\d+)/.exec(String((error as Error).stack))?.[1]);
    expect(originalLine(cell.lines, line)).toBe(7);
  });
});
