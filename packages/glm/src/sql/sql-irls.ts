/**
 * R's glm.fit IRLS (../internal/irls.ts) with the rows left in the SQL engine: every iteration
 * is one aggregate query that returns the deviance at the current linear predictor, X'WX and the
 * right-hand side X'Wz (first step, from glm.fit's starting values) or X'W (y - mu) / mu.eta
 * (later steps, increment form); the p x p system is solved in TypeScript. Convergence rule,
 * step halving, starting values and the factor kept for the covariance (the last step's, at the
 * previous iterate) are glm.fit's, so the iterates are the in-memory ones to rounding.
 *
 * Contract: `design` holds the per-row expressions (design columns, y, pw, off) and the row
 * filter; memory use is O(p^2) whatever the number of rows.
 */

import type { SqlSource } from '@muster/core';
import { NumericalError } from '@muster/core';
import { sqlNumber, sqlNumberValue } from '@muster/formula';
import { factorGram, type GramFactor, solveGram } from './gram-solve.ts';
import type { SqlFamily } from './sql-family.ts';

/** The rows of a fit as SQL: the design columns and the per-row y, prior weight and offset. */
export interface SqlRows {
  source: SqlSource;
  where: string;
  x: string[];
  y: string;
  weights: string | null;
  offset: string | null;
  /** Further per-row columns carried into the base rows (`expression AS name`). */
  carry?: string[];
}

/** Per-row CTE: the model's columns x0.., y, pw, off over the complete rows. */
export function baseRows(rows: SqlRows, extra: string[] = []): string {
  const columns = [
    ...rows.x.map((sql, j) => `${sql} AS x${j}`),
    `${rows.y} AS y`,
    `${rows.weights ?? '1e+0'} AS pw`,
    `${rows.offset ?? '0e+0'} AS off`,
    ...(rows.carry ?? []),
    ...extra,
  ];
  return `SELECT ${columns.join(', ')} FROM ${rows.source.relation} WHERE ${rows.where}`;
}

/** eta = offset + X beta as SQL (zero coefficients left out). */
export function linearPredictorSql(beta: Float64Array): string {
  const terms = ['off'];
  beta.forEach((b, j) => {
    if (b !== 0 && Number.isFinite(b)) terms.push(`${sqlNumber(b)} * x${j}`);
  });
  return terms.join(' + ');
}

/** The per-row chain eta -> mu, mu.eta -> working weight w, as CTEs after `base`. */
export function workingRows(family: SqlFamily, eta: string): string {
  return [
    `e AS (SELECT *, ${eta} AS eta FROM base)`,
    `f AS (SELECT *, ${family.mu('eta')} AS mu, ${family.muEta('eta')} AS me FROM e)`,
    `g AS (SELECT *, CASE WHEN pw > 0e+0 AND me <> 0e+0 THEN pw * me * me / (${family.variance('mu')}) ELSE 0e+0 END AS w FROM f)`,
  ].join(', ');
}

export interface StepSums {
  deviance: number;
  gram: Float64Array;
  score: Float64Array;
  /** Rows with a positive working weight. */
  good: number;
  /** Rows whose mu is outside the family's range. */
  invalid: number;
}

/** One pass: the deviance at `eta`, X'WX and the right-hand side (direct or increment form). */
export async function stepSums(
  rows: SqlRows,
  family: SqlFamily,
  eta: string,
  direct: boolean,
): Promise<StepSums> {
  const p = rows.x.length;
  const u = direct
    ? 'CASE WHEN w > 0e+0 THEN w * (eta - off + (y - mu) / me) ELSE 0e+0 END'
    : 'CASE WHEN w > 0e+0 THEN w * (y - mu) / me ELSE 0e+0 END';
  const sums: string[] = [`SUM(${family.devResid('mu')}) AS dev`];
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) sums.push(`SUM(w * x${a} * x${b}) AS g${a}_${b}`);
    sums.push(`SUM(u * x${a}) AS s${a}`);
  }
  sums.push('SUM(CASE WHEN w > 0e+0 THEN 1 ELSE 0 END) AS good');
  sums.push(
    family.invalidMu === null
      ? '0 AS invalid'
      : `SUM(CASE WHEN ${family.invalidMu} THEN 1 ELSE 0 END) AS invalid`,
  );
  const sql = `WITH base AS (${baseRows(rows)}), ${workingRows(family, eta)}, h AS (SELECT *, ${u} AS u FROM g) SELECT ${sums.join(', ')} FROM h`;
  const [row] = await rows.source.query(sql);
  const gram = new Float64Array(p * p);
  const score = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      const v = sqlNumberValue(row[`g${a}_${b}`]);
      gram[b * p + a] = v;
      gram[a * p + b] = v;
    }
    score[a] = sqlNumberValue(row[`s${a}`]);
  }
  return {
    deviance: sqlNumberValue(row.dev),
    gram,
    score,
    good: sqlNumberValue(row.good),
    invalid: sqlNumberValue(row.invalid),
  };
}

