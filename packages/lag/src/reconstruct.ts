import {
  createRandom,
  InvalidArgumentError,
  type MusterWarning,
  pnorm,
  warning,
} from '@muster/core';
import {
  type LikelihoodTerm,
  likelihoodTerms,
  type OverlapBlock,
  placeFigures,
} from './internal/figures.ts';
import {
  fitPenalised,
  logMarginal,
  type PenalisedFit,
  penaltyMatrix,
  setBlockPrecision,
} from './internal/penalised-fit.ts';
import { periodLabel, toPeriod } from './internal/periods.ts';
import { quantileSorted } from './internal/quantile.ts';
import { checkNumber, toPmf } from './internal/validate.ts';
import type { DelayInput } from './types.ts';

/**
 * A published figure: a count over a window [start, end] (inclusive dates, `YYYY-MM-DD`, or
 * `YYYY-MM` for a whole month), qualified as exact, approximate ("about 2,300") or a lower bound
 * ("more than 3,000"). `per` marks a rate ("500 a month" over the window); default a total.
 */
export interface Figure {
  id?: string;
  start: string;
  end: string;
  value: number;
  qualifier: 'exact' | 'approximate' | 'lower_bound';
  per?: 'total' | 'month' | 'week' | 'day';
}

/** Options of {@link reconstruct}. */
export interface ReconstructOptions {
  /** First month of the series (`YYYY-MM`). Default: the month of the earliest figure start. */
  from?: string;
  /** Last month (`YYYY-MM`). Default: the month of the latest figure end. */
  to?: string;
  /** Relative standard deviation of approximate figures (0.1: "about 2,300" is 2,300 +- 10%). Default 0.1. */
  approximateSd?: number;
  /** Order of the random-walk roughness penalty on the log series: 1 or 2. Default 2. */
  order?: 1 | 2;
  /** Fixed roughness precision tau; default: chosen by maximising the Laplace marginal likelihood. */
  smoothing?: number;
  /** Interval level. Default 0.9. */
  level?: number;
  /** Posterior draws for window totals (and, with a delay, the monthly series). Default 1000. */
  draws?: number;
  /** Seed of the draws. Default 1. */
  seed?: number;
  /**
   * Delay offence -> counted event (court case received, sentence). When given, the model is
   * put on the offences: the smooth series is the monthly offences and the counted series is its
   * convolution with the delay (back-projection by penalised likelihood); offences in the
   * maxDelay months before `from` are taken equal to those of `from`.
   */
  delay?: DelayInput;
}

/** A figure as used, with the fitted total over its window and its interval. */
export interface ReconstructedFigure {
  id: string;
  qualifier: 'exact' | 'approximate' | 'lower_bound';
  start: string;
  end: string;
  value: number;
  /** The figure as a total over the window (rates multiplied out). */
  total: number;
  /** Fitted expected total over the window. */
  fitted: number;
  lower: number;
  upper: number;
}

/** Result of {@link reconstruct}. */
export interface ReconstructResult {
  method: string;
  level: number;
  /** Month labels `YYYY-MM` of the counted series. */
  months: string[];
  /** Expected count per month of the series the figures count (posterior mode). */
  estimate: number[];
  lower: number[];
  upper: number[];
  /** How the monthly intervals were computed. */
  intervalMethod: string;
  smoothing: {
    order: number;
    tau: number;
    selection: string;
    logMarginal: number;
    scale: 'counted series' | 'offences';
  };
  logLik: number;
  converged: boolean;
  iterations: number;
  figures: ReconstructedFigure[];
  /** The offence series, when a delay was given. */
  offences?: {
    method: string;
    /** Month labels (those of the counted series). */
    months: string[];
    lambda: number[];
    lower: number[];
    upper: number[];
    maxDelay: number;
  };
  draws: number;
  seed: number;
  warnings: MusterWarning[];
}

