import { checkOptionKeys, createRandom, InvalidArgumentError, type ResultBase } from '@muster/core';
import { poissonMixtureQuantile } from './internal/count-quantiles.ts';
import { type PlacedFigure, placeFigures } from './internal/figures.ts';
import { periodLabel, toPeriod } from './internal/periods.ts';
import { quantileSorted } from './internal/quantile.ts';
import { structureWithout } from './internal/reconstruct/break-search.ts';
import { checkFigures, type FigureCheck } from './internal/reconstruct/checks.ts';
import { type DelayNode, type DelayPrior, delayNodes } from './internal/reconstruct/delay-prior.ts';
import { constantKernel, countedSeries, type DelayKernel } from './internal/reconstruct/kernel.ts';
import { type FigureModel, figureModel } from './internal/reconstruct/model.ts';
import { sampleMixture } from './internal/reconstruct/sample.ts';
import {
  fitStructure,
  type MixtureComponent,
  normaliseWeights,
  prepareBlocks,
  type SelectedFit,
  tauComponents,
} from './internal/reconstruct/select.ts';
import { type AveragedModel, chooseSmoothing } from './internal/reconstruct/smoothing.ts';
import { checkNumber, toPmf } from './internal/validate.ts';
import type { DelayInput } from './types.ts';
import { type LagWarning, lagWarnings, type WarningCode } from './warnings.ts';

const RECONSTRUCT_OPTIONS = [
  'from',
  'to',
  'approximateSd',
  'order',
  'breaks',
  'smoothing',
  'confLevel',
  'draws',
  'seed',
  'delay',
  'delayPrior',
  'keepDraws',
  'checks',
];

export type { DelayPrior, FigureCheck };

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
  /**
   * Order of the random-walk roughness penalty on the log series: 1 (a random walk with drift: a
   * level that wanders around a trend), 2 (a trend that may bend), or 'auto' (default): both,
   * compared by their Laplace marginal likelihood and averaged within Occam's window; the one
   * with the larger posterior weight is reported (`smoothing.order`, `smoothing.models`).
   */
  order?: 1 | 2 | 'auto';
  /**
   * Dates where the series may jump (a mobilisation, a change in the law): at a break the level
   * may jump and the trend change, each with prior sd 1 on the log scale, instead of the roughness
   * penalty. A list is used as given (`[]`: no break); `{ candidates }` keeps the subset (of up to
   * 4 dates) with the largest marginal likelihood; 'auto' (the default) searches forward among
   * the figure window edges (where publishers cut their windows), each break with prior
   * probability 1/3, averages the structures within Occam's window, and names the breaks it
   * found in a `break-found` warning (`smoothing.breakDates`, `smoothing.breakSelection`). A
   * date on the first of a month frees the step into that month; a later day frees that month
   * from both neighbours (it mixes the levels before and after).
   */
  breaks?: readonly string[] | { candidates: readonly string[] } | 'auto';
  /** Fixed roughness precision tau; default: chosen by maximising the Laplace marginal likelihood. */
  smoothing?: number;
  /** Interval level. Default 0.9. */
  confLevel?: number;
  /** Posterior draws (elliptical slice sampling) behind the intervals, at least 100. Default 2000. */
  draws?: number;
  /** Seed of the draws. Default 1. */
  seed?: number;
  /**
   * Delay offence -> counted event (court case received, sentence), taken as known. When given,
   * the model is put on the offences: the smooth series is the monthly offences and the counted
   * series is its convolution with the delay (back-projection by penalised likelihood); offences
   * in the maxDelay months before `from` are taken equal to those of `from`. The intervals then
   * assume the delay known: prefer `delayPrior` unless it is.
   */
  delay?: DelayInput;
  /**
   * A delay whose mean, shape and (with `lengthening`) change over time are uncertain: the fit
   * is integrated over a Gauss-Hermite grid of the prior, each node weighted by its prior weight
   * times its Laplace marginal likelihood. Instead of `delay`; the recommended set-up (it keeps
   * the intervals honest when the assumed delay is off).
   */
  delayPrior?: DelayPrior;
  /**
   * Keep the posterior draws in the result (`draws`, and `offences.draws` with a delay): one
   * array per draw, so that sums over months, rates and the pipeline come from the same joint
   * posterior (see {@link posteriorTotal}). Default false.
   */
  keepDraws?: boolean;
  /**
   * Per-figure consistency checks (posterior predictive and leave-one-out) with warnings naming
   * the figures that do not fit. Default true.
   */
  checks?: boolean;
}

