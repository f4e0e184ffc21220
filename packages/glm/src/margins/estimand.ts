/**
 * Finite-difference estimands of a GLM on the response scale and their delta-method standard
 * errors, as R's marginaleffects (>= 1.0) computes them for a glm.
 *
 * Contract: an estimand compares two versions of the same rows, `hi` and `lo` (columns of equal
 * length), through r_i = (mu(x_hi,i' b) - mu(x_lo,i' b)) / h, with mu the inverse link, b the
 * coefficients (aliased ones as 0) and h the step (1 for a contrast); `average` takes the mean of
 * r over the rows. The exact Jacobian with respect to b is
 * dr_i/db = (mu'(eta_hi,i) x_hi,i - mu'(eta_lo,i) x_lo,i) / h (averaged likewise); 'forward'
 * replaces it by forward differences in each coefficient with step max(|b_k| sqrt(eps), 1e-10), as
 * marginaleffects < 1.0 did (`numderiv = "fdforward"`). Standard errors are sqrt(J V J') with V
 * the fit's covariance; negative rounding noise below sqrt(eps) max|J V J'| is set to 0.
 */
import { DataError } from '@muster/core';
import { applyDesign, type DesignMatrix } from '@muster/formula';
import { getLink, type Link } from '../internal/link.ts';
import type { Column } from './model-data.ts';
import type { MarginsFit } from './types.ts';

/** The fit's pieces the estimands need. */
export interface Coder {
  caller: string;
  beta: number[];
  /** Columns of b that are estimated (aliased coefficients have none). */
  estimated: boolean[];
  covariance: (number | null)[][];
  link: Link;
  design: DesignMatrix;
}

/** A coded version of the rows: X (column-major) and the offset. */
export interface Coded {
  matrix: Float64Array;
  offset: Float64Array | null;
  nrow: number;
}

/** A column name as a formula variable (backticked unless it is a syntactic R name). */
function rName(name: string): string {
  return /^[A-Za-z.][A-Za-z0-9._]*$/.test(name) ? name : `\`${name.replace(/`/g, '\\`')}\``;
}

/** The covariance matrix of a fit, checked by `checkFit`. */
export function covarianceOf(fit: MarginsFit): (number | null)[][] {
  return fit.vcov;
}

/** The column of the fit's `offset` option, or null (none, or given as values). */
export function offsetColumn(fit: MarginsFit): string | null {
  return typeof fit.offset === 'string' && fit.offset !== 'values' ? fit.offset : null;
}

export function makeCoder(caller: string, fit: MarginsFit): Coder {
  const terms = fit.coefficients.map((c) => c.term);
  const offset = offsetColumn(fit);
  const spec =
    offset === null
      ? fit.design
      : { ...fit.design, offsets: [...fit.design.offsets, rName(offset)] };
  return {
    caller,
    beta: fit.coefficients.map((c) => c.estimate ?? 0),
    estimated: fit.coefficients.map((c) => c.estimate !== null),
    covariance: covarianceOf(fit),
    link: getLink(fit.link),
    design: { spec, columns: terms } as unknown as DesignMatrix,
  };
}

/**
 * Code a version of the rows; every row must survive (a transformation that is not finite at a
 * shifted value, such as log of a negative number, is an error naming the variable).
 */
export function code(coder: Coder, columns: Record<string, Column>, variable: string): Coded {
  const n = Object.values(columns)[0]?.length ?? 0;
  const coded = applyDesign(coder.design, columns);
  if (coded.nrow !== n) {
    let row = 0;
    while (row < coded.nrow && coded.rows[row] === row) row++;
    throw new DataError(
      `${coder.caller} requires every term to be finite when '${variable}' is varied; it is not on model row ${row + 1}`,
      { column: variable, row: row + 1 },
    );
  }
  return coded;
}

function linearPredictor(coded: Coded, beta: readonly number[]): Float64Array {
  const n = coded.nrow;
  const eta = coded.offset === null ? new Float64Array(n) : Float64Array.from(coded.offset);
  for (let j = 0; j < beta.length; j++) {
    const b = beta[j];
    if (b === 0) continue;
    const column = j * n;
    for (let i = 0; i < n; i++) eta[i] += b * coded.matrix[column + i];
  }
  return eta;
}

