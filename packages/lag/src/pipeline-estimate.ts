import { checkOptionKeys, InvalidArgumentError, type ResultBase } from '@muster/core';
import { poissonMixtureQuantile } from './internal/count-quantiles.ts';
import { checkNumber, toCounts, toPmf } from './internal/validate.ts';
import type { DelayInput } from './types.ts';
import type { LagWarning, WarningCode } from './warnings.ts';

/** Options of {@link pipelineEstimate}: an offence series or a steady rate, and a delay. */
export interface PipelineOptions {
  /** Expected offences per period, oldest first (for example `backProject(...).lambda`). */
  offences?: ArrayLike<number>;
  /** A constant offence rate per period (steady state), instead of `offences`. */
  rate?: number;
  /** Delay offence -> court (distribution or pmf, sums to 1 within 1e-9). */
  delay: DelayInput;
  /** The period "by" which offences count (0-based index into offences). Default: the last one. */
  at?: number;
  /**
   * Replicates of the offence series (for example `backProject` bootstrap samples) whose spread
   * is carried into the interval. Each must have the length of `offences`.
   */
  samples?: readonly ArrayLike<number>[];
  /** Two-sided interval level. Default 0.9. */
  confLevel?: number;
  /**
   * Labels of the periods of `offences`, oldest first (for example `backProject(...).periods`),
   * one per period: the result's tables name periods by them instead of their 0-based index.
   */
  periods?: readonly string[];
}

/** Result of {@link pipelineEstimate}. */
/** Result of {@link pipelineEstimate} (no condition of it warns: `warnings` is empty). */
export interface PipelineResult extends ResultBase<'pipeline-estimate', WarningCode> {
  method: string;
  /** Expected number of offences committed by the end of period `at` that have not reached court by then. */
  expected: number;
  /** Lower limit of the interval for the number pending (a count). */
  lower: number;
  /** Upper limit. */
  upper: number;
  confLevel: number;
  /** Period index the estimate refers to. */
  at: number;
  /** Expected pending offences by delay so far d = 0, 1, ...: lambda_{at-d} P(delay > d). */
  byAge: number[];
  /** Mean delay of the pmf (the pending count of a steady rate r is r times this). */
  meanDelay: number;
  intervalMethod: string;
  /** The steady offence rate per period, when it was given instead of a series. */
  rate?: number;
  /** Labels of the periods of the series, when `periods` was given. */
  periods?: string[];
}

/**
 * Offences in the pipeline: the expected number committed by the end of period `at` that have
 * not yet reached court by then, sum_{d >= 0} lambda_{at-d} P(delay > d). For a steady rate r
 * this is r E[delay]: 500 cases a month with a discretised gamma delay of mean 5 months gives
 * about 500 x 4.5 = 2,250 (the arithmetic behind reports of "over 2,000 cases under
 * investigation"). The interval treats the pending count as Poisson given the series (offences
 * independent, delays independent: a thinned Poisson process), mixed over `samples` when given
 * (so it carries the uncertainty of a back-projected series); quantiles are exact.
 *
 * @param options - offences or rate, delay, at (last period), samples, confLevel (0.9), periods
 * @returns expected pending count with its interval and the contribution of each age
 * @throws InvalidArgumentError when neither or both of offences and rate are given, or for a bad
 *   delay, level, at or sample length, or periods that are not one label per period (or come
 *   with a rate); DataError for a negative offence count
 * @example
 * ```ts
 * const delay = delayPmf({ distribution: 'gamma', mean: 5, sd: 2.5, maxDelay: 24 });
 * pipelineEstimate({ rate: 500, delay }).expected;
 * // => 2499.95... (500 x E[delay], E[delay] = 4.99990)
 * ```
 */