/** A figure as used, with the fitted total over its window and its intervals. */
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
  /** Interval of the expected total. */
  lower: number;
  upper: number;
  /** Predictive interval of the count over the window (what a published figure could be). */
  predictiveLower: number;
  predictiveUpper: number;
}

/** Result of {@link reconstruct}. */
export interface ReconstructResult extends ResultBase<'reconstruction', WarningCode> {
  method: string;
  confLevel: number;
  /** Month labels `YYYY-MM` of the counted series. */
  months: string[];
  /** Expected count per month of the series the figures count (posterior mode). */
  estimate: number[];
  /** Interval of the expected count per month. */
  lower: number[];
  upper: number[];
  /** Predictive interval of the count per month (expected count and Poisson variation). */
  predictive: { lower: number[]; upper: number[] };
  /** What `estimate`, `lower`/`upper` and `predictive` are. */
  labels: { estimate: string; interval: string; predictive: string };
  /** How the monthly intervals were computed. */
  intervalMethod: string;
  smoothing: {
    order: number;
    tau: number;
    selection: string;
    logMarginal: number;
    scale: 'counted series' | 'offences';
    /** Months whose step from the previous month is not penalised (`YYYY-MM`). */
    breaks: string[];
    /** The break dates in force: given, chosen among candidates, or found by the search. */
    breakDates: string[];
    /**
     * How the breaks were set: 'searched' (the default: forward search among the figure window
     * edges, a `break-found` warning names what it found), 'candidates' (the best subset of
     * `breaks.candidates`), 'given' (a list), 'none' (an empty list).
     */
    breakSelection: 'given' | 'none' | 'searched' | 'candidates';
    /** The candidate dates looked at (the window edges searched, or the candidates given). */
    breakCandidates: string[];
    /**
     * The penalty structures averaged over (order and break dates within Occam's window of the
     * chosen one, the chosen first) with their posterior weights; the intervals mix their draws.
     */
    models: { order: number; breakDates: string[]; weight: number }[];
    /** Every penalty structure compared, with its log marginal likelihood. */
    candidates: { order: number; breaks: string[]; logMarginal: number }[];
  };
  logLik: number;
  converged: boolean;
  iterations: number;
  figures: ReconstructedFigure[];
  /** Per-figure consistency checks (when `checks` was not false). */
  checks?: FigureCheck[];
  /** Posterior draws of the expected counted series, when `keepDraws` was set (random order). */
  draws?: number[][];
  /** The offence series, when a delay or delay prior was given. */
  offences?: {
    method: string;
    /** Month labels (those of the counted series). */
    months: string[];
    /** Expected offences per month (posterior mode at the central delay). */
    lambda: number[];
    lower: number[];
    upper: number[];
    maxDelay: number;
    /** The delays integrated over: parameters and posterior weight (one node for a fixed delay). */
    delays: { mean: number | null; sd: number | null; perYear: number; weight: number }[];
    /**
     * Offences committed by the end of the last month whose counted event (court case) falls
     * later: expected (posterior mean), and a predictive interval for the count from the same
     * joint posterior (Poisson mixture over the draws, each with its delay).
     */
    pending: { expected: number; lower: number; upper: number; intervalMethod: string };
    /** Posterior draws of the offence series, when `keepDraws` was set. */
    draws?: number[][];
    /** Index into `delays` of each draw, when `keepDraws` was set. */
    drawDelay?: number[];
  };
  warnings: LagWarning[];
}