/**
 * Monthly series from published aggregates over irregular windows (a year, a half-year, a month,
 * "over 500 a month from July", "more than 3,000 since September"), optionally back-projected to
 * offences. Each figure is the count over its window; a month partly inside a window contributes
 * the share of its days inside. Likelihood: exact figures Poisson (nested exact figures first
 * split into independent remainders; exact figures that overlap without nesting share the
 * Poisson counts of their common days, through a normal approximation with that covariance),
 * approximate figures normal with variance y + (approximateSd y)^2, lower bounds censored
 * Poisson, log P(N >= y). Prior: a Gaussian random walk of order 1 or 2 on the log monthly
 * series (a roughness penalty), its precision chosen by the Laplace approximation to the
 * marginal likelihood. The posterior mode is found by Newton's method; intervals come from the
 * Laplace (normal) approximation on the log scale.
 *
 * With a `delay`, the smooth series is the offences, lambda, and the counted series is
 * mu_t = sum_d lambda_{t-d} f_d: reconstruction and back-projection in one penalised
 * likelihood, the maximum penalised likelihood problem that Becker's EMS approximates
 * (Silverman et al. 1990). The first counted months stem partly from offences before `from`:
 * those are taken equal to the offences of the first month (a series that was level before the
 * figures begin). Intervals for lambda are Laplace intervals;
 * those for the counted series and the figures are quantiles over posterior draws.
 *
 * The published Russian figures count court cases received and sentences, not offences: without
 * a delay the reconstruction is of that series.
 *
 * References: Wahba G (1983) Bayesian "confidence intervals" for the cross-validated smoothing
 * spline. JRSS B 45:133-150. Rue H, Held L (2005) Gaussian Markov Random Fields, ch. 3.
 * Silverman BW, Jones MC, Wilson JD, Nychka DW (1990) A smoothed EM approach to indirect
 * estimation problems. JRSS B 52:271-324. Becker NG, Watson LF, Carlin JB (1991).
 *
 * @param figures - the published figures (window, value, qualifier, optional id and rate)
 * @param options - from, to, approximateSd (0.1), order (2), smoothing, level (0.9), draws
 *   (1000), seed (1), delay
 * @returns monthly estimates with intervals, fitted figures, and offences when a delay is given
 * @throws DataError naming the figure: a window that ends before it starts or lies outside the
 *   grid, a negative value, an unknown qualifier, contradicting figures (an exact total below a
 *   lower bound or an exact figure inside its window)
 * @throws InvalidArgumentError for a delay pmf that does not sum to 1 or bad options
 * @example
 * ```ts
 * const r = reconstruct([
 *   { id: 'RU01', start: '2021-01-01', end: '2021-12-31', value: 615, qualifier: 'exact' },
 *   { id: 'RU02', start: '2022-01-01', end: '2022-12-31', value: 1001, qualifier: 'exact' },
 * ]);
 * r.months.length; // => 24
 * ```
 */