export function pipelineEstimate(options: PipelineOptions): PipelineResult {
  const fn = 'pipelineEstimate';
  checkOptionKeys(fn, options, [
    'offences',
    'rate',
    'delay',
    'at',
    'samples',
    'confLevel',
    'periods',
  ]);
  if (options == null || typeof options !== 'object') {
    throw new InvalidArgumentError(
      'options',
      `${fn} requires an options object; received ${String(options)}`,
    );
  }
  const pmf = toPmf(options.delay, fn);
  const confLevel = checkNumber(options.confLevel ?? 0.9, fn, 'confLevel', {
    strictMin: 0,
    strictMax: 1,
  });
  const survival = new Float64Array(pmf.length);
  let cdf = 0;
  let meanDelay = 0;
  for (let d = 0; d < pmf.length; d++) {
    cdf += pmf[d];
    survival[d] = Math.max(0, 1 - cdf);
    meanDelay += d * pmf[d];
  }
  let series: Float64Array;
  if (options.offences !== undefined && options.rate !== undefined) {
    throw new InvalidArgumentError('rate', `${fn} requires either offences or rate, not both`);
  }
  if (options.offences !== undefined) {
    series = toCounts(options.offences, fn, 'offences');
  } else if (options.rate !== undefined) {
    const rate = checkNumber(options.rate, fn, 'rate', { min: 0 });
    series = new Float64Array(pmf.length).fill(rate);
  } else {
    throw new InvalidArgumentError(
      'offences',
      `${fn} requires offences (a series) or rate (a number)`,
    );
  }
  const periods = checkPeriods(options.periods, options.rate !== undefined, series.length, fn);
  const at = checkNumber(options.at ?? series.length - 1, fn, 'at', {
    min: 0,
    max: series.length - 1,
    integer: true,
  });
  const pending = (values: ArrayLike<number>): number => {
    let sum = 0;
    for (let d = 0; d <= at && d < survival.length; d++) sum += values[at - d] * survival[d];
    return sum;
  };
  const byAge: number[] = [];
  for (let d = 0; d <= at && d < survival.length; d++) byAge.push(series[at - d] * survival[d]);
  const expected = pending(series);
  let means = [expected];
  let intervalMethod = 'Poisson quantiles of the pending count given the series';
  if (options.samples !== undefined) {
    if (!Array.isArray(options.samples) || options.samples.length === 0) {
      throw new InvalidArgumentError(
        'samples',
        `${fn} requires samples to be a non-empty array of series`,
      );
    }
    means = options.samples.map((sample, b) => {
      if (sample.length !== series.length) {
        throw new InvalidArgumentError(
          'samples',
          `${fn} requires every sample to have the length of offences (${series.length}); received length ${sample.length} in sample ${b + 1}`,
        );
      }
      return pending(toCounts(sample, fn, `samples[${b}]`));
    });
    intervalMethod = `quantiles of a Poisson mixture over ${means.length} replicate series`;
  }
  const alpha = 1 - confLevel;
  const warnings: LagWarning[] = [];
  return {
    kind: 'pipeline-estimate',
    warnings,
    method: 'expected offences not yet in court: sum_d lambda_{at-d} P(delay > d)',
    expected,
    lower: poissonMixtureQuantile(means, alpha / 2),
    upper: poissonMixtureQuantile(means, 1 - alpha / 2),
    confLevel,
    at,
    byAge,
    meanDelay,
    intervalMethod,
    ...(options.rate !== undefined ? { rate: options.rate } : {}),
    ...(periods ? { periods } : {}),
  };
}

/** The period labels of the series: one string per period, refused with a steady rate. */
function checkPeriods(
  periods: readonly string[] | undefined,
  steady: boolean,
  n: number,
  fn: string,
): string[] | undefined {
  if (periods === undefined) return undefined;
  if (steady) {
    throw new InvalidArgumentError(
      'periods',
      `${fn} requires offences (a series) for periods to label; received periods with rate`,
    );
  }
  if (
    !Array.isArray(periods) ||
    periods.length !== n ||
    periods.some((p) => typeof p !== 'string')
  ) {
    throw new InvalidArgumentError(
      'periods',
      `${fn} requires periods to be ${n} strings, one per period of offences; received ${Array.isArray(periods) ? `${periods.length} values` : typeof periods}`,
    );
  }
  return [...periods];
}
