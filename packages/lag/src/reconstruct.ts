import { createRandom, InvalidArgumentError, type MusterWarning, warning } from '@muster/core';
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
  penalisedObjective,
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
  /** Posterior draws (elliptical slice sampling) behind the intervals, at least 100. Default 2000. */
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
  /**
   * Keep the posterior draws in the result (`draws`, and `offences.draws` with a delay): one
   * array per draw, so that sums over months, rates and the pipeline come from the same joint
   * posterior. Default false (2000 draws x 41 months is 82,000 numbers).
   */
  keepDraws?: boolean;
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
  /**
   * Posterior draws of the expected counted series (one array of `months.length` per draw), when
   * `keepDraws` was set; in random order, so any prefix is a sample.
   */
  draws?: number[][];
  /** The offence series, when a delay was given. */
  offences?: {
    method: string;
    /** Month labels (those of the counted series). */
    months: string[];
    lambda: number[];
    lower: number[];
    upper: number[];
    maxDelay: number;
    /** Posterior draws of the offence series (one array per draw), when `keepDraws` was set. */
    draws?: number[][];
  };
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
 * marginal likelihood. The posterior mode is found by Newton's method (`estimate`). Intervals are
 * pointwise quantiles of posterior draws: elliptical slice sampling (Murray, Adams & MacKay
 * 2010) around the Laplace approximation, mixed over the smoothing parameter (a flat prior on
 * log tau) so that its uncertainty is carried too. In months the figures barely identify (inside
 * a yearly total, say) the draws mix slowly: raise `draws` for stable bounds there.
 *
 * With a `delay`, the smooth series is the offences, lambda, and the counted series is
 * mu_t = sum_d lambda_{t-d} f_d: reconstruction and back-projection in one penalised
 * likelihood, the maximum penalised likelihood problem that Becker's EMS approximates
 * (Silverman et al. 1990). The first counted months stem partly from offences before `from`:
 * those are taken equal to the offences of the first month (a series that was level before the
 * figures begin). The same draws give intervals for lambda, the counted series and every figure's
 * window total.
 *
 * The published Russian figures count court cases received and sentences, not offences: without
 * a delay the reconstruction is of that series.
 *
 * References: Wahba G (1983) Bayesian "confidence intervals" for the cross-validated smoothing
 * spline. JRSS B 45:133-150. Rue H, Held L (2005) Gaussian Markov Random Fields, ch. 3.
 * Murray I, Adams RP, MacKay DJC (2010) Elliptical slice sampling. AISTATS.
 * Silverman BW, Jones MC, Wilson JD, Nychka DW (1990) A smoothed EM approach to indirect
 * estimation problems. JRSS B 52:271-324. Becker NG, Watson LF, Carlin JB (1991).
 *
 * @param figures - the published figures (window, value, qualifier, optional id and rate)
 * @param options - from, to, approximateSd (0.1), order (2), smoothing, level (0.9), draws
 *   (2000), seed (1), delay
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
  const draws = checkNumber(options.draws ?? 2000, fn, 'draws', { min: 100, integer: true });
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
      ? [{ fit, weight: 1, tau }]
      : tauMixture(modelTerms, modelBlocks, fit, tau, penalty, order, centre);
  // posterior draws by elliptical slice sampling (Murray, Adams & MacKay 2010) around each
  // Laplace approximation: theta = theta-hat + f with f ~ N(0, H^-1) as the reference and
  // exp(Q(theta) + f'Hf / 2) as the factor it is corrected by; draws are shared among the
  // smoothing-parameter components by their weights. Where the likelihood is far from quadratic
  // in log x (a month of a yearly total cannot exceed the total), the draws follow the posterior,
  // not the Gaussian approximation.
  const random = createRandom(seed);
  const scratch = new Float64Array(n);
  const xDraws = new Float64Array(draws * n);
  const burnIn = 100;
  let filled = 0;
  components.forEach((component, j) => {
    const share =
      j === components.length - 1
        ? draws - filled
        : Math.min(draws - filled, Math.round(component.weight * draws));
    if (share <= 0) return;
    const { fit: mode, tau: componentTau } = component;
    const l = mode.factor;
    // f (offset from the mode) and z = L' f, its whitened form: f'Hf = |z|^2
    const f = new Float64Array(n);
    const z = new Float64Array(n);
    const nu = new Float64Array(n);
    const e = new Float64Array(n);
    const proposal = new Float64Array(n);
    const proposalZ = new Float64Array(n);
    const theta = new Float64Array(n);
    const correction = (offset: Float64Array, whitened: Float64Array): number => {
      let squared = 0;
      for (let i = 0; i < n; i++) {
        theta[i] = mode.theta[i] + offset[i];
        squared += whitened[i] * whitened[i];
      }
      return (
        penalisedObjective(theta, modelTerms, modelBlocks, penalty, componentTau, centre, scratch) +
        squared / 2
      );
    };
    let current = correction(f, z);
    for (let iteration = 0; iteration < burnIn + share; iteration++) {
      for (let i = 0; i < n; i++) e[i] = random.normal();
      backSubstituteInto(l, n, e, nu);
      const threshold = current + Math.log(random.uniform() || Number.MIN_VALUE);
      let angle = random.uniform() * 2 * Math.PI;
      let low = angle - 2 * Math.PI;
      let high = angle;
      for (let shrink = 0; shrink < 200; shrink++) {
        const c = Math.cos(angle);
        const s = Math.sin(angle);
        for (let i = 0; i < n; i++) {
          proposal[i] = f[i] * c + nu[i] * s;
          proposalZ[i] = z[i] * c + e[i] * s;
        }
        const value = correction(proposal, proposalZ);
        if (value > threshold) {
          f.set(proposal);
          z.set(proposalZ);
          current = value;
          break;
        }
        if (angle < 0) low = angle;
        else high = angle;
        angle = low + random.uniform() * (high - low);
      }
      if (iteration >= burnIn) {
        const row = filled * n;
        for (let i = 0; i < n; i++) xDraws[row + i] = Math.exp(mode.theta[i] + f[i]);
        filled++;
      }
    }
  });
  const values = new Float64Array(draws);
  const interval = (weights: Float64Array): [number, number] => {
    const support: number[] = [];
    for (let i = 0; i < n; i++) if (weights[i] !== 0) support.push(i);
    for (let s = 0; s < draws; s++) {
      const offset = s * n;
      let sum = 0;
      for (const i of support) sum += weights[i] * xDraws[offset + i];
      values[s] = sum;
    }
    values.sort();
    return [quantileSorted(values, tail), quantileSorted(values, 1 - tail)];
  };
  const unit = (i: number) => {
    const w = new Float64Array(n);
    w[i] = 1;
    return w;
  };
  const smoothIntervals = Array.from({ length: n }, (_, i) => interval(unit(i)));
  const estimate = Array.from(counted(smooth));
  const countedIntervals =
    pmf === null
      ? smoothIntervals
      : Array.from({ length: m }, (_, c) => interval(toParameters(unit(c))));
  const intervalMethod = `quantiles of ${draws} draws by elliptical slice sampling around the Laplace approximation${selection === 'fixed' ? '' : 's, mixed over the smoothing parameter'}`;
  const fittedFigures: ReconstructedFigure[] = placed.map((f) => {
    let fitted = 0;
    for (let i = 0; i < m; i++) fitted += f.weights[i] * estimate[i];
    const [lower, upper] = interval(toParameters(f.weights));
    const source = figures[f.index];
    return {
      id: f.id,
      qualifier: f.qualifier,
      start: source.start,
      end: source.end,
      value: source.value,
      total: f.total,
      fitted,
      lower,
      upper,
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
    lower: countedIntervals.map((i) => i[0]),
    upper: countedIntervals.map((i) => i[1]),
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
    warnings,
  };
  if (pmf !== null) {
    result.offences = {
      method: 'back-projection by penalised likelihood (intervals from the same posterior draws)',
      months,
      lambda: smooth,
      lower: smoothIntervals.map((i) => i[0]),
      upper: smoothIntervals.map((i) => i[1]),
      maxDelay: lag,
    };
  }
  if (options.keepDraws) {
    const order = shuffledOrder(draws, random);
    const smoothDraws = order.map((s) => Array.from(xDraws.subarray(s * n, (s + 1) * n)));
    if (pmf === null) result.draws = smoothDraws;
    else {
      result.draws = smoothDraws.map((d) => Array.from(counted(d)));
      (result.offences as NonNullable<ReconstructResult['offences']>).draws = smoothDraws;
    }
  }
  return result;
}

/** A random permutation of 0..count-1 (Fisher-Yates). */
function shuffledOrder(count: number, random: { uniform(): number }): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
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
  tau: number;
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
  const fits: { fit: PenalisedFit; value: number; tau: number }[] = [];
  for (let j = -4; j <= 4; j++) {
    const t = tau * 10 ** (j / 3);
    const f = j === 0 ? best : fitPenalised(terms, blocks, best.theta, penalty, t, centre);
    if (!f.factor.every(Number.isFinite)) continue;
    fits.push({ fit: f, value: logMarginal(f, m, order, t), tau: t });
  }
  const top = Math.max(...fits.map((f) => f.value));
  const kept = fits
    .map((f) => ({ fit: f.fit, weight: Math.exp(f.value - top), tau: f.tau }))
    .filter((f) => f.weight >= 1e-4);
  const total = kept.reduce((sum, f) => sum + f.weight, 0);
  return kept.map((f) => ({ fit: f.fit, weight: f.weight / total, tau: f.tau }));
}

/** Solve L' u = e for the lower Cholesky factor L (column-major) into u. */
function backSubstituteInto(l: Float64Array, m: number, e: Float64Array, u: Float64Array): void {
  for (let i = m - 1; i >= 0; i--) {
    let s = e[i];
    for (let j = i + 1; j < m; j++) s -= l[i * m + j] * u[j];
    u[i] = s / l[i * m + i];
  }
}
