import { checkOptionKeys, InvalidArgumentError, type ResultBase } from '@muster/core';
import { delayPmf } from './delay-pmf.ts';
import { placeFigures } from './internal/figures.ts';
import { logPoissonTail } from './internal/log-poisson-tail.ts';
import { toPeriod } from './internal/periods.ts';
import { checkNumber } from './internal/validate.ts';
import type { Figure } from './reconstruct.ts';
import type { DelayDistribution } from './types.ts';
import { type LagWarning, lagWarnings, type WarningCode } from './warnings.ts';

/** The earlier stage: a monthly series (expected counts) and, optionally, its posterior draws. */
export interface StageSeries {
  /** Month labels `YYYY-MM`, consecutive. */
  months: readonly string[];
  /** Expected count per month of the earlier stage (cases received). */
  estimate: readonly number[];
  /** Posterior draws of the same series (a reconstruction kept with keepDraws). */
  draws?: readonly (readonly number[])[];
}

/** Options of {@link calibrateStageDelay}. */
export interface CalibrateStageDelayOptions {
  /** Family of the delay between the stages. Default 'gamma'. */
  distribution?: 'gamma' | 'lognormal';
  /** sd / mean of the delay, held across the grid of means. Default 0.5. */
  cv?: number;
  /** Largest delay in months. Default 12. */
  maxDelay?: number;
  /** Mean delays compared (months, > 0). Default 0.25 x 2^(k/2), k = 0..10 (0.25 to 8). */
  means?: readonly number[];
  /** Relative sd of approximate figures. Default 0.1. */
  approximateSd?: number;
  /** Posterior draws of the earlier stage averaged over (at most). Default 200. */
  maxDraws?: number;
  /** Interval level for the mean delay. Default 0.9. */
  confLevel?: number;
}

/** Result of {@link calibrateStageDelay}. */
export interface StageDelayCalibration extends ResultBase<'stage-delay-calibration', WarningCode> {
  method: string;
  confLevel: number;
  distribution: 'gamma' | 'lognormal';
  cv: number;
  /** Every mean compared: its log likelihood, posterior weight and fitted figure totals. */
  grid: { mean: number; logLik: number; weight: number; fitted: number[] }[];
  /** Posterior mean, median and interval of the mean delay between the stages (months). */
  mean: number;
  median: number;
  lower: number;
  upper: number;
  /** The later-stage figures used, with the fitted totals averaged over the posterior. */
  figures: { id: string; qualifier: Figure['qualifier']; value: number; fitted: number }[];
  /** The calibrated delay: the posterior mixture of the grid's pmfs. */
  delay: DelayDistribution;
  warnings: LagWarning[];
}

const OPTIONS = [
  'distribution',
  'cv',
  'maxDelay',
  'means',
  'approximateSd',
  'maxDraws',
  'confLevel',
];

/**
 * Calibrate the delay between two stages of the published figures (cases received by courts ->
 * cases heard, persons sentenced, convictions) from the later stage's figures, given the earlier
 * stage's monthly series (a {@link reconstruct} result of cases received, kept with draws, on a
 * grid that covers the later figures' windows).
 *
 * Model: the later-stage series is the earlier one convolved with a delay of the given family,
 * sd / mean `cv`, discretised with offences (here: cases) uniform within the month; months
 * before the grid are taken equal to its first. Each later figure is a total over its window:
 * exact figures Poisson, approximate ones normal with variance mu + (approximateSd y)^2, lower
 * bounds censored Poisson. The likelihood at each mean of the grid is averaged over the earlier
 * stage's draws (their uncertainty is carried), and a flat prior over the grid (log-spaced by
 * default: flat in log mean) gives the posterior weights, the posterior mean, median and
 * interval of the mean delay, and the calibrated delay as the posterior mixture of pmfs.
 * The later figures must count the same cases as the earlier series (a case heard was received);
 * a figure counting persons or sentences counts a related but not identical unit.
 *
 * @param earlier - the earlier stage's monthly series (months, estimate, optional draws)
 * @param later - the later stage's figures (window, value, qualifier, optional id and rate)
 * @param options - distribution ('gamma'), cv (0.5), maxDelay (12), means (0.25..8), approximateSd
 *   (0.1), maxDraws (200), confLevel (0.9)
 * @returns the grid with weights, the mean delay with its interval, and the calibrated delay
 * @throws DataError naming a figure whose window lies outside the earlier series' months
 * @throws InvalidArgumentError for an empty series, a bad mean or bad options
 * @example
 * ```ts
 * // 100 cases received a month; 200 decided in March-April 2024 fits any delay
 * const months = ['2023-07', '2023-08', '2023-09', '2023-10', '2023-11', '2023-12', '2024-01', '2024-02', '2024-03', '2024-04'];
 * const c = calibrateStageDelay(
 *   { months, estimate: months.map(() => 100) },
 *   [{ id: 'S1', start: '2024-03-01', end: '2024-04-30', value: 200, qualifier: 'exact' }],
 * );
 * c.grid.length; // => 11
 * ```
 */