/**
 * Monthly series from published aggregates over irregular windows (a year, a half-year, a month,
 * "over 500 a month from July", "more than 3,000 since September"), optionally back-projected to
 * offences. Each figure is the count over its window; a month partly inside a window contributes
 * the share of its days inside. Likelihood: exact figures Poisson (nested exact figures first
 * split into independent remainders; exact figures that overlap without nesting share the
 * Poisson counts of their common days, through a normal approximation with that covariance),
 * approximate figures normal with variance y + (approximateSd y)^2, lower bounds censored
 * Poisson, log P(N >= y). Prior: a Gaussian random walk on the log monthly series (a roughness
 * penalty) with precision tau: of order 1 with a drift (the steps vary around a trend) or of
 * order 2, except across `breaks`, where the level may jump and the trend change with a fixed
 * prior (sd 1 on the log scale) instead; a weak ridge (sd 100 on the log scale) keeps every
 * direction proper. Both orders leave a level and a slope to the ridge, so their marginal
 * likelihoods compare on one scale. The order (default 'auto'), the breaks (default: searched
 * among the figure window edges) and tau are chosen by the Laplace approximation to the marginal
 * likelihood (with the prior's exact log-determinant), the structures within Occam's window are
 * averaged (Madigan & Raftery 1994), and the result says which was chosen and found
 * (`smoothing.selection`, `smoothing.models`, `smoothing.candidates`, a `break-found` warning). The
 * posterior mode is found by Newton's method (`estimate`: the expected count). Intervals are
 * pointwise quantiles of posterior draws: elliptical slice sampling (Murray, Adams & MacKay
 * 2010) around the Laplace approximation, mixed over the smoothing parameter (a flat prior on
 * log tau) so that its uncertainty is carried too. `lower`/`upper` bound the expected count;
 * `predictive` adds the Poisson variation of a count (what a published figure could be).
 * Every used figure is checked (`checks`): its posterior predictive p-value, and its
 * leave-one-out predictive interval from the other figures; figures with p < 0.01 are named
 * in warnings (`figure-inconsistent`, `figure-misfit`).
 *
 * With a `delay`, the smooth series is the offences, lambda, and the counted series is
 * mu_t = sum_d lambda_{t-d} f_d: reconstruction and back-projection in one penalised
 * likelihood, the maximum penalised likelihood problem that Becker's EMS approximates
 * (Silverman et al. 1990). The first counted months stem partly from offences before `from`:
 * those are taken equal to the offences of the first month (a series that was level before the
 * figures begin). The same draws give intervals for lambda, the counted series, every figure's
 * window total, any sum of months (`keepDraws` and {@link posteriorTotal}) and the offences still
 * pending at the last month (`offences.pending`). With a `delayPrior` instead of a fixed delay,
 * the fit is integrated over a three-point Gauss-Hermite grid in log mean, log(sd / mean) and
 * (with `lengthening`) the rate at which the delay lengthens or shortens, each node weighted by its prior weight
 * times its Laplace marginal likelihood, each draw carrying its own delay.
 *
 * The published Russian figures count court cases received and sentences, not offences: without
 * a delay the reconstruction is of that series.
 *
 * References: Wahba G (1983) Bayesian "confidence intervals" for the cross-validated smoothing
 * spline. JRSS B 45:133-150. Rue H, Held L (2005) Gaussian Markov Random Fields, ch. 3.
 * Murray I, Adams RP, MacKay DJC (2010) Elliptical slice sampling. AISTATS. Madigan D, Raftery AE
 * (1994) Model selection and accounting for model uncertainty in graphical models using Occam's
 * window. JASA 89:1535-1546.
 * Silverman BW, Jones MC, Wilson JD, Nychka DW (1990) A smoothed EM approach to indirect
 * estimation problems. JRSS B 52:271-324. Becker NG, Watson LF, Carlin JB (1991).
 *
 * @param figures - the published figures (window, value, qualifier, optional id and rate)
 * @param options - from, to, approximateSd (0.1), order ('auto'), breaks, smoothing, confLevel
 *   (0.9), draws (2000), seed (1), delay or delayPrior, keepDraws (false), checks (true)
 * @returns monthly estimates with intervals, fitted figures, and offences when a delay is given
 * @throws DataError naming the figure: a window that ends before it starts or lies outside the
 *   grid, a negative value, an unknown qualifier, contradicting figures (an exact total below a
 *   lower bound or an exact figure inside its window)
 * @throws InvalidArgumentError for a delay pmf that does not sum to 1, a break that is not a
 *   date, both delay and delayPrior, or bad options
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
  const settings = readOptions(options, fn);
  const from = options.from === undefined ? null : toPeriod(options.from, 'month', fn, 'from');
  const to = options.to === undefined ? null : toPeriod(options.to, 'month', fn, 'to');
  const { placed, firstMonth, lastMonth } = placeFigures(figures, from, to, fn);
  const m = lastMonth - firstMonth + 1;
  const months = Array.from({ length: m }, (_, i) => periodLabel(firstMonth + i, 'month'));
  const minimum = settings.order === 'auto' ? 2 : settings.order;
  if (m < minimum + 1) {
    throw new InvalidArgumentError(
      'to',
      `${fn} requires at least ${minimum + 1} months for a penalty of order ${minimum}; received ${m}`,
    );
  }
  const nodes = delayNodesOf(options, firstMonth, m, fn);

  // the central delay: choose the penalty order, the breaks and tau
  const central = figureModel(placed, settings.approximateSd, firstMonth, m, nodes[0].kernel, fn);
  const warnings = [...central.warnings];
  const chosen = chooseSmoothing(
    central,
    placed,
    settings.order,
    options.breaks,
    firstMonth,
    settings.fixedTau,
    fn,
  );
  const components = mixtureComponents(
    placed,
    nodes,
    central,
    chosen.models,
    settings,
    firstMonth,
    fn,
  );
  // the structure reported (and whose mode is the estimate): the one with the largest
  // posterior weight, integrated over tau and the delays
  const averaged = averagedWeights(chosen.models, components);
  const top = averaged.reduce((k, row, i) => (row.weight > averaged[k].weight ? i : k), 0);
  const best = chosen.models[top].fit;
  const dates = chosen.models[top].dates;
  if (chosen.breakSelection === 'searched' && dates.length > 0) {
    const probability = dates.map((d) =>
      averaged.reduce((sum, row) => sum + (row.breakDates.includes(d) ? row.weight : 0), 0),
    );
    warnings.push(lagWarnings.breakFound(fn, dates, probability));
  }
  const random = createRandom(settings.seed);
  const sampled = sampleMixture(components, settings.draws, random, nodes.length > 1 ? 40 : 100);
  const nodeOfDraw = Array.from(sampled.component, (j) => components[j].node);
  const countedDraws = countedDrawsOf(sampled.x, nodeOfDraw, nodes, m);
  const summary = summarise(placed, figures, best, nodes[0].kernel, countedDraws, settings, random);
  const result: ReconstructResult = {
    kind: 'reconstruction',
    method: methodOf(best.structure.order, nodes),
    confLevel: settings.confLevel,
    months,
    ...summary.series,
    labels: {
      estimate: 'expected count (posterior mode)',
      interval: `${Math.round(100 * settings.confLevel)}% interval of the expected count`,
      predictive: `${Math.round(100 * settings.confLevel)}% predictive interval of the count`,
    },
    intervalMethod: intervalMethodOf(settings, best, nodes),
    smoothing: {
      order: best.structure.order,
      tau: best.tau,
      selection: chosen.selection,
      logMarginal: best.logMarginal,
      scale: nodes[0].kernel === null ? 'counted series' : 'offences',
      breaks: [...new Set(best.structure.breaks.map((a) => months[a + 1]))],
      breakDates: dates,
      breakSelection: chosen.breakSelection,
      breakCandidates: chosen.candidateDates,
      models: averaged.filter((row) => row.weight > 0),
      candidates: chosen.table.map((row) => ({
        order: row.order,
        breaks: row.breaks.map((a) => months[a + 1]),
        logMarginal: row.logMarginal,
      })),
    },
    logLik: best.fit.logLik,
    converged: best.fit.converged,
    iterations: best.fit.iterations,
    figures: summary.figures,
    warnings,
  };
  if (nodes[0].kernel !== null) {
    result.offences = offenceSummary(
      sampled.x,
      nodeOfDraw,
      components,
      nodes,
      best,
      months,
      settings,
    );
  }
  if (options.keepDraws) keepDraws(result, sampled.x, countedDraws, nodeOfDraw, m, random);
  if (options.checks !== false) {
    const checked = checkFigures(
      placed,
      countedDraws,
      settings.draws,
      best,
      nodes[0].kernel,
      { approximateSd: settings.approximateSd, firstMonth, confLevel: settings.confLevel, fn },
      random,
      chosen.breakSelection === 'searched'
        ? (index) => structureWithout(best.structure, dates, placed, index, firstMonth, fn)
        : undefined,
    );
    result.checks = checked.checks;
    warnings.push(...checked.warnings);
  }
  warnings.push(...fitWarnings(best, fn));
  return result;
}

interface Settings {
  confLevel: number;
  approximateSd: number;
  order: 1 | 2 | 'auto';
  draws: number;
  seed: number;
  fixedTau: number | undefined;
}

function readOptions(options: ReconstructOptions, fn: string): Settings {
  checkOptionKeys(fn, options, RECONSTRUCT_OPTIONS);
  const order = options.order ?? 'auto';
  if (order !== 1 && order !== 2 && order !== 'auto')
    throw new InvalidArgumentError(
      'order',
      `${fn} requires order 1, 2 or 'auto'; received ${String(order)}`,
    );
  if (options.delay !== undefined && options.delayPrior !== undefined)
    throw new InvalidArgumentError('delayPrior', `${fn} requires delay or delayPrior, not both`);
  return {
    confLevel: checkNumber(options.confLevel ?? 0.9, fn, 'confLevel', {
      strictMin: 0,
      strictMax: 1,
    }),
    approximateSd: checkNumber(options.approximateSd ?? 0.1, fn, 'approximateSd', { min: 0 }),
    order,
    draws: checkNumber(options.draws ?? 2000, fn, 'draws', { min: 100, integer: true }),
    seed: checkNumber(options.seed ?? 1, fn, 'seed', { integer: true }),
    fixedTau:
      options.smoothing === undefined
        ? undefined
        : checkNumber(options.smoothing, fn, 'smoothing', { strictMin: 0 }),
  };
}

/** Delay nodes: none (one node without a kernel), a fixed delay (one node), or a prior's grid. */
interface Node {
  kernel: DelayKernel | null;
  logPrior: number;
  mean: number | null;
  sd: number | null;
  perYear: number;
}