export interface SqlIrlsOutput {
  coefficients: Float64Array;
  /** eta at which the last step's X'WX was summed (R's fit$weights are at that iterate). */
  weightEta: string;
  /** The factor of the last step (for the covariance). */
  factor: GramFactor | null;
  deviance: number;
  iterations: number;
  converged: boolean;
  boundary: boolean;
  events: (
    | 'not-converged'
    | 'boundary'
    | 'step-divergence'
    | 'step-out-of-bounds'
    | 'non-finite-coefficients'
    | 'no-informative-observations'
  )[];
}

export interface SqlIrlsInput {
  rows: SqlRows;
  family: SqlFamily;
  /** Starting coefficients, or null for glm.fit's starting values. */
  start: Float64Array | null;
  /** Starting eta (R's etastart / mustart through the link) when start is null; default the family's. */
  startEta?: string;
  tolerance: number;
  maxIter: number;
  caller: string;
}

/** glm.fit's loop over SQL passes. */
export async function sqlIrls(input: SqlIrlsInput): Promise<SqlIrlsOutput> {
  const { rows, family, tolerance, maxIter, caller } = input;
  const p = rows.x.length;
  let coef: Float64Array =
    input.start === null ? new Float64Array(p) : Float64Array.from(input.start);
  let coefold: Float64Array | null = input.start === null ? null : Float64Array.from(input.start);
  let eta = input.start === null ? (input.startEta ?? family.startEta) : linearPredictorSql(coef);
  let sums = await stepSums(rows, family, eta, coefold === null);
  if (sums.invalid > 0 || !Number.isFinite(sums.deviance)) {
    throw new NumericalError(
      `${caller} cannot find valid starting values for the ${family.family} family with the ${family.link} link; supply start`,
    );
  }
  let devold = sums.deviance;
  let dev = devold;
  let weightEta = eta;
  let factor: GramFactor | null = null;
  let converged = false;
  let boundary = false;
  let iterations = 0;
  const events: SqlIrlsOutput['events'] = [];
  for (let iter = 1; iter <= maxIter; iter++) {
    iterations = iter;
    if (sums.good === 0) {
      events.push('no-informative-observations');
      break;
    }
    const direct = coefold === null;
    factor = factorGram(sums.gram, p);
    weightEta = eta;
    const delta = solveGram(factor, sums.score);
    const next = direct ? delta : coef.map((b, j) => (factor?.aliased[j] ? 0 : b + delta[j]));
    if (next.some((b) => !Number.isFinite(b))) {
      events.push('non-finite-coefficients');
      break;
    }
    coef = next;
    eta = linearPredictorSql(coef);
    sums = await stepSums(rows, family, eta, false);
    dev = sums.deviance;
    boundary = false;
    if (!Number.isFinite(dev) || sums.invalid > 0) {
      if (coefold === null) {
        throw new NumericalError(
          `${caller} found no valid set of coefficients (deviance not finite or fitted values out of range at the first iteration); supply start`,
        );
      }
      events.push(Number.isFinite(dev) ? 'step-out-of-bounds' : 'step-divergence');
      let tries = 1;
      while (!Number.isFinite(dev) || sums.invalid > 0) {
        if (tries > maxIter) {
          throw new NumericalError(`${caller}: inner loop; cannot correct step size`);
        }
        tries++;
        const old = coefold;
        coef = coef.map((b, j) => (b + old[j]) / 2);
        eta = linearPredictorSql(coef);
        sums = await stepSums(rows, family, eta, false);
        dev = sums.deviance;
      }
      boundary = true;
    }
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < tolerance) {
      converged = true;
      break;
    }
    devold = dev;
    coefold = Float64Array.from(coef);
  }
  if (!converged) events.push('not-converged');
  if (boundary) events.push('boundary');
  const coefficients = Float64Array.from(coef);
  if (factor !== null)
    for (let j = 0; j < p; j++) if (factor.aliased[j]) coefficients[j] = Number.NaN;
  return {
    coefficients,
    weightEta,
    factor,
    deviance: dev,
    iterations,
    converged,
    boundary,
    events,
  };
}
