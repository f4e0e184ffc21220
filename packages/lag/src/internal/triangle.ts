import { DataError, InvalidArgumentError } from '@muster/core';
import type { ReportingRecords, ReportingTriangle } from '../reporting-triangle.ts';
import type { PeriodUnit } from '../types.ts';
import { periodLabel, toPeriod } from './periods.ts';
import { checkNumber } from './validate.ts';

/** Internal: the full aggregated table of records, before masking at a date. */
export interface AggregatedRecords {
  unit: PeriodUnit;
  /** Period index of row 0. */
  first: number;
  /** Period index of the latest report in the data. */
  lastReport: number;
  maxDelay: number;
  /** rows x (maxDelay + 1), row-major. */
  table: Float64Array;
  rows: number;
}

/** Aggregate records into an event period x delay table (all reports, no masking). */
export function aggregateRecords(
  records: ReportingRecords,
  options: { unit?: PeriodUnit; maxDelay?: number },
  fn: string,
): AggregatedRecords {
  const unit = options.unit ?? 'day';
  if (records == null || !Array.isArray(records.event)) {
    throw new InvalidArgumentError('records', `${fn} requires records with an event array`);
  }
  const n = records.event.length;
  if (n === 0)
    throw new InvalidArgumentError('records', `${fn} requires at least one record; received 0`);
  const hasReport = Array.isArray(records.report);
  const hasDelay = Array.isArray(records.delay);
  if (hasReport === hasDelay) {
    throw new InvalidArgumentError(
      'records',
      `${fn} requires exactly one of report dates or delays`,
    );
  }
  for (const [name, column] of [
    ['report', records.report],
    ['delay', records.delay],
    ['count', records.count],
  ] as const) {
    if (column !== undefined && column.length !== n) {
      throw new InvalidArgumentError(
        name,
        `${fn} requires ${name} to have one entry per event (${n}); received ${column.length}`,
      );
    }
  }
  const base: PeriodUnit = unit === 'week' ? 'day' : unit;
  const eventPeriod = new Float64Array(n);
  const delay = new Int32Array(n);
  const count = new Float64Array(n);
  let first = Number.POSITIVE_INFINITY;
  let lastReport = Number.NEGATIVE_INFINITY;
  let maxSeen = 0;
  for (let i = 0; i < n; i++) {
    const e = toPeriod(records.event[i], base, fn, 'event');
    let d: number;
    if (hasReport) {
      const r = toPeriod(records.report![i], base, fn, 'report');
      if (r < e) {
        throw new DataError(
          `${fn} requires report dates on or after event dates; received ${String(records.report![i])} before ${String(records.event[i])} in record ${i + 1}`,
          { column: 'report', row: i + 1 },
        );
      }
      d = unit === 'week' ? Math.floor((r - e) / 7) : r - e;
    } else {
      d = records.delay![i];
      if (!Number.isInteger(d) || d < 0) {
        throw new DataError(
          `${fn} requires delays that are integers >= 0; received ${String(d)} in record ${i + 1}`,
          {
            column: 'delay',
            row: i + 1,
          },
        );
      }
    }
    const c = records.count === undefined ? 1 : records.count[i];
    if (typeof c !== 'number' || !Number.isFinite(c) || c < 0) {
      throw new DataError(
        `${fn} requires counts that are finite and >= 0; received ${String(c)} in record ${i + 1}`,
        {
          column: 'count',
          row: i + 1,
        },
      );
    }
    const period = unit === 'week' ? Math.floor((e + 3) / 7) : e;
    eventPeriod[i] = period;
    delay[i] = d;
    count[i] = c;
    if (period < first) first = period;
    if (period + d > lastReport) lastReport = period + d;
    if (d > maxSeen) maxSeen = d;
  }
  const maxDelay =
    options.maxDelay === undefined
      ? maxSeen
      : checkNumber(options.maxDelay, fn, 'maxDelay', { min: 0, integer: true });
  const rows = lastReport - first + 1;
  const width = maxDelay + 1;
  const table = new Float64Array(rows * width);
  for (let i = 0; i < n; i++) {
    if (delay[i] > maxDelay) {
      throw new DataError(
        `${fn} requires delays <= maxDelay (${maxDelay}); received ${delay[i]} in record ${i + 1}`,
        {
          column: hasReport ? 'report' : 'delay',
          row: i + 1,
        },
      );
    }
    table[(eventPeriod[i] - first) * width + delay[i]] += count[i];
  }
  return { unit, first, lastReport, maxDelay, table, rows };
}

/** The triangle known at period index `now`. */
export function maskTriangle(aggregated: AggregatedRecords, now: number): ReportingTriangle {
  const { unit, first, maxDelay, table } = aggregated;
  const width = maxDelay + 1;
  const periods: string[] = [];
  const counts: (number | null)[][] = [];
  for (let t = first; t <= now; t++) {
    periods.push(periodLabel(t, unit));
    const row: (number | null)[] = [];
    const offset = (t - first) * width;
    for (let d = 0; d <= maxDelay; d++) {
      if (t + d > now) row.push(null);
      else row.push(t - first < aggregated.rows ? table[offset + d] : 0);
    }
    counts.push(row);
  }
  return { unit, now: periodLabel(now, unit), periods, maxDelay, counts };
}
