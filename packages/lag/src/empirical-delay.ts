import { checkOptionKeys, DataError, InvalidArgumentError, type ResultBase } from '@muster/core';
import { toPeriod } from './internal/periods.ts';
import { checkNumber } from './internal/validate.ts';
import type { DateLike, DelayDistribution, PeriodUnit } from './types.ts';
import { type LagWarning, lagWarnings, type WarningCode } from './warnings.ts';

/** Options of {@link empiricalDelay}. */
export interface EmpiricalDelayOptions {
  /** Unit of a period: delays are counted in days, weeks (floor of days / 7) or calendar months. Default 'month'. */
  unit?: PeriodUnit;
  /**
   * The date the data were extracted: only pairs with court date <= observedUntil can be seen.
   * Default: the latest court date.
   */
  observedUntil?: DateLike;
  /** Largest delay of the pmf. Default: the largest observed delay. */
  maxDelay?: number;
}

/** Result of {@link empiricalDelay}. */
export interface EmpiricalDelay
  extends DelayDistribution,
    ResultBase<'empirical-delay', WarningCode> {
  distribution: 'empirical';
  /** Number of (offence, court) pairs used. */
  n: number;
  /** Mean of the corrected pmf. */
  mean: number;
  /** Standard deviation of the corrected pmf. */
  sd: number;
  /** Reverse-time hazard g(d) = P(delay = d | delay <= d) per delay. */
  reverseHazard: number[];
  /** Reverse-time risk set #{i: delay_i <= d <= observedUntil - offence_i} per delay. */
  atRisk: number[];
  /** Number of pairs with each delay. */
  counts: number[];
  /** The uncorrected proportions counts / n, for comparison. */
  naive: number[];
  warnings: LagWarning[];
}

/**
 * Empirical delay distribution from (offence date, court date) pairs, corrected for right
 * truncation: a pair is only seen if its court date is on or before `observedUntil`, so recent
 * offences with long delays are missing and naive proportions understate long delays. The
 * correction is the nonparametric maximum likelihood estimator under right truncation, the
 * reverse-time hazard (Lagakos, Barraj & De Gruttola 1988; Kalbfleisch & Lawless 1991):
 * g(d) = n_d / R_d with n_d pairs of delay d and R_d = #{i: delay_i <= d <= U_i}, U_i =
 * observedUntil - offence_i; then F(D) = 1, F(d - 1) = F(d) (1 - g(d)), P(d) = F(d) g(d). It is
 * the chain-ladder estimate of the delay (development factors 1 / (1 - g(d))).
 *
 * @param offence - offence dates (`YYYY-MM-DD`, `YYYY-MM` or integer periods)
 * @param court - court (or report) dates, same length
 * @param options - unit ('month'), observedUntil (latest court date), maxDelay (largest delay seen)
 * @returns the corrected pmf with the reverse hazards, risk sets and the naive proportions
 * @throws DataError for a court date before its offence, after observedUntil, or a delay above maxDelay
 * @throws InvalidArgumentError for arrays of different lengths or unparseable dates
 * @example
 * ```ts
 * const delay = empiricalDelay(['2023-01', '2023-01', '2023-02'], ['2023-01', '2023-03', '2023-03']);
 * delay.pmf.length; // => 3
 * ```
 */
