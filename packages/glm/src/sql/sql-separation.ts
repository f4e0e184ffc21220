/**
 * The separation check of a binomial fit on a SQL source. Konis's exact linear program needs the
 * rows in memory, so it does not run here; instead one aggregate pass checks each design column
 * on its own: column j separates (quasi-completely) when the outcome is 1 on every row where
 * x_j > 0 and 0 on every row where x_j < 0 (or the reverse), with some row where x_j is not 0.
 * Then its maximum-likelihood estimate is infinite (the direction e_j separates). This catches
 * the common case (a factor level, or a dummy, whose rows all have the same outcome) but not
 * separation by a combination of columns; the check runs under 'always', and under 'auto' when
 * the fit shows the signs of separation (no convergence, or fitted probabilities within tau of
 * the outcome, as the in-memory check decides on large designs). When the signs are there and no
 * single column separates, a `glm-separation-unchecked` warning says so.
 */

import { sqlNumberValue } from '@muster/formula';
import type { GlmSeparation } from '../types.ts';
import { type GlmWarning, glmWarnings } from '../warnings.ts';
import { baseRows, type SqlRows } from './sql-irls.ts';

export interface SqlSeparationInput {
  rows: SqlRows;
  columns: string[];
  assign: number[];
  termLabels: string[];
  mode: 'auto' | 'always' | 'never';
  converged: boolean;
  signs: number;
  caller: string;
}

export async function sqlSeparation(
  input: SqlSeparationInput,
): Promise<{ separation: GlmSeparation; warnings: GlmWarning[] }> {
  const separation: GlmSeparation = {
    checked: false,
    separation: false,
    kind: 'none',
    infiniteTerms: [],
    separatingTerms: [],
    method: 'single-column sign check (SQL)',
  };
  const run =
    input.mode === 'always' || (input.mode === 'auto' && (!input.converged || input.signs > 0));
  if (!run) return { separation, warnings: [] };
  const sums: string[] = [];
  const columns = input.columns.map((_, j) => j).filter((j) => input.assign[j] > 0);
  for (const j of columns) {
    const c = (cond: string, name: string) =>
      `SUM(CASE WHEN pw > 0e+0 AND ${cond} THEN 1 ELSE 0 END) AS ${name}${j}`;
    sums.push(
      c(`x${j} > 0e+0 AND y = 0e+0`, 'p0_'),
      c(`x${j} > 0e+0 AND y = 1e+0`, 'p1_'),
      c(`x${j} < 0e+0 AND y = 0e+0`, 'n0_'),
      c(`x${j} < 0e+0 AND y = 1e+0`, 'n1_'),
      c(`x${j} = 0e+0`, 'z_'),
    );
  }
  separation.checked = true;
  if (sums.length === 0) return { separation, warnings: [] };
  const [row] = await input.rows.source.query(
    `WITH base AS (${baseRows(input.rows)}) SELECT ${sums.join(', ')} FROM base`,
  );
  const found: number[] = [];
  let complete = true;
  for (const j of columns) {
    const [p0, p1, n0, n1, z] = ['p0_', 'p1_', 'n0_', 'n1_', 'z_'].map((k) =>
      sqlNumberValue(row[`${k}${j}`]),
    );
    const up = p0 === 0 && n1 === 0 && p1 + n0 > 0;
    const down = p1 === 0 && n0 === 0 && p0 + n1 > 0;
    if (up || down) {
      found.push(j);
      if (z > 0) complete = false;
    }
  }
  if (found.length === 0) {
    return {
      separation,
      warnings: [
        glmWarnings.separationUnchecked(
          input.caller,
          'the exact linear program needs the rows in memory, and no single column of the SQL source separates the outcome',
          input.converged ? 'fitted' : 'not-converged',
        ),
      ],
    };
  }
  const infinite = found.map((j) => input.columns[j]);
  const terms = [...new Set(found.map((j) => input.termLabels[input.assign[j] - 1]))];
  separation.separation = true;
  separation.kind = complete ? 'complete' : 'quasi-complete';
  separation.infiniteTerms = infinite;
  separation.separatingTerms = terms;
  return {
    separation,
    warnings: [
      glmWarnings.separation(
        input.caller,
        separation.kind as 'complete' | 'quasi-complete',
        terms,
        true,
        infinite,
      ),
    ],
  };
}