export function calibrateStageDelay(
  earlier: StageSeries,
  later: readonly Figure[],
  options: CalibrateStageDelayOptions = {},
): StageDelayCalibration {
  const fn = 'calibrateStageDelay';
  checkOptionKeys(fn, options, OPTIONS);
  const settings = readSettings(options, fn);
  const { months, series } = readEarlier(earlier, settings.maxDraws, fn);
  const first = toPeriod(months[0], 'month', fn, 'earlier.months');
  const { placed } = placeFigures(later, first, first + months.length - 1, fn);
  const grid = settings.means.map((mean) => {
    const pmf = delayPmf({
      distribution: settings.distribution,
      mean,
      sd: settings.cv * mean,
      maxDelay: settings.maxDelay,
    }).pmf;
    const perDraw = series.map((x) => {
      const decided = convolve(x, pmf);
      const fitted = placed.map((f) => f.weights.reduce((sum, w, t) => sum + w * decided[t], 0));
      const logLik = placed.reduce(
        (sum, f, i) => sum + figureLogLik(f.qualifier, f.total, fitted[i], settings.approximateSd),
        0,
      );
      return { fitted, logLik };
    });
    const top = Math.max(...perDraw.map((d) => d.logLik));
    const logLik =
      top +
      Math.log(perDraw.reduce((sum, d) => sum + Math.exp(d.logLik - top), 0) / perDraw.length);
    const fitted = placed.map(
      (_, i) => perDraw.reduce((sum, d) => sum + d.fitted[i], 0) / perDraw.length,
    );
    return { mean, logLik, pmf, fitted };
  });
  const top = Math.max(...grid.map((g) => g.logLik));
  const raw = grid.map((g) => Math.exp(g.logLik - top));
  const total = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((w) => w / total);
  const tail = (1 - settings.confLevel) / 2;
  const warnings: LagWarning[] = [];
  const best = weights.indexOf(Math.max(...weights));
  if (best === 0 || best === grid.length - 1) {
    warnings.push(lagWarnings.calibrationAtEdge(fn, grid[best].mean));
  }
  const pmf = new Array<number>(settings.maxDelay + 1).fill(0);
  grid.forEach((g, k) => {
    g.pmf.forEach((p, d) => {
      pmf[d] += weights[k] * p;
    });
  });
  const mean = grid.reduce((sum, g, k) => sum + weights[k] * g.mean, 0);
  return {
    kind: 'stage-delay-calibration',
    method: `${settings.distribution} delay between the stages (sd / mean ${settings.cv}), likelihood of the later figures averaged over ${series.length} draw${series.length === 1 ? '' : 's'} of the earlier series, flat prior over ${grid.length} means`,
    confLevel: settings.confLevel,
    distribution: settings.distribution,
    cv: settings.cv,
    grid: grid.map((g, k) => ({
      mean: g.mean,
      logLik: g.logLik,
      weight: weights[k],
      fitted: g.fitted,
    })),
    mean,
    median: gridQuantile(
      grid.map((g) => g.mean),
      weights,
      0.5,
    ),
    lower: gridQuantile(
      grid.map((g) => g.mean),
      weights,
      tail,
    ),
    upper: gridQuantile(
      grid.map((g) => g.mean),
      weights,
      1 - tail,
    ),
    figures: placed.map((f, i) => ({
      id: f.id,
      qualifier: f.qualifier,
      value: f.total,
      fitted: grid.reduce((sum, g, k) => sum + weights[k] * g.fitted[i], 0),
    })),
    delay: {
      distribution: 'mixture',
      pmf,
      maxDelay: settings.maxDelay,
      mean,
      method: `posterior mixture over ${grid.length} ${settings.distribution} delays (offences uniform within the month)`,
    },
    warnings,
  };
}

