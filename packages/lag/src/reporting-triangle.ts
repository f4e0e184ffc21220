import { toPeriod } from './internal/periods.ts';
import { aggregateRecords, maskTriangle } from './internal/triangle.ts';
import type { DateLike, PeriodUnit } from './types.ts';

/**
 * Records of events (offences, hospitalisations, onsets) and their reports: one row per record
 * with `event` and either `report` (a date) or `delay` (periods), and optionally `count` (how
 * many events the record stands for, default 1).
 */
export interface ReportingRecords {
  event: readonly DateLike[];
  report?: readonly DateLike[];
  delay?: readonly number[];
  count?: readonly number[];
}

/** Options of {@link reportingTriangle}. */
export interface ReportingTriangleOptions {
  /** Unit of a period. Weeks run Monday to Sunday and delays in weeks are floor(days / 7). Default 'day'. */
  unit?: PeriodUnit;
  /** The date of the nowcast: reports after it are not yet known. Default: the latest report. */
  now?: DateLike;
  /** Largest delay (columns 0..maxDelay). Default: the largest delay in the records. */
  maxDelay?: number;
}

/**
 * A reporting triangle: `counts[t][d]` is the number of events of period t reported with delay d
 * (reported in period t + d), known at `now`; cells with t + d > now are `null` (not yet
 * observable). Rows run from the first event period to `now`.
 */
export interface ReportingTriangle {
  unit: PeriodUnit;
  /** Label of the nowcast period (the last row). */
  now: string;
  /** Label of each row's event period, oldest first. */
  periods: string[];
  maxDelay: number;
  counts: (number | null)[][];
}

/**
 * Build a reporting triangle from event/report records (for example hospitalisation and report
 * dates, offence and court dates), as known at `now`: records reported after `now` are left
 * out, and cells whose report period t + d lies after `now` are `null`.
 *
 * @param records - event dates with report dates or delays, optional counts
 * @param options - unit ('day'), now (latest report), maxDelay (largest delay seen)
 * @returns the triangle with row labels
 * @throws DataError for a report before its event, a negative or fractional count, or a delay
 *   above maxDelay (naming the record); InvalidArgumentError for arrays of different lengths
 * @example
 * ```ts
 * const tri = reportingTriangle(
 *   { event: ['2011-05-01', '2011-05-01', '2011-05-02'], report: ['2011-05-01', '2011-05-02', '2011-05-02'] },
 *   { unit: 'day' },
 * );
 * tri.counts; // => [[1, 1], [1, null]]
 * ```
 */
export function reportingTriangle(
  records: ReportingRecords,
  options: ReportingTriangleOptions = {},
): ReportingTriangle {
  const fn = 'reportingTriangle';
  const aggregated = aggregateRecords(records, options, fn);
  const now =
    options.now === undefined
      ? aggregated.lastReport
      : toPeriod(options.now, aggregated.unit, fn, 'now');
  return maskTriangle(aggregated, now);
}
