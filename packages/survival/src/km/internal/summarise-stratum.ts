import { InvalidArgumentError } from '@muster/core';
import {
  medianTime,
  quantileTime,
  restrictedMean,
  type SurvivalAtRow,
  survivalAt,
} from '../../internal/curve-summary.ts';
import {
  clusterIgnoredWarning,
  emptyIntervalsDroppedWarning,
  missingValuesDroppedWarning,
  noEventsWarning,
  rowsBeforeStartTimeWarning,
  type SurvivalWarning,
} from '../../warnings.ts';
import type { KaplanMeierOptions, KaplanMeierRow, KaplanMeierStratum } from '../kaplan-meier.ts';
import type { CurveRowsWithHazard } from './curve-rows.ts';
import type { KaplanMeierInput } from './km-input.ts';
import type { KaplanMeierSettings } from './km-options.ts';

const nullable = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** The restricted-mean horizon of one curve; a horizon before the data is refused as R does. */
function rmeanHorizon(
  rmean: number | 'common' | 'individual',
  rows: CurveRowsWithHazard,
  input: KaplanMeierInput,
  lastTimeAll: number,
  firstTimeAll: number,
  hasStartTime: boolean,
): number {
  if (rmean === 'common') return lastTimeAll;
  if (rmean === 'individual') return rows.time[rows.time.length - 1];
  const floor = hasStartTime ? input.startTime : firstTimeAll;
  if (rmean < floor) {
    throw new InvalidArgumentError(
      'rmean',
      `kaplanMeier requires the rmean horizon at or after the ${hasStartTime ? 'startTime' : 'smallest time'} ${floor}, as R ("Truncation point for the mean is < smallest survival"); received ${rmean}`,
    );
  }
  return rmean;
}

/** Table, median, quantiles, survival at times and restricted mean of curve `g`. */
export function summariseStratum(
  rows: CurveRowsWithHazard,
  g: number,
  input: KaplanMeierInput,
  settings: KaplanMeierSettings,
  options: KaplanMeierOptions,
  allCurves: readonly CurveRowsWithHazard[],
): KaplanMeierStratum {
  const m = rows.time.length;
  const hasLimits = settings.confType !== 'none';
  const table: KaplanMeierRow[] = new Array(m);
  let events = 0;
  for (let i = 0; i < m; i++) {
    events += rows.nEvent[i];
    table[i] = {
      time: rows.time[i],
      nRisk: rows.nRisk[i],
      nEvent: rows.nEvent[i],
      nCensor: rows.nCensor[i],
      surv: rows.surv[i],
      stdErr: nullable(rows.stdErr[i]),
      lower: hasLimits ? nullable(rows.lower[i]) : null,
      upper: hasLimits ? nullable(rows.upper[i]) : null,
      cumHazard: rows.cumHazard[i],
      cumHazardStdErr: rows.cumHazardStdErr[i],
    };
  }
  let n = 0;
  for (let i = 0; i < input.codes.length; i++) if (input.codes[i] === g) n++;
  const stratum: KaplanMeierStratum = {
    group: input.labels[g],
    n,
    events,
    table,
    median: nullable(medianTime(rows.surv, rows.time)),
    medianLower: hasLimits ? nullable(medianTime(rows.lower, rows.time)) : null,
    medianUpper: hasLimits ? nullable(medianTime(rows.upper, rows.time)) : null,
  };
  // quantile.survfit starts the distribution at start.time, or 0 (not min(0, time))
  const firstx = options.startTime ?? 0;
  if (options.quantiles) {
    stratum.quantiles = options.quantiles.map((p) => ({
      probability: p,
      time: nullable(quantileTime(p, rows.surv, rows.time, firstx)),
      lower: hasLimits ? nullable(quantileTime(p, rows.lower, rows.time, firstx)) : null,
      upper: hasLimits ? nullable(quantileTime(p, rows.upper, rows.time, firstx)) : null,
    }));
  }
  if (options.times) {
    stratum.survivalAt = survivalAt(
      rows,
      options.times,
      input.startTime,
      options.extend ?? false,
    ).map((row: SurvivalAtRow) => ({
      ...row,
      stdErr: nullable(row.stdErr),
      lower: hasLimits ? nullable(row.lower) : null,
      upper: hasLimits ? nullable(row.upper) : null,
    }));
  }
  if (options.rmean !== undefined) {
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const curve of allCurves) {
      if (curve.time.length === 0) continue;
      first = Math.min(first, curve.time[0]);
      last = Math.max(last, curve.time[curve.time.length - 1]);
    }
    const horizon = rmeanHorizon(
      options.rmean,
      rows,
      input,
      last,
      first,
      options.startTime !== undefined,
    );
    stratum.rmean = restrictedMean(rows, horizon, input.startTime);
  }
  return stratum;
}

/** Warnings of a kaplanMeier call: dropped rows, ignored cluster, curves without events. */
export function kaplanMeierWarnings(
  input: KaplanMeierInput,
  strata: readonly KaplanMeierStratum[],
): SurvivalWarning[] {
  const warnings: SurvivalWarning[] = [];
  if (input.nDropped > 0) {
    warnings.push(
      missingValuesDroppedWarning(
        'kaplanMeier',
        input.nDropped,
        'a missing time, event, start, group, weight or cluster',
      ),
    );
  }
  if (input.emptyIntervals.length > 0) {
    warnings.push(emptyIntervalsDroppedWarning('kaplanMeier', input.emptyIntervals));
  }
  if (input.nBeforeStart > 0) {
    warnings.push(rowsBeforeStartTimeWarning('kaplanMeier', input.nBeforeStart, input.startTime));
  }
  if (input.clusterIgnored) warnings.push(clusterIgnoredWarning('kaplanMeier'));
  for (const stratum of strata) {
    if (stratum.events === 0) {
      warnings.push(
        noEventsWarning(
          'kaplanMeier',
          `group ${stratum.group} has no events; its curve stays at 1 and its median is not reached`,
          [stratum.group],
        ),
      );
    }
  }
  return warnings;
}