/** Estimates and Jacobian rows (one per row, or one for the average). */
export interface EstimandValues {
  estimates: number[];
  jacobian: number[][];
}

function differences(
  link: Link,
  hi: Coded,
  lo: Coded,
  beta: readonly number[],
  step: number,
  average: boolean,
): number[] {
  const etaHi = linearPredictor(hi, beta);
  const etaLo = linearPredictor(lo, beta);
  const r = Array.from(etaHi, (e, i) => (link.linkinv(e) - link.linkinv(etaLo[i])) / step);
  return average ? [mean(r)] : r;
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function exactJacobian(
  coder: Coder,
  hi: Coded,
  lo: Coded,
  step: number,
  average: boolean,
): number[][] {
  const n = hi.nrow;
  const p = coder.beta.length;
  const etaHi = linearPredictor(hi, coder.beta);
  const etaLo = linearPredictor(lo, coder.beta);
  const dHi = Array.from(etaHi, (e) => coder.link.muEta(e));
  const dLo = Array.from(etaLo, (e) => coder.link.muEta(e));
  const rowOf = (i: number, j: number): number =>
    (dHi[i] * hi.matrix[j * n + i] - dLo[i] * lo.matrix[j * n + i]) / step;
  if (!average) {
    return Array.from({ length: n }, (_, i) => Array.from({ length: p }, (_, j) => rowOf(i, j)));
  }
  const out = new Array<number>(p).fill(0);
  for (let j = 0; j < p; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += rowOf(i, j);
    out[j] = sum / n;
  }
  return [out];
}

function forwardJacobian(
  coder: Coder,
  hi: Coded,
  lo: Coded,
  step: number,
  average: boolean,
): number[][] {
  const base = differences(coder.link, hi, lo, coder.beta, step, average);
  const columns = coder.beta.map((b, k) => {
    const h = Math.max(Math.abs(b) * Math.sqrt(2.220446049250313e-16), 1e-10);
    const shifted = coder.beta.slice();
    shifted[k] = b + h;
    const moved = differences(coder.link, hi, lo, shifted, step, average);
    return moved.map((m, i) => (m - base[i]) / h);
  });
  return base.map((_, i) => columns.map((column) => column[i]));
}

/** Evaluate one estimand: its estimates and the Jacobian of each with respect to b. */
export function evaluate(
  coder: Coder,
  hi: Coded,
  lo: Coded,
  step: number,
  average: boolean,
  jacobian: 'exact' | 'forward',
): EstimandValues {
  return {
    estimates: differences(coder.link, hi, lo, coder.beta, step, average),
    jacobian:
      jacobian === 'exact'
        ? exactJacobian(coder, hi, lo, step, average)
        : forwardJacobian(coder, hi, lo, step, average),
  };
}

/** sqrt(J V J') for each Jacobian row, over the estimated coefficients. */
export function deltaStandardErrors(coder: Coder, jacobian: readonly number[][]): number[] {
  const p = coder.beta.length;
  const variances = jacobian.map((g) => {
    let v = 0;
    for (let a = 0; a < p; a++) {
      if (!coder.estimated[a] || g[a] === 0) continue;
      for (let b = 0; b < p; b++) {
        const c = coder.covariance[a]?.[b];
        if (coder.estimated[b] && c !== null && c !== undefined) v += g[a] * c * g[b];
      }
    }
    return v;
  });
  const scale = Math.max(1, ...variances.map((v) => (Number.isFinite(v) ? Math.abs(v) : 0)));
  const tolerance = Math.sqrt(2.220446049250313e-16) * scale;
  return variances.map((v) => Math.sqrt(v < 0 && v > -tolerance ? 0 : v));
}

/** The linear predictor of coded rows and its standard error sqrt(x' V x). */
export function linkPredictions(coder: Coder, coded: Coded): { eta: number[]; stdError: number[] } {
  const n = coded.nrow;
  const p = coder.beta.length;
  const eta = Array.from(linearPredictor(coded, coder.beta));
  const rows = Array.from({ length: n }, (_, i) =>
    Array.from({ length: p }, (_, j) => (coder.estimated[j] ? coded.matrix[j * n + i] : 0)),
  );
  return { eta, stdError: deltaStandardErrors(coder, rows) };
}
