import { InvalidArgumentError } from '@muster/core';
import { describe, requireArray } from './internal/checks.ts';
import { checkStrata } from './internal/strata.ts';
import type { KaplanMeierResult, KaplanMeierStratum } from './types.ts';

/** The number at risk in one group at one time. */
export interface NumberAtRiskRow {
  group: string;
  time: number;
  nRisk: number;
}

/**
 * The number at risk in each group at chosen times, as R's `summary(fit, times, extend = TRUE)`
 * reports `n.risk` and as the table under a Kaplan-Meier plot shows it: subjects still under
 * observation just before `t`, which is `nRisk` of the first table row at or after `t` (that row's
 * risk set is everyone with follow-up >= its time, and nobody leaves between `t` and it), and 0
 * after the last row. Needs the table rows at every distinct time, censored ones included, as the
 * km results carry them.
 *
 * @param result - A Kaplan-Meier result (`strata[]` with `group` and `table` rows `time`, `nRisk`).
 * @param times - Finite times, in the order wanted (usually ascending).
 * @returns One row per group and time, groups in result order, times in the given order.
 * @throws InvalidArgumentError for a malformed result or a non-finite time.
 * @example
 * numberAtRisk({ strata: [{ group: 'all', table: [
 *   { time: 2, nRisk: 5, nEvent: 1, nCensor: 0, surv: 0.8 },
 *   { time: 4, nRisk: 3, nEvent: 0, nCensor: 1, surv: 0.8 },
 * ] }] }, [0, 3, 5])
 * // => [{ group: 'all', time: 0, nRisk: 5 }, { group: 'all', time: 3, nRisk: 3 },
 * //     { group: 'all', time: 5, nRisk: 0 }]
 */
export function numberAtRisk(
  result: KaplanMeierResult,
  times: readonly number[],
): NumberAtRiskRow[] {
  const strata = checkStrata<KaplanMeierStratum>('numberAtRisk', result);
  requireArray('numberAtRisk', 'times', times);
  for (const t of times) {
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      throw new InvalidArgumentError(
        'times',
        `numberAtRisk requires finite times; received ${describe(t)}`,
      );
    }
  }
  const rows: NumberAtRiskRow[] = [];
  for (const stratum of strata) {
    const table = stratum.table;
    for (const t of times) {
      // Binary search for the first row with time >= t.
      let lo = 0;
      let hi = table.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (table[mid].time < t) lo = mid + 1;
        else hi = mid;
      }
      const nRisk = lo < table.length ? table[lo].nRisk : 0;
      if (typeof nRisk !== 'number' || !Number.isFinite(nRisk)) {
        throw new InvalidArgumentError(
          'result.strata',
          `numberAtRisk requires finite nRisk; received ${describe(nRisk)} at time ${table[lo].time} of group ${describe(stratum.group)}`,
        );
      }
      rows.push({ group: stratum.group, time: t, nRisk });
    }
  }
  return rows;
}
