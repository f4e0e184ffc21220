import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, sql } from '@muster/duckdb';
import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../src/parse-notebook.ts';
import { RunSession } from '../src/run-session.ts';
import { runText, temporaryDir, texts } from './helpers.ts';

/** Write `data/panel.parquet` under `dir` with DuckDB: `months` person-months of two units. */
async function writePanel(dir: string, months: number): Promise<void> {
  mkdirSync(join(dir, 'data'), { recursive: true });
  const db = await openDatabase();
  const file = join(dir, 'data/panel.parquet').replaceAll("'", "''");
  await sql(
    db,
    `COPY (SELECT range AS month, CASE WHEN range % 2 = 0 THEN 'a' ELSE 'b' END AS unit,
       (range % 3 = 0)::INTEGER AS absent FROM range(${months})) TO '${file}' (FORMAT parquet)`,
  );
  db.close();
}

const NOTEBOOK = `---
title: Panel
---

\`\`\`ts
import * as aq from 'arquero';
const units = aq.table({ unit: ['a', 'b'], strength: [100, 50] });
\`\`\`

\`\`\`sql
--| name: panel
SELECT unit, count(*) AS months, sum(absent) AS absences, any_value(strength) AS strength
FROM 'data/panel.parquet' JOIN units USING (unit)
GROUP BY unit ORDER BY unit
\`\`\`

\`\`\`ts
panel.array('months').join(' ')
\`\`\`
`;

describe('sql cells', () => {
  it('bind the result of a query over a Parquet file and an earlier table to a name later cells use', async () => {
    const dir = temporaryDir();
    await writePanel(dir, 6);
    const run = await runText(NOTEBOOK, dir);
    expect(run.cells.map((cell) => cell.status)).toEqual(['ok', 'ok', 'ok']);
    const table = run.cells[1]!.outputs[0]!;
    expect(table).toMatchObject({
      kind: 'table',
      columns: ['unit', 'months', 'absences', 'strength'],
      rows: [
        ['a', '3', '1', '100'],
        ['b', '3', '1', '50'],
      ],
    });
    expect(texts(run)[2]).toEqual(['3 3']);
    // provenance: the file the query read, with its SHA-256, in the cell and in the run's inputs
    expect(run.cells[1]!.reads.map((read) => read.path)).toEqual(['data/panel.parquet']);
    expect(run.inputs.map((read) => read.path)).toContain('data/panel.parquet');
    expect(run.cells[2]!.dependsOn).toEqual(['cell-2']);
  });

  it('are cached by the files they read: a changed file re-runs the cell and its dependents', async () => {
    const dir = temporaryDir();
    const cacheDir = join(dir, '.cache');
    await writePanel(dir, 6);
    await runText(NOTEBOOK, dir, { cacheDir });
    const warm = await runText(NOTEBOOK, dir, { cacheDir });
    expect(warm.cells.map((cell) => cell.executed)).toEqual([false, false, false]);
    await writePanel(dir, 8);
    const changed = await runText(NOTEBOOK, dir, { cacheDir });
    expect(changed.cells.slice(1).map((cell) => cell.executed)).toEqual([true, true]);
    expect(texts(changed)[2]).toEqual(['4 4']);
  });

  it('in a session, an edited sql cell re-runs with the cells that use its result, no others', async () => {
    const dir = temporaryDir();
    await writePanel(dir, 6);
    const session = new RunSession();
    await runText(NOTEBOOK, dir, { session });
    const edited = await runText(
      NOTEBOOK.replace('GROUP BY unit', 'WHERE month > 0 GROUP BY unit'),
      dir,
      {
        session,
      },
    );
    expect(edited.cells.map((cell) => cell.executed)).toEqual([false, true, true]);
    expect(texts(edited)[2]).toEqual(['2 3']);
  });

  it('name the cell and the notebook line of a SQL error, and of a file that does not exist', async () => {
    const dir = temporaryDir();
    const text = [
      '```sql',
      '--| name: bad',
      'SELECT 1',
      'FROM no_such_table',
      '```',
      '',
      '```ts',
      'bad',
      '```',
      '',
      '```sql',
      "SELECT * FROM 'data/missing.parquet'",
      '```',
      '',
    ].join('\n');
    const run = await runText(text, dir);
    expect(run.failed).toBe(true);
    expect(run.cells[0]!.outputs[0]).toMatchObject({
      kind: 'error',
      where: 'cell 1',
      name: 'SqlError',
      line: 4,
      sourceLine: 'FROM no_such_table',
    });
    expect((run.cells[0]!.outputs[0] as { message: string }).message).toMatch(
      /^Catalog Error: Table with name no_such_table does not exist/,
    );
    expect(run.cells[1]).toMatchObject({ status: 'not-run', waitsOn: 'cell-1' });
    expect(run.cells[2]!.outputs[0]).toMatchObject({
      name: 'SqlError',
      line: 12,
      message:
        "the sql cell reads 'data/missing.parquet', which matches no file (paths are relative to the notebook)",
    });
  });

  it('loadParquet reads a Parquet file relative to the notebook in a ts cell, as a tracked read', async () => {
    const dir = temporaryDir();
    await writePanel(dir, 5);
    const text =
      "```ts\nconst p = await loadParquet('data/panel.parquet', { columns: ['absent'] });\np.array('absent').join(' ')\n```\n";
    const run = await runText(text, dir);
    expect(texts(run)).toEqual([['1 0 0 1 0']]);
    expect(run.cells[0]!.reads.map((read) => read.path)).toEqual(['data/panel.parquet']);
  });

  it('take --| options; name is refused on ts cells and must be a usable name', () => {
    const cell = parseNotebook('```sql\n--| name: panel\n--| echo: false\nSELECT 1\n```\n')
      .blocks[0];
    expect(cell).toMatchObject({
      language: 'sql',
      optionLines: 2,
      options: { name: 'panel', echo: false },
    });
    expect(() => parseNotebook('```ts\n//| name: panel\n1\n```\n')).toThrow(
      /cell option name only in sql cells \(the notebook line 2\)/,
    );
    expect(() => parseNotebook('```sql\n--| name: class\nSELECT 1\n```\n')).toThrow(
      /requires the cell option name to be a name a later cell can use/,
    );
  });
});