export function empiricalDelay(
  offence: readonly DateLike[],
  court: readonly DateLike[],
  options: EmpiricalDelayOptions = {},
): EmpiricalDelay {
  const fn = 'empiricalDelay';
  checkOptionKeys(fn, options, ['unit', 'observedUntil', 'maxDelay']);
  const unit = options.unit ?? 'month';
  if (!Array.isArray(offence) || !Array.isArray(court)) {
    throw new InvalidArgumentError('offence', `${fn} requires arrays of offence and court dates`);
  }
  if (offence.length !== court.length) {
    throw new InvalidArgumentError(
      'court',
      `${fn} requires as many court dates as offence dates; received ${offence.length} offence and ${court.length} court dates`,
    );
  }
  if (offence.length === 0)
    throw new InvalidArgumentError('offence', `${fn} requires at least one pair; received 0`);
  const n = offence.length;
  // weeks are counted from days: delay = floor(days / 7), as surveillance::nowcast
  const base: PeriodUnit = unit === 'week' ? 'day' : unit;
  const toUnits = (span: number): number => (unit === 'week' ? Math.floor(span / 7) : span);
  const start = new Float64Array(n);
  const courtAt = new Float64Array(n);
  const delay = new Int32Array(n);
  let lastCourt = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const s = toPeriod(offence[i], base, fn, 'offence');
    const c = toPeriod(court[i], base, fn, 'court');
    if (c < s) {
      throw new DataError(
        `${fn} requires court dates on or after offence dates; received ${String(court[i])} before ${String(offence[i])} in pair ${i + 1}`,
        { column: 'court', row: i + 1 },
      );
    }
    start[i] = s;
    courtAt[i] = c;
    delay[i] = toUnits(c - s);
    if (c > lastCourt) lastCourt = c;
  }
  const until =
    options.observedUntil === undefined
      ? lastCourt
      : toPeriod(options.observedUntil, base, fn, 'observedUntil');
  let maxSeen = 0;
  for (let i = 0; i < n; i++) {
    if (courtAt[i] > until) {
      throw new DataError(
        `${fn} requires court dates on or before observedUntil (${String(options.observedUntil)}); received ${String(court[i])} in pair ${i + 1}`,
        { column: 'court', row: i + 1 },
      );
    }
    if (delay[i] > maxSeen) maxSeen = delay[i];
  }
  const maxDelay =
    options.maxDelay === undefined
      ? maxSeen
      : checkNumber(options.maxDelay, fn, 'maxDelay', { min: 0, integer: true });
  const counts = new Array<number>(maxDelay + 1).fill(0);
  // R_d = #{i: delay_i <= d <= U_i}: add 1 on [delay_i, min(U_i, maxDelay)] through a difference array
  const diff = new Float64Array(maxDelay + 2);
  for (let i = 0; i < n; i++) {
    if (delay[i] > maxDelay) {
      throw new DataError(
        `${fn} requires delays <= maxDelay (${maxDelay}); received a delay of ${delay[i]} in pair ${i + 1}`,
        { column: 'court', row: i + 1 },
      );
    }
    counts[delay[i]]++;
    const top = Math.min(toUnits(until - start[i]), maxDelay);
    diff[delay[i]] += 1;
    diff[top + 1] -= 1;
  }
  const atRisk: number[] = [];
  let running = 0;
  for (let d = 0; d <= maxDelay; d++) atRisk.push((running += diff[d]));
  const reverseHazard = counts.map((c, d) => (atRisk[d] > 0 ? c / atRisk[d] : 0));
  const cdf = new Array<number>(maxDelay + 1);
  cdf[maxDelay] = 1;
  for (let d = maxDelay; d >= 1; d--) cdf[d - 1] = cdf[d] * (1 - reverseHazard[d]);
  const pmf = cdf.map((f, d) => f * reverseHazard[d]);
  const warnings: LagWarning[] = [];
  const zeroAt = reverseHazard.findIndex((g, d) => d > 0 && g === 1);
  if (zeroAt > 0) {
    warnings.push(lagWarnings.degenerateReverseHazard(fn, zeroAt));
  }
  let mean = 0;
  let second = 0;
  for (let d = 0; d <= maxDelay; d++) {
    mean += d * pmf[d];
    second += d * d * pmf[d];
  }
  return {
    kind: 'empirical-delay',
    distribution: 'empirical',
    pmf,
    maxDelay,
    n,
    mean,
    sd: Math.sqrt(Math.max(0, second - mean * mean)),
    reverseHazard,
    atRisk,
    counts,
    naive: counts.map((c) => c / n),
    method: 'reverse-time hazard estimator corrected for right truncation (Lagakos et al. 1988)',
    warnings,
  };
}