function readSettings(options: CalibrateStageDelayOptions, fn: string) {
  const distribution = options.distribution ?? 'gamma';
  if (distribution !== 'gamma' && distribution !== 'lognormal') {
    throw new InvalidArgumentError(
      'distribution',
      `${fn} requires distribution 'gamma' or 'lognormal'; received ${String(distribution)}`,
    );
  }
  const means = options.means ?? Array.from({ length: 11 }, (_, k) => 0.25 * 2 ** (k / 2));
  if (!Array.isArray(means) || means.length === 0) {
    throw new InvalidArgumentError('means', `${fn} requires means to be a non-empty list`);
  }
  means.forEach((m, i) => {
    checkNumber(m, fn, `means[${i}]`, { strictMin: 0 });
  });
  return {
    distribution,
    means: [...means],
    cv: checkNumber(options.cv ?? 0.5, fn, 'cv', { strictMin: 0 }),
    maxDelay: checkNumber(options.maxDelay ?? 12, fn, 'maxDelay', { min: 1, integer: true }),
    approximateSd: checkNumber(options.approximateSd ?? 0.1, fn, 'approximateSd', { min: 0 }),
    maxDraws: checkNumber(options.maxDraws ?? 200, fn, 'maxDraws', { min: 1, integer: true }),
    confLevel: checkNumber(options.confLevel ?? 0.9, fn, 'confLevel', {
      strictMin: 0,
      strictMax: 1,
    }),
  };
}

/** The earlier series' months and the series to average over (evenly spaced draws, or the estimate). */
function readEarlier(earlier: StageSeries, maxDraws: number, fn: string) {
  if (earlier == null || !Array.isArray(earlier.months) || earlier.months.length === 0) {
    throw new InvalidArgumentError(
      'earlier',
      `${fn} requires earlier.months to be a non-empty list`,
    );
  }
  const m = earlier.months.length;
  if (!Array.isArray(earlier.estimate) || earlier.estimate.length !== m) {
    throw new InvalidArgumentError(
      'earlier',
      `${fn} requires earlier.estimate to have one value per month (${m}); received ${Array.isArray(earlier.estimate) ? earlier.estimate.length : String(earlier.estimate)}`,
    );
  }
  earlier.estimate.forEach((x, i) => {
    checkNumber(x, fn, `earlier.estimate[${i}]`, { min: 0 });
  });
  const draws = earlier.draws ?? [];
  if (draws.length === 0) return { months: earlier.months, series: [earlier.estimate] };
  const take = Math.min(maxDraws, draws.length);
  const series = Array.from(
    { length: take },
    (_, k) => draws[Math.floor((k * draws.length) / take)],
  );
  series.forEach((row, k) => {
    if (row.length !== m)
      throw new InvalidArgumentError(
        'earlier',
        `${fn} requires every draw to have one value per month (${m}); draw ${k} has ${row.length}`,
      );
  });
  return { months: earlier.months, series };
}

/** The later series: sum_d pmf[d] x[t - d], months before the grid equal to the first. */
function convolve(x: readonly number[], pmf: readonly number[]): number[] {
  return x.map((_, t) => pmf.reduce((sum, p, d) => sum + p * x[Math.max(t - d, 0)], 0));
}

function figureLogLik(
  qualifier: Figure['qualifier'],
  y: number,
  mu: number,
  approximateSd: number,
): number {
  const m = Math.max(mu, 1e-12);
  if (qualifier === 'exact') return y > 0 ? y * Math.log(m) - m : -m;
  if (qualifier === 'lower_bound') return logPoissonTail(y, m).value;
  const variance = m + (approximateSd * y) ** 2;
  return -((y - m) ** 2) / (2 * variance) - 0.5 * Math.log(variance);
}

/** Quantile of a discrete distribution on sorted values, interpolated within the step. */
function gridQuantile(values: number[], weights: number[], q: number): number {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  let cumulative = 0;
  for (const i of order) {
    cumulative += weights[i];
    if (cumulative >= q - 1e-12) return values[i];
  }
  return values[order[order.length - 1]];
}
