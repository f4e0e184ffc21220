/**
 * Cumulative incidence curves of counting-process (start, stop] rows (late entry), as R's
 * survfit(Surv(start, stop, factor(event)) ~ group, id = id): check each subject's rows as
 * survcheck does, merge near-tied times (aeqSurv on start and stop together), then one
 * Aalen-Johansen curve per group with influences summed by subject id, or by the cluster.
 */
import { DataError } from '@muster/core';
import type {
  CumulativeIncidenceConfType,
  CumulativeIncidenceStratum,
} from '../cumulative-incidence.ts';
import { aalenJohansenLateEntry } from './aalen-johansen-late-entry.ts';
import type { CompetingInput } from './competing-input.ts';
import { incidenceRows } from './incidence-rows.ts';
import { fixTies } from './time-index.ts';

/**
 * Refuse what survfit's survcheck flags for a competing-risks process: a subject's rows that
 * overlap or leave a gap, and rows after an event (the causes are absorbing).
 */
export function checkSubjects(fn: string, input: CompetingInput, start: Float64Array): void {
  const order = Array.from(input.id.keys()).sort(
    (u, v) => input.id[u] - input.id[v] || start[u] - start[v],
  );
  const row = (i: number) => input.rows[i] + 1;
  for (let q = 1; q < order.length; q++) {
    const prev = order[q - 1];
    const next = order[q];
    if (input.id[prev] !== input.id[next]) continue;
    const who = `id ${input.idLevels[input.id[next]]} (rows ${row(prev)} and ${row(next)})`;
    if (start[next] < input.time[prev]) {
      throw new DataError(
        `${fn} requires the (start, stop] rows of a subject not to overlap, as survfit; ${who} overlap`,
        { column: input.idLabel ?? 'id', row: row(next) },
      );
    }
    if (start[next] > input.time[prev]) {
      throw new DataError(
        `${fn} requires the (start, stop] rows of a subject to be contiguous, as survfit; ${who} leave a gap from ${input.time[prev]} to ${start[next]}`,
        { column: input.idLabel ?? 'id', row: row(next) },
      );
    }
    if (input.status[prev] > 0) {
      throw new DataError(
        `${fn} requires an event to end a subject's follow-up (competing causes are absorbing); ${who}: an event at ${input.time[prev]} is followed by another row`,
        { column: input.eventLabel, row: row(prev) },
      );
    }
  }
}

/** One table per group for (start, stop] rows; `input.start` is set. */
export function lateEntryStrata(
  input: CompetingInput,
  start: Float64Array,
  names: string[],
  confType: CumulativeIncidenceConfType,
  z: number,
): CumulativeIncidenceStratum[] {
  const n = input.time.length;
  const K = input.causes.length;
  const width = K + 1;
  const joint = new Float64Array(2 * n);
  joint.set(start, 0);
  joint.set(input.time, n);
  const fixed = fixTies(joint).time;
  const useCluster = input.clusterLevels.length > 0;
  const cluster = useCluster ? input.cluster : input.id;
  const nClusters = useCluster ? input.clusterLevels.length : input.idLevels.length;
  const ng = Math.max(1, input.groupLevels.length);
  const strata: CumulativeIncidenceStratum[] = [];
  for (let g = 0; g < ng; g++) {
    const members: number[] = [];
    for (let i = 0; i < n; i++) if (ng === 1 || input.group[i] === g) members.push(i);
    const times = Float64Array.from(new Set(members.map((i) => fixed[n + i]))).sort();
    const m = times.length;
    const stopIndex = Int32Array.from(members, (i) => upperBound(times, fixed[n + i]) - 1);
    const entryIndex = Int32Array.from(members, (i) => upperBound(times, fixed[i]));
    const status = Int32Array.from(members, (i) => input.status[i]);
    const curve = aalenJohansenLateEntry(
      entryIndex,
      stopIndex,
      status,
      Int32Array.from(members, (i) => cluster[i]),
      m,
      nClusters,
      K,
    );
    const counts = new Int32Array(m * width);
    for (let q = 0; q < members.length; q++) counts[stopIndex[q] * width + status[q]]++;
    strata.push({
      group: input.groupLevels.length > 0 ? input.groupLevels[g] : null,
      n: members.length,
      table: incidenceRows(curve, counts, times, names, confType, z),
    });
  }
  return strata;
}

/** Number of values <= x in the ascending `values`. */
function upperBound(values: Float64Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