function delayNodesOf(
  options: ReconstructOptions,
  firstMonth: number,
  m: number,
  fn: string,
): Node[] {
  if (options.delayPrior !== undefined) {
    return delayNodes(options.delayPrior, firstMonth, m, fn).map((node: DelayNode) => node);
  }
  if (options.delay === undefined)
    return [{ kernel: null, logPrior: 0, mean: null, sd: null, perYear: 0 }];
  const pmf = toPmf(options.delay, fn);
  const given = options.delay as { mean?: number; sd?: number };
  return [
    {
      kernel: constantKernel(pmf, m),
      logPrior: 0,
      mean: typeof given.mean === 'number' ? given.mean : pmf.reduce((sum, p, d) => sum + p * d, 0),
      sd: typeof given.sd === 'number' ? given.sd : null,
      perYear: 0,
    },
  ];
}

/**
 * The mixture the draws come from: at the central delay, Laplace approximations over tau
 * (log10 tau-hat + j / 3, j = -4..4); at each other delay node, the same structure with its own
 * tau (a short golden-section search near the central one) and three tau points. Log weights:
 * the node's log prior weight plus the log marginal likelihood.
 */
function mixtureComponents(
  placed: PlacedFigure[],
  nodes: Node[],
  central: FigureModel,
  models: readonly AveragedModel[],
  settings: Settings,
  firstMonth: number,
  fn: string,
): MixtureComponent[] {
  const points = settings.fixedTau === undefined ? 4 : 0;
  const atCentre: MixtureComponent[] = [];
  models.forEach((chosen, k) => {
    atCentre.push(
      ...tauComponents(
        central,
        chosen.fit,
        0,
        nodes[0].logPrior + chosen.logPrior,
        points,
        1 / 3,
        k,
      ),
    );
  });
  // the razor at the central delay; the other delays only for the structures it keeps
  const kept = occamRazor(models, atCentre);
  const all = atCentre.filter((c) => kept[c.structure]);
  for (let j = 1; j < nodes.length; j++) {
    const model = figureModel(
      placed,
      settings.approximateSd,
      firstMonth,
      models[0].fit.fit.theta.length,
      nodes[j].kernel,
      fn,
    );
    models.forEach((chosen, k) => {
      if (!kept[k]) return;
      const best = chosen.fit;
      const prepared = prepareBlocks(model, best.structure, best.fit.theta, best.tau);
      const fit = fitStructure(
        model,
        best.structure,
        prepared.theta,
        settings.fixedTau,
        best.tau,
        4,
      );
      all.push(
        ...tauComponents(
          model,
          fit,
          j,
          nodes[j].logPrior + chosen.logPrior,
          settings.fixedTau === undefined ? 1 : 0,
          0.5,
          k,
        ),
      );
    });
  }
  return normaliseWeights(all);
}

