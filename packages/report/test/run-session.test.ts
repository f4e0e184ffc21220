// biome-ignore-all lint/suspicious/noTemplateCurlyInString: notebooks write inline expressions as ${...}
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { RunSession } from '../src/run-session.ts';
import { copyNotebooks, runText, texts } from './helpers.ts';

const fence = '```';
const cell = (source: string) => `${fence}ts\n${source}\n${fence}\n`;
const dirs: string[] = [];
const workDir = () => {
  const dir = copyNotebooks();
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const executed = (run: Awaited<ReturnType<typeof runText>>) =>
  run.cells.filter((c) => c.executed).map((c) => `${c.kind} ${c.number}`);

describe('RunSession', () => {
  it('runNotebook with a session re-runs an edited cell and its dependents only, keeping the others', async () => {
    const dir = workDir();
    const session = new RunSession();
    // A counter outside the notebook's names (no dependency) shows how often each cell ran.
    const count = (name: string) =>
      `const g = globalThis as unknown as { sessionRuns: Record<string, number> };\ng.sessionRuns ??= {};\ng.sessionRuns.${name} = (g.sessionRuns.${name} ?? 0) + 1;`;
    const notebook = (b: string) =>
      [
        cell('const a = 2;'),
        cell(`{\n${count('b')}\n}\nconst b = ${b};`),
        cell(`{\n${count('c')}\n}\nconst c = a * 10;`),
        'B is ${b * 2}, C is ${c}.',
        cell(`{\n${count('d')}\n}\nb + c`),
      ].join('\n');
    let stale: number[] = [];
    const first = await runText(notebook('3'), dir, { session, onPlan: (s) => (stale = s) });
    expect(stale).toEqual([0, 1, 2, 3, 4, 5]);
    expect(texts(first)).toEqual([[], [], [], ['6'], ['20'], ['23']]);
    const second = await runText(notebook('4'), dir, { session, onPlan: (s) => (stale = s) });
    expect(stale).toEqual([1, 3, 5]);
    expect(executed(second)).toEqual(['code 2', 'inline 1', 'code 4']);
    expect(texts(second)).toEqual([[], [], [], ['8'], ['20'], ['24']]);
    expect((globalThis as unknown as { sessionRuns: unknown }).sessionRuns).toEqual({
      b: 2,
      c: 1,
      d: 2,
    });
  });

  it('a session replays random from its start, so draws equal those of a fresh run', async () => {
    const dir = workDir();
    const session = new RunSession();
    const notebook = (k: number) =>
      [
        cell('const u = random.uniform();'),
        cell(`const v = random.uniform() * ${k};`),
        cell('const w = random.uniform();\n[u, v, w].map((x) => x.toFixed(6)).join(" ")'),
      ].join('\n');
    await runText(notebook(1), dir, { session });
    const edited = await runText(notebook(2), dir, { session });
    const fresh = await runText(notebook(2), dir);
    expect(texts(edited)).toEqual(texts(fresh));
  });

  it('a session forgets the names of deleted cells, and starts afresh when parameters change', async () => {
    const dir = workDir();
    const session = new RunSession();
    const head = '---\nparameters:\n  n: 1\n---\n';
    await runText(`${head}${cell('const gone = 1;')}${cell('params.n')}`, dir, { session });
    const deleted = await runText(`${head}${cell('gone + 1')}`, dir, { session });
    expect(texts(deleted)).toEqual([['ReferenceError: gone is not defined']]);
    const before = await runText(`${head}${cell('const x = params.n;')}${cell('x + 1')}`, dir, {
      session,
    });
    expect(texts(before)[1]).toEqual(['2']);
    const after = await runText(`${head}${cell('const x = params.n;')}${cell('x + 1')}`, dir, {
      session,
      parameters: { n: '5' },
    });
    expect(executed(after)).toEqual(['code 1', 'code 2']);
    expect(texts(after)[1]).toEqual(['6']);
  });

  it('a cell served from the cache in a fresh session runs its upstream cells for their values once', async () => {
    const dir = workDir();
    const cacheDir = `${dir}/.cache`;
    const text = (k: number) => [cell('const a = 1;'), cell(`a + ${k}`)].join('\n');
    await runText(text(1), dir, { cacheDir });
    const session = new RunSession();
    const edited = await runText(text(2), dir, { cacheDir, session });
    expect(executed(edited)).toEqual(['code 1', 'code 2']);
    const again = await runText(text(3), dir, { cacheDir, session });
    expect(executed(again)).toEqual(['code 2']);
  });
});