export function reconstruct(
  figures: readonly Figure[],
  options: ReconstructOptions = {},
): ReconstructResult {
  const fn = 'reconstruct';
  const level = checkNumber(options.level ?? 0.9, fn, 'level', { strictMin: 0, strictMax: 1 });
  const approximateSd = checkNumber(options.approximateSd ?? 0.1, fn, 'approximateSd', { min: 0 });
  const order = options.order ?? 2;
  if (order !== 1 && order !== 2)
    throw new InvalidArgumentError(
      'order',
      `${fn} requires order 1 or 2; received ${String(order)}`,
    );
  const draws = checkNumber(options.draws ?? 1000, fn, 'draws', { min: 0, integer: true });
  const seed = checkNumber(options.seed ?? 1, fn, 'seed', { integer: true });
  const pmf = options.delay === undefined ? null : toPmf(options.delay, fn);
  const from = options.from === undefined ? null : toPeriod(options.from, 'month', fn, 'from');
  const to = options.to === undefined ? null : toPeriod(options.to, 'month', fn, 'to');
  const { placed, firstMonth, lastMonth } = placeFigures(figures, from, to, fn);
  const { terms, blocks, warnings } = likelihoodTerms(placed, approximateSd, firstMonth, fn);
  const m = lastMonth - firstMonth + 1;
  const months = Array.from({ length: m }, (_, i) => periodLabel(firstMonth + i, 'month'));
  // parameters: log of the smooth series, one per month of the grid. With a delay, the offences
  // of the maxDelay months before the grid (whose court dates fall in its first months) are taken
  // equal to those of the first month.
  const lag = pmf === null ? 0 : pmf.length - 1;
  const n = m;
  if (n < order + 1) {
    throw new InvalidArgumentError(
      'to',
      `${fn} requires at least ${order + 1} months for a penalty of order ${order}; received ${n}`,
    );
  }
  // counted weights w -> parameter weights v = P' w, with mu_c = sum_d f_d lambda_max(c - d, 0)
  const toParameters = (w: Float64Array): Float64Array => {
    if (pmf === null) return w;
    const v = new Float64Array(n);
    for (let c = 0; c < m; c++) {
      if (w[c] === 0) continue;
      for (let d = 0; d <= lag; d++) v[Math.max(c - d, 0)] += w[c] * pmf[d];
    }
    return v;
  };
  const counted = (lambda: ArrayLike<number>): Float64Array => {
    if (pmf === null) return Float64Array.from(lambda);
    const x = new Float64Array(m);
    for (let c = 0; c < m; c++) {
      let sum = 0;
      for (let d = 0; d <= lag; d++) sum += pmf[d] * lambda[Math.max(c - d, 0)];
      x[c] = sum;
    }
    return x;
  };
  const modelTerms = terms.map((t) => ({ ...t, weights: toParameters(t.weights) }));
  const modelBlocks = blocks.map((b) => ({
    ...b,
    rows: mapRows(b.rows, b.values.length, m, toParameters),
    atomWeights: mapRows(b.atomWeights, b.atoms, m, toParameters),
  }));

  // start and ridge centre: the overall monthly level of the counted figures
  let total = 0;
  let span = 0;
  for (const term of terms) {
    if (term.kind === 'censored') continue;
    total += term.value;
    for (const w of term.weights) span += w;
  }
  for (const block of blocks) {
    for (const v of block.values) total += v;
    for (const w of block.rows) span += w;
  }
  if (span === 0) {
    for (const term of terms) {
      total += term.value;
      for (const w of term.weights) span += w;
    }
  }
  const centre = Math.log(Math.max(total / Math.max(span, 1e-9), 0.5));
  const penalty = penaltyMatrix(n, order);
  const start = new Float64Array(n).fill(centre);
  const fixedTau =
    options.smoothing === undefined
      ? undefined
      : checkNumber(options.smoothing, fn, 'smoothing', { strictMin: 0 });
  let firstTau: number | undefined;
  if (modelBlocks.length > 0) {
    // first pass: overlapping exact figures as independent Poisson counts, to set their covariance
    const provisional = modelBlocks.flatMap((block) =>
      block.ids.map(
        (id, i): LikelihoodTerm => ({
          kind: 'poisson',
          ids: [id],
          value: block.values[i],
          weights: block.rows.slice(i * n, (i + 1) * n),
          variance: 0,
        }),
      ),
    );
    const first = selectAndFit(
      [...modelTerms, ...provisional],
      [],
      start,
      penalty,
      order,
      centre,
      fixedTau,
      undefined,
      0,
      2,
    );
    setBlockPrecision(modelBlocks, Array.from(first.fit.theta, Math.exp));
    start.set(first.fit.theta);
    firstTau = first.tau;
  }
  const { fit, tau, selection } = selectAndFit(
    modelTerms,
    modelBlocks,
    start,
    penalty,
    order,
    centre,
    fixedTau,
    firstTau,
  );
  if (selection !== 'fixed' && tau >= 1e8 * (1 - 1e-9)) {
    warnings.push(
      warning(
        'smoothing-at-bound',
        `${fn}: the marginal likelihood prefers the smoothest series allowed (tau = 1e8): the figures carry little information on the monthly shape`,
      ),
    );
  }
  if (!fit.converged) {
    warnings.push(
      warning(
        'not-converged',
        `${fn}: Newton's method did not converge in ${fit.iterations} iterations`,
      ),
    );
  }
  const tail = (1 - level) / 2;
  const smooth = Array.from(fit.theta, Math.exp);
  // intervals integrate over the smoothing parameter: a mixture of the Laplace approximations at
  // log10 tau-hat + j / 3, j = -4..4, weighted by their marginal likelihoods (flat prior on log tau)
  const components =
    selection === 'fixed'
      ? [{ fit, weight: 1, variance: inverseDiagonal(fit.factor, n) }]
      : tauMixture(modelTerms, modelBlocks, fit, tau, penalty, order, centre);
  const smoothLower: number[] = [];
  const smoothUpper: number[] = [];
  for (let i = 0; i < n; i++) {
    smoothLower.push(Math.exp(mixtureQuantile(components, i, tail)));
    smoothUpper.push(Math.exp(mixtureQuantile(components, i, 1 - tail)));
  }

  // posterior draws: a component by its weight, then theta = theta-hat + L^-T e, e ~ N(0, I)
  const random = createRandom(seed);
  const samples: Float64Array[] = [];
  for (let s = 0; s < draws; s++) {
    let u = random.uniform();
    let component = components[components.length - 1];
    for (const c of components) {
      if (u < c.weight) {
        component = c;
        break;
      }
      u -= c.weight;
    }
    const e = new Float64Array(n);
    for (let i = 0; i < n; i++) e[i] = random.normal();
    const shift = backSubstitute(component.fit.factor, n, e);
    samples.push(counted(Float64Array.from(component.fit.theta, (t, i) => Math.exp(t + shift[i]))));
  }
  const estimate = Array.from(counted(smooth));
  let lower: number[];
  let upper: number[];
  let intervalMethod: string;
  if (pmf === null) {
    lower = smoothLower;
    upper = smoothUpper;
    intervalMethod =
      selection === 'fixed'
        ? 'Laplace approximation on the log scale'
        : 'Laplace approximations on the log scale, mixed over the smoothing parameter';
  } else {
    lower = [];
    upper = [];
    const column = new Float64Array(draws);
    for (let c = 0; c < m; c++) {
      for (let s = 0; s < draws; s++) column[s] = samples[s][c];
      column.sort();
      lower.push(draws > 0 ? quantileSorted(column, tail) : Number.NaN);
      upper.push(draws > 0 ? quantileSorted(column, 1 - tail) : Number.NaN);
    }
    intervalMethod = `quantiles of ${draws} draws from the Laplace approximations${selection === 'fixed' ? '' : ' mixed over the smoothing parameter'}`;
  }
  const fittedFigures: ReconstructedFigure[] = placed.map((f) => {
    const windowTotal = (x: ArrayLike<number>) => {
      let sum = 0;
      for (let i = 0; i < m; i++) sum += f.weights[i] * x[i];
      return sum;
    };
    const sorted = Float64Array.from(samples, windowTotal).sort();
    const source = figures[f.index];
    return {
      id: f.id,
      qualifier: f.qualifier,
      start: source.start,
      end: source.end,
      value: source.value,
      total: f.total,
      fitted: windowTotal(estimate),
      lower: draws > 0 ? quantileSorted(sorted, tail) : Number.NaN,
      upper: draws > 0 ? quantileSorted(sorted, 1 - tail) : Number.NaN,
    };
  });

  const result: ReconstructResult = {
    method:
      pmf === null
        ? `penalised Poisson likelihood over figure windows, random walk of order ${order} on the log monthly series`
        : `penalised Poisson likelihood over figure windows, random walk of order ${order} on the log monthly offences, counted series = offences convolved with the delay`,
    level,
    months,
    estimate,
    lower,
    upper,
    intervalMethod,
    smoothing: {
      order,
      tau,
      selection,
      logMarginal: logMarginal(fit, n, order, tau),
      scale: pmf === null ? 'counted series' : 'offences',
    },
    logLik: fit.logLik,
    converged: fit.converged,
    iterations: fit.iterations,
    figures: fittedFigures,
    draws,
    seed,
    warnings,
  };
  if (pmf !== null) {
    result.offences = {
      method: 'back-projection by penalised likelihood (Laplace intervals)',
      months,
      lambda: smooth,
      lower: smoothLower,
      upper: smoothUpper,
      maxDelay: lag,
    };
  }
  return result;
}