/**
 * Occam's razor of Madigan & Raftery (1994): a structure is dropped when a simpler one of the
 * same order (the same breaks less one) has at least its posterior weight (here: summed over
 * its tau components, on the log scale unnormalised), so breaks the figures cannot see (after the
 * last figure, where a jump neither helps nor hurts) do not widen the intervals on their prior
 * alone. Returns which structures are kept.
 */
function occamRazor(
  models: readonly AveragedModel[],
  components: readonly MixtureComponent[],
): boolean[] {
  const top = Math.max(...components.map((c) => c.weight));
  const weight = models.map((_, k) =>
    components
      .filter((c) => c.structure === k)
      .reduce((sum, c) => sum + Math.exp(c.weight - top), 0),
  );
  return models.map(
    (model, k) =>
      !models.some(
        (simpler, j) =>
          j !== k &&
          simpler.fit.structure.order === model.fit.structure.order &&
          simpler.dates.length === model.dates.length - 1 &&
          simpler.dates.every((d) => model.dates.includes(d)) &&
          weight[j] >= weight[k],
      ),
  );
}

/** Posterior weight of each averaged structure: the sum of its components' weights. */
function averagedWeights(
  models: readonly AveragedModel[],
  components: readonly MixtureComponent[],
): { order: number; breakDates: string[]; weight: number }[] {
  return models.map((model, k) => ({
    order: model.fit.structure.order,
    breakDates: [...model.dates],
    weight: components.filter((c) => c.structure === k).reduce((sum, c) => sum + c.weight, 0),
  }));
}

