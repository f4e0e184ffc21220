/**
 * Writes data/panel.parquet, the simulated person-month panel of person-month-panel.md: 2000
 * soldiers in six units followed for up to 24 months, one row per soldier and month until the
 * month he deserts. The monthly hazard of desertion is logistic with known coefficients (TRUTH,
 * printed in the notebook beside the estimates). The generator is Muster's seeded one, so the
 * rows are the same on every machine; DuckDB writes the Parquet file.
 *
 * Run from the repository root:
 *   node --conditions=@muster/source --import tsx notebooks/data/make-panel.ts
 */
import { fileURLToPath } from 'node:url';
import { createRandom } from '@muster/core';
import { openDatabase, registerTable, sql } from '@muster/duckdb';
import { table } from 'arquero';

/** Units and their military inequality (share of the ranks from discriminated groups). */
const UNITS: Record<string, number> = {
  '1st Rifle': 0.05,
  '2nd Rifle': 0.1,
  '3rd Motorised': 0.2,
  '4th Motorised': 0.3,
  '5th Territorial': 0.45,
  '6th Territorial': 0.6,
};
/** Coefficients of the monthly desertion hazard on the logit scale. */
const TRUTH = { intercept: -4.5, inequality: 2.5, conscript: 0.6, leaveDenied: 0.8 };
const SOLDIERS = 2000;
const MONTHS = 24;

const random = createRandom(20240601);
const rows = {
  soldier: [] as number[],
  unit: [] as string[],
  month: [] as number[],
  conscript: [] as number[],
  leave_denied: [] as number[],
  deserted: [] as number[],
};
const names = Object.keys(UNITS);
for (let soldier = 1; soldier <= SOLDIERS; soldier++) {
  const unit = names[(soldier - 1) % names.length]!;
  const conscript = random.uniform() < 0.6 ? 1 : 0;
  for (let month = 1; month <= MONTHS; month++) {
    const leaveDenied = random.uniform() < 0.3 ? 1 : 0;
    const eta =
      TRUTH.intercept +
      TRUTH.inequality * UNITS[unit]! +
      TRUTH.conscript * conscript +
      TRUTH.leaveDenied * leaveDenied;
    const deserted = random.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    rows.soldier.push(soldier);
    rows.unit.push(unit);
    rows.month.push(month);
    rows.conscript.push(conscript);
    rows.leave_denied.push(leaveDenied);
    rows.deserted.push(deserted);
    if (deserted === 1) break;
  }
}

const out = fileURLToPath(new URL('panel.parquet', import.meta.url));
const db = await openDatabase();
await registerTable(db, 'rows', table(rows));
await sql(
  db,
  `COPY (SELECT soldier::INTEGER AS soldier, unit, month::INTEGER AS month,
          conscript::INTEGER AS conscript, leave_denied::INTEGER AS leave_denied,
          deserted::INTEGER AS deserted
        FROM rows ORDER BY soldier, month)
   TO '${out.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION zstd)`,
);
const summary = await sql(
  db,
  `SELECT count(*) AS rows, sum(deserted) AS deserters FROM '${out.replaceAll("'", "''")}'`,
);
console.log(`${out}: ${JSON.stringify(summary.objects()[0])}`);
db.close();