/** Apply a map to each row of a rows x m row-major matrix, giving rows x n. */
function mapRows(
  matrix: Float64Array,
  rows: number,
  m: number,
  map: (w: Float64Array) => Float64Array,
): Float64Array {
  const mapped: Float64Array[] = [];
  for (let r = 0; r < rows; r++) mapped.push(map(matrix.slice(r * m, (r + 1) * m)));
  const width = mapped[0]?.length ?? m;
  const out = new Float64Array(rows * width);
  mapped.forEach((row, r) => {
    out.set(row, r * width);
  });
  return out;
}

/**
 * Fit at a fixed tau, or choose tau by the Laplace marginal likelihood: a grid over
 * log10 tau = 8, 8 - gridStep, ..., -2 (warm starts from the smooth end), then `golden` golden-section
 * steps (8: to about 0.1 in log10 tau) between the neighbours of the best grid point. With
 * `near`, only the golden-section search, within a decade of near.
 */
function selectAndFit(
  terms: readonly LikelihoodTerm[],
  blocks: readonly OverlapBlock[],
  start: Float64Array,
  penalty: Float64Array,
  order: number,
  centre: number,
  fixedTau: number | undefined,
  near?: number,
  golden = 8,
  gridStep = 1,
): { fit: PenalisedFit; tau: number; selection: string } {
  const m = start.length;
  if (fixedTau !== undefined) {
    return {
      fit: fitPenalised(terms, blocks, start, penalty, fixedTau, centre),
      tau: fixedTau,
      selection: 'fixed',
    };
  }
  let theta: Float64Array = Float64Array.from(start);
  const score = (logTau: number): number => {
    const f = fitPenalised(terms, blocks, theta, penalty, Math.exp(logTau), centre);
    if (f.converged) theta = f.theta;
    return logMarginal(f, m, order, Math.exp(logTau));
  };
  const lowest = -2 * Math.LN10;
  const highest = 8 * Math.LN10;
  let bestLog: number;
  let bestValue = Number.NEGATIVE_INFINITY;
  if (near === undefined) {
    bestLog = highest;
    for (let e = 8; e >= -2; e -= gridStep) {
      const value = score(e * Math.LN10);
      if (value > bestValue) {
        bestValue = value;
        bestLog = e * Math.LN10;
      }
    }
  } else {
    bestLog = Math.log(near);
  }
  let a = Math.max(bestLog - Math.LN10, lowest);
  let b = Math.min(bestLog + Math.LN10, highest);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = score(c);
  let fd = score(d);
  for (let i = 0; i < golden; i++) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = score(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = score(d);
    }
  }
  const logTau = Math.max(fc, fd) >= bestValue ? (fc > fd ? c : d) : bestLog;
  const tau = Math.exp(logTau);
  return {
    fit: fitPenalised(terms, blocks, theta, penalty, tau, centre),
    tau,
    selection: 'Laplace marginal likelihood',
  };
}

