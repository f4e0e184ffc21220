import { qnorm } from '@muster/core';
import { confLimits } from '../../internal/conf-int.ts';
import { groupStable, sortIndex } from '../../internal/sort-index.ts';
import { type CurveRowsWithHazard, curveRows } from './curve-rows.ts';
import type { KaplanMeierInput } from './km-input.ts';
import type { KaplanMeierSettings } from './km-options.ts';

/** One curve per group: rows by ascending time within each group, then pointwise limits. */
export function computeCurves(
  input: KaplanMeierInput,
  settings: KaplanMeierSettings,
): CurveRowsWithHazard[] {
  const { stop, start, codes, labels } = input;
  const n = stop.length;
  const nGroups = labels.length;
  const order = groupStable(input.stopOrder, codes, nGroups);
  const startOrder = start ? groupStable(sortIndex(start), codes, nGroups) : null;
  const bounds = new Int32Array(nGroups + 1);
  for (let i = 0; i < n; i++) bounds[codes[i] + 1]++;
  for (let g = 0; g < nGroups; g++) bounds[g + 1] += bounds[g];
  const z = qnorm(1 - (1 - settings.confLevel) / 2);
  const curves: CurveRowsWithHazard[] = [];
  for (let g = 0; g < nGroups; g++) {
    const rows = curveRows(
      {
        stop,
        start,
        event: input.event,
        weight: input.weight,
        cluster: input.cluster,
        nClusters: input.nClusters,
        stype: settings.stype,
        ctype: settings.ctype,
      },
      order,
      startOrder,
      bounds[g],
      bounds[g + 1],
    );
    for (let i = 0; i < rows.time.length; i++) {
      const [lower, upper] = confLimits(rows.surv[i], rows.seLog[i], z, settings.confType);
      rows.lower[i] = lower;
      rows.upper[i] = upper;
    }
    curves.push(rows);
  }
  return curves;
}
