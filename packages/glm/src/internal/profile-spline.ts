/**
 * Profile-likelihood intervals as R 4.2 prints them: `confint.glm` from MASS, i.e. `profile.glm`
 * followed by `confint.profile.glm` (MASS 7.3; moved to stats in R 4.4 unchanged).
 *
 * For each coefficient j and each side s = -/+1, MASS steps b_k = bhat + s k del se (k = 1, 2,
 * ..., at most 9; del = zmax / 5, zmax = sqrt(qchisq(1 - alpha, 1)) with alpha = (1 - confLevel) / 4
 * for binomial and poisson, sqrt(qf(1 - alpha, 1, n - p)) otherwise) until |z| >= zmax, where
 * z = s sqrt((D(b_k) - D) / phi) and D(b_k) comes from glm.fit on the other columns with offset
 * b_k x_j, started at the previous point's linear predictor, with the fit's own control (1e-8,
 * 25). The points (b, z), with (bhat, 0), are interpolated by R's `spline()` (Forsythe, Malcolm
 * and Moler's cubic spline at 3 m equally spaced b, m the number of points), and the limits are
 * `approx(z, b, xout = qnorm((1 -/+ confLevel) / 2))`: linear inverse interpolation on the spline
 * values sorted by z. A limit outside the profiled range is null, as R's NA.
 *
 * Contract: as ./profile.ts; `nData` is R's NROW(y) (zero-weight rows included) and `ncolAll`
 * the number of coefficients including aliased ones (MASS's n and p in the qf quantile).
 */
import { qchisq, qf, qnorm } from '@muster/core';
import { type IrlsData, irlsStatus } from './irls.ts';
import { linearPredictor, selectColumns } from './matrix.ts';

/** The model's data, as IRLS takes them, plus the fit to profile. */
export interface SplineProfileInput extends IrlsData {
  coefficients: Float64Array;
  aliased: boolean[];
  deviance: number;
  dispersion: number;
  se: number[];
  confLevel: number;
  tolerance: number;
  maxIter: number;
  caller: string;
}

export interface SplineProfileOutput {
  lower: (number | null)[];
  upper: (number | null)[];
  /** Coefficients whose profile found a lower deviance than the fit (R stops with an error). */
  betterFit: number[];
}

const MAX_STEPS = 10;

export function splineProfileIntervals(input: SplineProfileInput): SplineProfileOutput {
  const { x, nrow: n, ncol: p, family, coefficients, aliased } = input;
  const alpha = (1 - input.confLevel) / 4;
  const zmax = input.family.fixedDispersion
    ? Math.sqrt(qchisq(1 - alpha, 1))
    : Math.sqrt(qf(1 - alpha, 1, n - p));
  const del = zmax / 5;
  const cutoffs = [qnorm((1 - input.confLevel) / 2), qnorm(1 - (1 - input.confLevel) / 2)];
  const active: number[] = [];
  for (let j = 0; j < p; j++) if (!aliased[j]) active.push(j);
  const beta0 = Float64Array.from(active, (j) => coefficients[j]);
  const lp0 = new Float64Array(n);
  linearPredictor(selectColumns(x, n, active), n, active.length, beta0, input.offset, lp0);
  const out: SplineProfileOutput = {
    lower: new Array(p).fill(null),
    upper: new Array(p).fill(null),
    betterFit: [],
  };

  for (const j of active) {
    const keep = active.filter((k) => k !== j);
    const xr = selectColumns(x, n, keep);
    const xj = x.subarray(j * n, (j + 1) * n);
    const points: { b: number; z: number }[] = [{ b: coefficients[j], z: 0 }];
    let failed = false;
    for (const sign of [-1, 1]) {
      let lp = Float64Array.from(lp0);
      let z = 0;
      for (let step = 1; step < MAX_STEPS && Math.abs(z) < zmax; step++) {
        const b = coefficients[j] + sign * step * del * input.se[j];
        const offset = new Float64Array(n);
        for (let i = 0; i < n; i++) offset[i] = (input.offset?.[i] ?? 0) + b * xj[i];
        const fit = irlsStatus({
          x: xr,
          nrow: n,
          ncol: keep.length,
          y: input.y,
          weights: input.weights,
          offset,
          trials: input.trials,
          family,
          etastart: lp,
          tolerance: input.tolerance,
          maxIter: input.maxIter,
          caller: input.caller,
        });
        if (fit.status === 'failed') {
          failed = true;
          break;
        }
        const coef = Float64Array.from(fit.fit.coefficients, (v) => (Number.isNaN(v) ? 0 : v));
        lp = new Float64Array(n);
        linearPredictor(xr, n, keep.length, coef, offset, lp);
        let zz = (fit.fit.deviance - input.deviance) / input.dispersion;
        if (zz <= -1e-3) {
          out.betterFit.push(j);
          failed = true;
          break;
        }
        zz = Math.max(zz, 0);
        z = sign * Math.sqrt(zz);
        points.push({ b, z });
      }
      if (failed) break;
    }
    if (failed) continue;
    const [lower, upper] = splineLimits(points, cutoffs);
    out.lower[j] = lower;
    out.upper[j] = upper;
  }
  return out;
}