/** Counted series of every draw, each through its own delay node (draws x m, row-major). */
function countedDrawsOf(
  x: Float64Array,
  nodeOfDraw: number[],
  nodes: Node[],
  m: number,
): Float64Array {
  const out = new Float64Array(x.length);
  for (let s = 0; s < nodeOfDraw.length; s++) {
    out.set(countedSeries(nodes[nodeOfDraw[s]].kernel, x.subarray(s * m, (s + 1) * m)), s * m);
  }
  return out;
}

/** Monthly estimates and intervals of the counted series, and each figure's fitted total. */
function summarise(
  placed: PlacedFigure[],
  figures: readonly Figure[],
  best: SelectedFit,
  kernel: DelayKernel | null,
  countedDraws: Float64Array,
  settings: Settings,
  random: { poisson(mean: number): number; normal(): number },
) {
  const m = best.fit.theta.length;
  const draws = countedDraws.length / m;
  const tail = (1 - settings.confLevel) / 2;
  const estimate = Array.from(countedSeries(kernel, Array.from(best.fit.theta, Math.exp)));
  const totals = new Float64Array(draws);
  const counts = new Float64Array(draws);
  const intervals = (weights: ArrayLike<number>, noise = 0) => {
    for (let s = 0; s < draws; s++) {
      let sum = 0;
      for (let c = 0; c < m; c++) if (weights[c] !== 0) sum += weights[c] * countedDraws[s * m + c];
      totals[s] = sum;
      counts[s] = random.poisson(Math.max(sum, 0)) + (noise > 0 ? noise * random.normal() : 0);
    }
    totals.sort();
    counts.sort();
    return {
      lower: quantileSorted(totals, tail),
      upper: quantileSorted(totals, 1 - tail),
      predictiveLower: quantileSorted(counts, tail),
      predictiveUpper: quantileSorted(counts, 1 - tail),
    };
  };
  const monthly = Array.from({ length: m }, (_, c) => {
    const unit = new Float64Array(m);
    unit[c] = 1;
    return intervals(unit);
  });
  const fitted: ReconstructedFigure[] = placed.map((f) => {
    let total = 0;
    for (let c = 0; c < m; c++) total += f.weights[c] * estimate[c];
    const source = figures[f.index];
    const noise = f.qualifier === 'approximate' ? settings.approximateSd * f.total : 0;
    return {
      id: f.id,
      qualifier: f.qualifier,
      start: source.start,
      end: source.end,
      value: source.value,
      total: f.total,
      fitted: total,
      ...intervals(f.weights, noise),
    };
  });
  return {
    series: {
      estimate,
      lower: monthly.map((i) => i.lower),
      upper: monthly.map((i) => i.upper),
      predictive: {
        lower: monthly.map((i) => i.predictiveLower),
        upper: monthly.map((i) => i.predictiveUpper),
      },
    },
    figures: fitted,
  };
}

