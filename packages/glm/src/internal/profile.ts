/**
 * Exact profile-likelihood confidence limits for GLM coefficients.
 *
 * For coefficient j the profile deviance D_j(b) is the minimum deviance with beta_j fixed at b:
 * a refit without column j and with b x_j added to the offset. The signed root
 *   tau(b) = sign(b - bhat) sqrt((D_j(b) - D) / phi)
 * (phi = 1 for binomial and poisson, the estimated dispersion otherwise, as R's profile.glm) is
 * increasing in b; the limits are the roots of tau(b) = -/+ z with z^2 = qchisq(confLevel, 1), i.e.
 * 2 (logLik_max - logLik_profile) = qchisq(confLevel, 1) for binomial and poisson. Each root is
 * bracketed by stepping out from bhat +/- z se and then found by Brent's method to a tolerance
 * of 1e-12 (|bhat| + se); every refit is warm-started from the nearest evaluated point and
 * iterated to a relative deviance change below 1e-12 (the reference values demand that
 * precision). A refit whose deviance cycles within 1e-9 relative (IRLS alternating between two
 * deviances a few 1e-9 apart on strong effects) is accepted at that precision rather than
 * counted as a failure, and D is the full model refitted to the same precision, so that a finite
 * limit is not reported as infinite. Columns with infinite estimates under separation are
 * skipped; the other coefficients still get their limits (as MASS's profile does).
 * MASS/R's `confint` interpolates a spline through a coarse profile instead; the exact roots
 * differ from it in the third or fourth digit.
 *
 * Contract: inputs as ./irls.ts; `coefficients` are the full-model estimates (NaN where
 * aliased), `deviance` its deviance, `se` the classical standard errors. A limit is null when it
 * cannot be bracketed (a profile that levels off: infinite limit, e.g. under separation) or a
 * refit fails.
 */
import { qchisq } from '@muster/core';
import { brentRoot } from './brent.ts';
import { type IrlsData, type IrlsInput, type IrlsOutput, irlsStatus } from './irls.ts';
import { selectColumns } from './matrix.ts';

/** The model's data, as IRLS takes them, plus the fit to profile. */
export interface ProfileInput extends IrlsData {
  coefficients: Float64Array;
  /** fitted means of the full model (the first warm start) */
  fitted: Float64Array;
  aliased: boolean[];
  deviance: number;
  dispersion: number;
  se: number[];
  confLevel: number;
  caller: string;
  /** Columns not to profile (infinite estimates under separation). */
  skip?: ReadonlySet<number>;
}

export interface ProfileOutput {
  lower: (number | null)[];
  upper: (number | null)[];
}

const ROOT_TOL = 1e-12;
const FIT_EPSILON = 1e-12;
const FIT_MAXIT = 100;
/** A non-converged refit whose last deviances lie within this relative span is accepted. */
const CYCLE_TOL = 1e-9;
const CYCLE_WINDOW = 6;
const MAX_EXPANSIONS = 60;
/** A limit farther than this many standard errors counts as infinite. */
const MAX_DISTANCE = 1e4;

/**
 * One refit to the profile's precision: the converged fit, or a non-converged one whose deviance
 * only cycles within CYCLE_TOL over its last iterations; null when IRLS fails or wanders.
 */
export function precise(
  input: Omit<IrlsInput, 'tolerance' | 'maxIter' | 'trace'>,
): IrlsOutput | null {
  const deviances: number[] = [];
  const result = irlsStatus({
    ...input,
    tolerance: FIT_EPSILON,
    maxIter: FIT_MAXIT,
    trace: (_iteration, deviance) => deviances.push(deviance),
  });
  if (result.status === 'failed') return null;
  const fit = result.fit;
  if (fit.converged) return fit;
  if (!Number.isFinite(fit.deviance) || deviances.length < CYCLE_WINDOW) return null;
  const last = deviances.slice(-CYCLE_WINDOW);
  const low = Math.min(...last);
  const high = Math.max(...last);
  return (high - low) / (Math.abs(low) + 0.1) < CYCLE_TOL ? fit : null;
}