/** R's `approx(spline(b, z)$y, spline(b, z)$x, xout = cutoffs)$y` (NA -> null). */
export function splineLimits(
  points: { b: number; z: number }[],
  cutoffs: number[],
): (number | null)[] {
  const sorted = [...points].sort((a, b) => a.b - b.b);
  const bs = sorted.map((q) => q.b);
  const zs = sorted.map((q) => q.z);
  const m = 3 * bs.length;
  const grid = new Array<number>(m);
  const by = (bs[bs.length - 1] - bs[0]) / (m - 1);
  for (let i = 0; i < m; i++) grid[i] = bs[0] + i * by;
  grid[m - 1] = bs[bs.length - 1];
  const values = fmmSpline(bs, zs)(grid);
  // approx(): sort by z, average ties, interpolate linearly, NA outside the range.
  const order = grid.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ux: number[] = [];
  const uy: number[] = [];
  for (let k = 0; k < order.length; ) {
    let end = k;
    let sum = 0;
    while (end < order.length && values[order[end]] === values[order[k]]) sum += grid[order[end++]];
    ux.push(values[order[k]]);
    uy.push(sum / (end - k));
    k = end;
  }
  return cutoffs.map((v) => {
    if (!(v >= ux[0] && v <= ux[ux.length - 1])) return null;
    let lo = 0;
    let hi = ux.length - 1;
    while (hi > lo + 1) {
      const mid = (lo + hi) >> 1;
      if (v < ux[mid]) hi = mid;
      else lo = mid;
    }
    if (v === ux[hi]) return uy[hi];
    if (v === ux[lo]) return uy[lo];
    return uy[lo] + (uy[hi] - uy[lo]) * ((v - ux[lo]) / (ux[hi] - ux[lo]));
  });
}

/**
 * R's `spline(method = "fmm")` coefficients (Forsythe, Malcolm & Moler 1977: end conditions from
 * cubics through the four points at each end), evaluated as R's spline_eval. x sorted, distinct.
 */
export function fmmSpline(x: number[], y: number[]): (u: number[]) => number[] {
  const n = x.length;
  const b = new Array<number>(n).fill(0);
  const c = new Array<number>(n).fill(0);
  const d = new Array<number>(n).fill(0);
  if (n < 3) {
    const t = (y[1] - y[0]) / (x[1] - x[0]);
    b[0] = t;
    b[1] = t;
  } else {
    // Tridiagonal system: b diagonal, d off-diagonal, c right-hand side (0-based R code).
    d[0] = x[1] - x[0];
    c[1] = (y[1] - y[0]) / d[0];
    for (let i = 1; i < n - 1; i++) {
      d[i] = x[i + 1] - x[i];
      b[i] = 2 * (d[i - 1] + d[i]);
      c[i + 1] = (y[i + 1] - y[i]) / d[i];
      c[i] = c[i + 1] - c[i];
    }
    b[0] = -d[0];
    b[n - 1] = -d[n - 2];
    c[0] = 0;
    c[n - 1] = 0;
    if (n > 3) {
      c[0] = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0]);
      c[n - 1] = c[n - 2] / (x[n - 1] - x[n - 3]) - c[n - 3] / (x[n - 2] - x[n - 4]);
      c[0] = (c[0] * d[0] * d[0]) / (x[3] - x[0]);
      c[n - 1] = (-c[n - 1] * d[n - 2] * d[n - 2]) / (x[n - 1] - x[n - 4]);
    }
    for (let i = 1; i < n; i++) {
      const t = d[i - 1] / b[i - 1];
      b[i] -= t * d[i - 1];
      c[i] -= t * c[i - 1];
    }
    c[n - 1] /= b[n - 1];
    for (let i = n - 2; i >= 0; i--) c[i] = (c[i] - d[i] * c[i + 1]) / b[i];
    b[n - 1] = (y[n - 1] - y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2 * c[n - 1]);
    for (let i = 0; i < n - 1; i++) {
      b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2 * c[i]);
      d[i] = (c[i + 1] - c[i]) / d[i];
      c[i] *= 3;
    }
    c[n - 1] *= 3;
    d[n - 1] = d[n - 2];
  }
  return (u) =>
    u.map((v) => {
      let i = 0;
      let j = n;
      while (j > i + 1) {
        const k = (i + j) >> 1;
        if (v < x[k]) j = k;
        else i = k;
      }
      const dx = v - x[i];
      return y[i] + dx * (b[i] + dx * (c[i] + dx * d[i]));
    });
}
