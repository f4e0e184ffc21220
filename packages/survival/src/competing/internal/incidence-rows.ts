/**
 * The rows of a cumulative incidence table: counts, the incidence of each cause with its
 * standard error and pointwise limits (R survival's survfit_confint with logse = FALSE).
 */
import type {
  CumulativeIncidenceConfType,
  CumulativeIncidenceRow,
} from '../cumulative-incidence.ts';
import type { AalenJohansenCurve } from './aalen-johansen-kernel.ts';

function interval(
  confType: CumulativeIncidenceConfType,
  p: number,
  se: number,
  z: number,
): [number | null, number | null] {
  // R survival's survfit_confint with logse = FALSE.
  if (confType === 'none') return [null, null];
  const relative = se === 0 ? 0 : se / p;
  if (confType === 'plain') {
    const width = relative * p * z;
    return [Math.max(p - width, 0), Math.min(p + width, 1)];
  }
  if (confType === 'log') {
    if (p === 0) return [null, null];
    return [
      Math.exp(Math.log(p) - z * relative),
      Math.min(Math.exp(Math.log(p) + z * relative), 1),
    ];
  }
  if (p === 0 || p === 1) return [null, null];
  const width = (z * relative) / Math.log(p);
  const center = Math.log(-Math.log(p));
  return [Math.exp(-Math.exp(center - width)), Math.exp(-Math.exp(center + width))];
}

/** The rows of one group's table: counts, incidence with its standard error and limits, by cause. */
export function incidenceRows(
  curve: AalenJohansenCurve,
  local: Int32Array,
  times: Float64Array,
  names: string[],
  confType: CumulativeIncidenceConfType,
  z: number,
): CumulativeIncidenceRow[] {
  const m = times.length;
  const K = names.length;
  const width = K + 1;
  const table: CumulativeIncidenceRow[] = new Array(m);
  for (let j = 0; j < m; j++) {
    const nEvent: Record<string, number> = {};
    const cif: Record<string, number> = {};
    const stdErr: Record<string, number> = {};
    const lower: Record<string, number | null> = {};
    const upper: Record<string, number | null> = {};
    for (let k = 0; k < K; k++) {
      const name = names[k];
      const p = curve.cif[j * K + k];
      const se = curve.cifStdErr[j * K + k];
      nEvent[name] = local[j * width + k + 1];
      cif[name] = p;
      stdErr[name] = se;
      const [lo, hi] = interval(confType, p, se, z);
      lower[name] = lo;
      upper[name] = hi;
    }
    table[j] = {
      time: times[j],
      nRisk: curve.nRisk[j],
      nEvent,
      nCensor: local[j * width],
      cif,
      stdErr,
      lower,
      upper,
      survival: curve.survival[j],
      survivalStdErr: curve.survivalStdErr[j],
    };
  }
  return table;
}
