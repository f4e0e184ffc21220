import { checkOptionKeys, createRandom, InvalidArgumentError, type ResultBase } from '@muster/core';
import { nowcastCore } from './internal/nowcast-core.ts';
import { checkNumber } from './internal/validate.ts';
import type { ReportingTriangle } from './reporting-triangle.ts';
import type { PeriodUnit } from './types.ts';
import { type LagWarning, lagWarnings, type WarningCode } from './warnings.ts';

/** Options of {@link nowcast}. */
export interface NowcastOptions {
  /** Two-sided level of the predictive intervals. Default 0.9. */
  confLevel?: number;
  /** Monte Carlo draws of the predictive distribution. Default 2000. */
  samples?: number;
  /** Seed of the random number generator. Default 1. */
  seed?: number;
  /**
   * Moving window: each delay's hazard (development factor) uses only the last `window` rows in
   * which that delay is observable, for delays that change over time. Default: all rows.
   */
  window?: number;
}

/** Result of {@link nowcast}. */
export interface NowcastResult extends ResultBase<'nowcast', WarningCode> {
  method: string;
  unit: PeriodUnit;
  now: string;
  confLevel: number;
  samples: number;
  seed: number;
  /** Row labels (event periods), oldest first. */
  periods: string[];
  /** Events of each period reported by now. */
  observed: number[];
  /** Chain-ladder nowcast observed / F(age); null when F(age) = 0 and something was observed. */
  estimate: (number | null)[];
  /** Mean of the predictive distribution. */
  mean: number[];
  /** Median of the predictive distribution. */
  median: number[];
  lower: number[];
  upper: number[];
  /** The delay estimated from the triangle (reverse-time hazards). */
  delay: {
    pmf: number[];
    cdf: number[];
    reverseHazard: number[];
    developmentFactors: (number | null)[];
    events: number[];
    atRisk: number[];
  };
  /** Gamma prior of the periods' rates (empirical Bayes; Jeffreys when `rows` < 3). */
  prior: { shape: number; rate: number; rows: number };
  /**
   * `nowcast-undefined` names the periods whose chain-ladder estimate is null (nothing reported
   * at their age in the reference rows) while the predictive mean, median and interval exist
   * (they come from the prior and the Beta draws of the hazards).
   */
  warnings: LagWarning[];
}

/**
 * Nowcast of a reporting triangle: how many events of each recent period will eventually be
 * reported, given those reported so far. Chain ladder (multiplicative): the delay cdf F comes from
 * the reverse-time hazards g_d = n_d / R_d of the observed part of the triangle (the
 * nonparametric MLE under right truncation; 1 / (1 - g_d) are the chain-ladder development
 * factors, optionally from a moving window of recent rows) and the nowcast of a period of age a
 * is observed / F(a). Predictive intervals are negative binomial: with a Poisson-gamma prior on
 * the period's total (gamma fitted by moments to recent, mostly reported periods), the events
 * still to be reported are NegBin(a + observed, (b + F) / (b + 1)); the hazards are drawn from
 * their Beta posteriors, so the interval carries the uncertainty of the delay as well. This is
 * the truncation-aware Bayesian nowcast of Höhle & an der Heiden (2014) with a time-constant (or
 * moving-window) delay, in closed conditional form.
 *
 * Reference: Höhle M, an der Heiden M (2014) Bayesian nowcasting during the STEC O104:H4
 * outbreak in Germany, 2011. Biometrics 70:993-1002. Lawless JF (1994) Adjustments for reporting
 * delays and the prediction of occurred but not reported events. Canadian Journal of Statistics
 * 22:15-31.
 *
 * @param triangle - a reporting triangle (see {@link reportingTriangle}); null cells are not yet observable
 * @param options - confLevel (0.9), samples (2000), seed (1), window (all rows)
 * @returns per period: observed, chain-ladder nowcast, predictive mean, median and interval; the
 *   delay and the prior
 * @throws InvalidArgumentError for a malformed triangle (ragged rows, an observable cell that is
 *   null, negative counts) or bad options
 * @example
 * ```ts
 * const tri = { unit: 'day', now: '2011-05-03', periods: ['2011-05-01', '2011-05-02', '2011-05-03'],
 *   maxDelay: 1, counts: [[10, 10], [12, 11], [8, null]] } as const;
 * nowcast(tri).estimate[2]; // => 15.636... (8 / F(0), F(0) = 1 - 21/43)
 * ```
 */
export function nowcast(triangle: ReportingTriangle, options: NowcastOptions = {}): NowcastResult {
  const fn = 'nowcast';
  checkOptionKeys(fn, options, ['confLevel', 'samples', 'seed', 'window']);
  const confLevel = checkNumber(options.confLevel ?? 0.9, fn, 'confLevel', {
    strictMin: 0,
    strictMax: 1,
  });
  const samples = checkNumber(options.samples ?? 2000, fn, 'samples', { min: 1, integer: true });
  const seed = checkNumber(options.seed ?? 1, fn, 'seed', { integer: true });
  if (triangle == null || !Array.isArray(triangle.counts) || triangle.counts.length === 0) {
    throw new InvalidArgumentError(
      'triangle',
      `${fn} requires a triangle with at least one row of counts`,
    );
  }
  const rows = triangle.counts.length;
  const width = triangle.maxDelay + 1;
  const window = checkNumber(options.window ?? rows, fn, 'window', { min: 1, integer: true });
  const cells = new Float64Array(rows * width);
  for (let t = 0; t < rows; t++) {
    const row = triangle.counts[t];
    if (!Array.isArray(row) || row.length !== width) {
      throw new InvalidArgumentError(
        'triangle',
        `${fn} requires every row to have maxDelay + 1 = ${width} cells; received ${row?.length} in row ${t + 1}`,
      );
    }
    for (let d = 0; d < width; d++) {
      const v = row[d];
      const observable = t + d <= rows - 1;
      if (!observable) {
        cells[t * width + d] = Number.NaN;
        continue;
      }
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new InvalidArgumentError(
          'triangle',
          `${fn} requires observable cells to be counts >= 0; received ${String(v)} in row ${t + 1} (${triangle.periods?.[t] ?? ''}), delay ${d}`,
        );
      }
      cells[t * width + d] = v;
    }
  }
  const core = nowcastCore(cells, rows, width, window, confLevel, samples, createRandom(seed));
  const warnings: LagWarning[] = [];
  const undefinedAt = core.estimate.flatMap((e, t) => (e === null ? [triangle.periods[t]] : []));
  if (undefinedAt.length > 0) {
    warnings.push(
      lagWarnings.nowcastUndefined(
        fn,
        undefinedAt,
        window === rows ? 'triangle' : `window of ${window} rows`,
      ),
    );
  }
  return {
    kind: 'nowcast',
    method:
      'chain-ladder nowcast (reverse-time hazards) with negative-binomial predictive intervals',
    unit: triangle.unit,
    now: triangle.now,
    confLevel,
    samples,
    seed,
    periods: [...triangle.periods],
    observed: core.observed,
    estimate: core.estimate,
    mean: core.mean,
    median: core.median,
    lower: core.lower,
    upper: core.upper,
    delay: {
      pmf: core.pmf,
      cdf: core.cdf,
      reverseHazard: core.reverseHazard,
      developmentFactors: core.developmentFactors,
      events: core.events,
      atRisk: core.atRisk,
    },
    prior: core.prior,
    warnings,
  };
}