interface MixtureComponent {
  fit: PenalisedFit;
  weight: number;
  variance: Float64Array;
}

/**
 * Laplace approximations at log10 tau = log10 tau-hat + j / 3, j = -4..4, with weights
 * proportional to exp(log marginal likelihood) (a flat prior on log tau, the grid integration
 * of INLA, Rue, Martino & Chopin 2009); components below 1e-4 of the total weight are dropped.
 */
function tauMixture(
  terms: readonly LikelihoodTerm[],
  blocks: readonly OverlapBlock[],
  best: PenalisedFit,
  tau: number,
  penalty: Float64Array,
  order: number,
  centre: number,
): MixtureComponent[] {
  const m = best.theta.length;
  const fits: { fit: PenalisedFit; value: number }[] = [];
  for (let j = -4; j <= 4; j++) {
    const t = tau * 10 ** (j / 3);
    const f = j === 0 ? best : fitPenalised(terms, blocks, best.theta, penalty, t, centre);
    if (!f.factor.every(Number.isFinite)) continue;
    fits.push({ fit: f, value: logMarginal(f, m, order, t) });
  }
  const top = Math.max(...fits.map((f) => f.value));
  const kept = fits
    .map((f) => ({ fit: f.fit, weight: Math.exp(f.value - top) }))
    .filter((f) => f.weight >= 1e-4);
  const total = kept.reduce((sum, f) => sum + f.weight, 0);
  return kept.map((f) => ({
    fit: f.fit,
    weight: f.weight / total,
    variance: inverseDiagonal(f.fit.factor, m),
  }));
}

/** p-quantile of theta_i under a mixture of normals, by bisection on the mixture cdf. */
function mixtureQuantile(components: readonly MixtureComponent[], i: number, p: number): number {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const c of components) {
    const sd = Math.sqrt(c.variance[i]);
    lo = Math.min(lo, c.fit.theta[i] - 10 * sd);
    hi = Math.max(hi, c.fit.theta[i] + 10 * sd);
  }
  for (
    let iteration = 0;
    iteration < 80 && hi - lo > 1e-12 * Math.max(1, Math.abs(lo));
    iteration++
  ) {
    const mid = (lo + hi) / 2;
    let cdf = 0;
    for (const c of components)
      cdf += c.weight * pnorm(mid, c.fit.theta[i], Math.sqrt(c.variance[i]));
    if (cdf < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** diag((L L')^-1) from the lower Cholesky factor: (L L')^-1 = L^-T L^-1, so entry j is the squared norm of column j of L^-1. */
function inverseDiagonal(l: Float64Array, m: number): Float64Array {
  const diagonal = new Float64Array(m);
  const column = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    // column j of L^-1: solve L v = e_j (v_i = 0 for i < j)
    column.fill(0);
    column[j] = 1 / l[j * m + j];
    let sum = column[j] * column[j];
    for (let i = j + 1; i < m; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l[k * m + i] * column[k];
      column[i] = s / l[i * m + i];
      sum += column[i] * column[i];
    }
    diagonal[j] = sum;
  }
  return diagonal;
}

/** Solve L' u = e. */
function backSubstitute(l: Float64Array, m: number, e: Float64Array): Float64Array {
  const u = Float64Array.from(e);
  for (let i = m - 1; i >= 0; i--) {
    let s = u[i];
    for (let j = i + 1; j < m; j++) s -= l[i * m + j] * u[j];
    u[i] = s / l[i * m + i];
  }
  return u;
}