/** The offence series: mode, pointwise intervals, delays integrated over and the pipeline. */
function offenceSummary(
  x: Float64Array,
  nodeOfDraw: number[],
  components: MixtureComponent[],
  nodes: Node[],
  best: SelectedFit,
  months: string[],
  settings: Settings,
): NonNullable<ReconstructResult['offences']> {
  const m = months.length;
  const draws = nodeOfDraw.length;
  const tail = (1 - settings.confLevel) / 2;
  const column = new Float64Array(draws);
  const lower: number[] = [];
  const upper: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let s = 0; s < draws; s++) column[s] = x[s * m + i];
    column.sort();
    lower.push(quantileSorted(column, tail));
    upper.push(quantileSorted(column, 1 - tail));
  }
  const weights = nodes.map((_, j) =>
    components.filter((c) => c.node === j).reduce((sum, c) => sum + c.weight, 0),
  );
  const pendingMeans = Array.from({ length: draws }, (_, s) =>
    pendingAtEnd(x.subarray(s * m, (s + 1) * m), nodes[nodeOfDraw[s]].kernel as DelayKernel),
  );
  const alpha = 1 - settings.confLevel;
  return {
    method: `back-projection by penalised likelihood (intervals from the same posterior draws${nodes.length > 1 ? `, integrated over ${nodes.length} delays of the prior` : ''})`,
    months,
    lambda: Array.from(best.fit.theta, Math.exp),
    lower,
    upper,
    maxDelay: Math.max(...nodes.map((n) => (n.kernel as DelayKernel).lag)),
    delays: nodes.map((n, j) => ({
      mean: n.mean,
      sd: n.sd,
      perYear: n.perYear,
      weight: weights[j],
    })),
    pending: {
      expected: pendingMeans.reduce((a, b) => a + b, 0) / draws,
      lower: poissonMixtureQuantile(pendingMeans, alpha / 2),
      upper: poissonMixtureQuantile(pendingMeans, 1 - alpha / 2),
      intervalMethod: `quantiles of a Poisson mixture over ${draws} posterior draws of the offences, each with its delay`,
    },
  };
}

/** Offences by the end of the last month whose counted event falls later: sum_a lambda_{T-a} P_{T-a}(delay > a). */
function pendingAtEnd(lambda: ArrayLike<number>, kernel: DelayKernel): number {
  const last = lambda.length - 1;
  let sum = 0;
  for (let a = 0; a <= Math.min(last, kernel.lag); a++) {
    const pmf = kernel.pmfs[last - a];
    let cdf = 0;
    for (let d = 0; d <= a && d < pmf.length; d++) cdf += pmf[d];
    sum += lambda[last - a] * Math.max(0, 1 - cdf);
  }
  return sum;
}