export function profileIntervals(input: ProfileInput): ProfileOutput {
  const { x, nrow: n, ncol: p, y, weights, offset, trials, family, coefficients, aliased } = input;
  const z = Math.sqrt(qchisq(input.confLevel, 1));
  const lower: (number | null)[] = new Array(p).fill(null);
  const upper: (number | null)[] = new Array(p).fill(null);
  const active: number[] = [];
  for (let j = 0; j < p; j++) if (!aliased[j]) active.push(j);
  const work = new Float64Array(n);
  const mu = new Float64Array(n);
  const muEta = new Float64Array(n);
  const common = { nrow: n, y, weights, trials, family, caller: input.caller };

  // D at the profile's precision (the fit itself stopped at glm.control's 1e-8).
  const full = precise({
    ...common,
    x: selectColumns(x, n, active),
    ncol: active.length,
    offset,
    mustart: input.fitted,
  });
  const deviance = Math.min(input.deviance, full?.deviance ?? input.deviance);

  for (const j of active) {
    const bhat = coefficients[j];
    const se = input.se[j];
    if (input.skip?.has(j)) continue;
    if (!Number.isFinite(bhat) || !(se > 0) || !Number.isFinite(se)) continue;
    const keep = active.filter((k) => k !== j);
    const xr = selectColumns(x, n, keep);
    const xj = x.subarray(j * n, (j + 1) * n);
    // Warm starts, as R's profile.glm: the fitted means of the nearest evaluated point (a
    // first step from valid means is a full weighted least-squares solve, robust to the shift
    // of the offset), falling back to the family's starting values.
    const startBeta = Float64Array.from(keep, (k) => coefficients[k]);
    const evaluated: { b: number; mu: Float64Array; beta: Float64Array }[] = [];
    const refit = (
      offsetB: Float64Array,
      mustart: Float64Array | null,
      start: Float64Array | null = null,
    ) => precise({ ...common, x: xr, ncol: keep.length, offset: offsetB, mustart, start });

    const tau = (b: number): number => {
      for (let i = 0; i < n; i++) work[i] = (offset === null ? 0 : offset[i]) + b * xj[i];
      let dev: number;
      if (keep.length === 0) {
        family.link.evaluate(work, mu, muEta, n);
        if (!(family.validmu(mu, n) && family.link.valideta(work, n))) return Number.NaN;
        dev = family.deviance(y, mu, weights, n);
      } else {
        const offsetB = Float64Array.from(work);
        let nearest: (typeof evaluated)[number] | null = null;
        for (const e of evaluated)
          if (nearest === null || Math.abs(e.b - b) < Math.abs(nearest.b - b)) nearest = e;
        // 1. means of the nearest point; 2. its coefficients (glm.fit can then halve steps back
        // towards them when the new offset takes eta out of range); 3. the family's start.
        let fit = refit(offsetB, nearest?.mu ?? input.fitted);
        if (fit === null) fit = refit(offsetB, null, nearest?.beta ?? startBeta);
        if (fit === null) fit = refit(offsetB, null);
        if (fit === null) return Number.NaN;
        evaluated.push({
          b,
          mu: fit.mu,
          beta: Float64Array.from(fit.coefficients, (v) => (Number.isNaN(v) ? 0 : v)),
        });
        dev = fit.deviance;
      }
      const d = Math.max(0, (dev - deviance) / input.dispersion);
      return Math.sign(b - bhat) * Math.sqrt(d);
    };

    for (const side of [-1, 1] as const) {
      const root = profileRoot((b) => side * tau(b) - z, bhat, side * se, z);
      if (root === null) continue;
      if (side < 0) lower[j] = root;
      else upper[j] = root;
    }
  }
  return { lower, upper };
}

/**
 * The root of g(b) = side tau(b) - z on one side of bhat (g is -z at bhat and increases away
 * from it): bracketed by stepping out from bhat + z step on the profile itself, retreating
 * towards the last good point where a refit fails; null when the profile levels off (infinite).
 */
function profileRoot(
  g: (b: number) => number,
  bhat: number,
  step: number,
  z: number,
): number | null {
  const se = Math.abs(step);
  let inner = bhat;
  let gInner = -z;
  let outer = bhat + z * step;
  let gOuter = g(outer);
  let expansions = 0;
  let retreats = 0;
  while (!(gOuter >= 0) && expansions < MAX_EXPANSIONS) {
    if (Math.abs(outer - bhat) > MAX_DISTANCE * se) break;
    if (Number.isNaN(gOuter)) {
      // The refit failed (eta or mu out of range): step back towards the last good point.
      if (++retreats > 30) break;
      outer = 0.5 * (inner + outer);
      gOuter = g(outer);
      continue;
    }
    inner = outer;
    gInner = gOuter;
    // Extrapolate tau linearly to z, at least 1.5 and at most 8 times further out.
    const t = gOuter + z;
    const ratio = t > 0 ? Math.min(8, Math.max(1.5, (1.1 * z) / t)) : 8;
    outer = bhat + (outer - bhat) * ratio;
    gOuter = g(outer);
    expansions++;
  }
  if (!(gOuter >= 0)) return null;
  const tol = ROOT_TOL * (Math.abs(bhat) + se);
  const root = brentRoot(g, inner, outer, gInner, gOuter, tol);
  return root.converged && Number.isFinite(root.root) ? root.root : null;
}