function keepDraws(
  result: ReconstructResult,
  x: Float64Array,
  countedDraws: Float64Array,
  nodeOfDraw: number[],
  m: number,
  random: { uniform(): number },
): void {
  const order = Array.from({ length: nodeOfDraw.length }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const rows = (matrix: Float64Array) =>
    order.map((s) => Array.from(matrix.subarray(s * m, (s + 1) * m)));
  result.draws = rows(countedDraws);
  if (result.offences) {
    result.offences.draws = rows(x);
    result.offences.drawDelay = order.map((s) => nodeOfDraw[s]);
  }
}

function methodOf(order: number, nodes: Node[]): string {
  if (nodes[0].kernel === null)
    return `penalised Poisson likelihood over figure windows, random walk of order ${order} on the log monthly series`;
  return `penalised Poisson likelihood over figure windows, random walk of order ${order} on the log monthly offences, counted series = offences convolved with the delay${nodes.length > 1 ? ' (integrated over a prior on the delay)' : ''}`;
}

function intervalMethodOf(settings: Settings, best: SelectedFit, nodes: Node[]): string {
  const mixed = best.selection === 'fixed' ? '' : 's, mixed over the smoothing parameter';
  const delays = nodes.length > 1 ? ` and over ${nodes.length} delays of the prior` : '';
  return `quantiles of ${settings.draws} draws by elliptical slice sampling around the Laplace approximation${mixed}${delays}`;
}

function fitWarnings(best: SelectedFit, fn: string): LagWarning[] {
  const out: LagWarning[] = [];
  if (best.selection !== 'fixed' && best.tau >= 1e8 * (1 - 1e-9)) {
    out.push(lagWarnings.smoothingAtBound(fn));
  }
  if (!best.fit.converged) {
    out.push(
      lagWarnings.notConverged(
        fn,
        `did not converge: Newton's method stopped after ${best.fit.iterations} iterations`,
      ),
    );
  }
  return out;
}

/**
 * Posterior interval of a total over months of a reconstruction kept with `keepDraws`: the sum
 * of the offences (or of the counted series) from `from` to `to`, from the same joint draws.
 *
 * @param result - a {@link reconstruct} result with draws
 * @param options - from and to (`YYYY-MM`, inclusive; default the whole grid), series
 *   ('offences' when there are any, else 'counted'), confLevel (that of the result)
 * @returns the total at the posterior mode and the interval of the expected total
 * @throws InvalidArgumentError when the result has no draws or a month is outside the grid
 * @example
 * ```ts
 * // the seven art. 337 figures of the package README, delay gamma (5, 2.5), maxDelay 14
 * const r = reconstruct(figures, { from: '2021-01', to: '2024-04', delay, keepDraws: true });
 * posteriorTotal(r, { from: '2022-09' });
 * // => { estimate: 13115, lower: 10319, upper: 17906, confLevel: 0.9 } (rounded)
 * ```
 */
export function posteriorTotal(
  result: ReconstructResult,
  options: { from?: string; to?: string; series?: 'offences' | 'counted'; confLevel?: number } = {},
): { estimate: number; lower: number; upper: number; confLevel: number } {
  const fn = 'posteriorTotal';
  checkOptionKeys(fn, options, ['from', 'to', 'series', 'confLevel']);
  const series = options.series ?? (result.offences ? 'offences' : 'counted');
  const draws = series === 'offences' ? result.offences?.draws : result.draws;
  if (!draws) {
    throw new InvalidArgumentError(
      'result',
      `${fn} requires a reconstruction with draws of the ${series} series (reconstruct with keepDraws: true${series === 'offences' ? ' and a delay' : ''})`,
    );
  }
  const index = (month: string | undefined, fallback: number, argument: string) => {
    if (month === undefined) return fallback;
    const i = result.months.indexOf(month);
    if (i < 0)
      throw new InvalidArgumentError(
        argument,
        `${fn} requires ${argument} to be a month of the reconstruction (${result.months[0]}..${result.months.at(-1)}); received ${month}`,
      );
    return i;
  };
  const a = index(options.from, 0, 'from');
  const b = index(options.to, result.months.length - 1, 'to');
  const confLevel = checkNumber(options.confLevel ?? result.confLevel, fn, 'confLevel', {
    strictMin: 0,
    strictMax: 1,
  });
  const mode = series === 'offences' ? (result.offences?.lambda ?? []) : result.estimate;
  let estimate = 0;
  for (let i = a; i <= b; i++) estimate += mode[i];
  const totals = Float64Array.from(draws, (d) => {
    let sum = 0;
    for (let i = a; i <= b; i++) sum += d[i];
    return sum;
  }).sort();
  const tail = (1 - confLevel) / 2;
  return {
    estimate,
    lower: quantileSorted(totals, tail),
    upper: quantileSorted(totals, 1 - tail),
    confLevel,
  };
}
