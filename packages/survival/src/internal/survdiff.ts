/**
 * The G-rho family of k-sample tests (Harrington & Fleming 1982), as survival's survdiff2.c.
 *
 * Contract: `stop`, `event` (0/1), `group` (codes 0..nGroups-1) and `strata` (codes
 * 0..nStrata-1) have one entry per subject. Within each stratum, at each distinct event time t
 * with n at risk and d events, group k with n_k at risk contributes
 *   observed_k += w d_k,  expected_k += w d n_k / n,
 *   V_jk += w^2 d (n - d) / (n (n - 1)) (n_j [j = k] - n_j n_k / n)   (skipped when n = 1),
 * where w = S(t-)^rho and S is the Kaplan-Meier estimate of the stratum's pooled data (left
 * continuous). observed, expected and V are summed over strata.
 */
import { groupStable, sortIndex } from './sort-index.ts';

export interface SurvdiffSums {
  /** Subjects per group. */
  n: Float64Array;
  observed: Float64Array;
  expected: Float64Array;
  /** nGroups x nGroups, column-major. */
  variance: Float64Array;
}

export function survdiffSums(
  stop: Float64Array,
  event: Uint8Array,
  group: Int32Array,
  nGroups: number,
  strata: Int32Array,
  nStrata: number,
  rho: number,
): SurvdiffSums {
  const total = stop.length;
  const n = new Float64Array(nGroups);
  for (let i = 0; i < total; i++) n[group[i]]++;
  // order by stratum, then time (events before censorings at a tied time does not matter here:
  // every row at the time is counted at risk)
  const order = groupStable(sortIndex(stop), strata, nStrata);
  const observed = new Float64Array(nGroups);
  const expected = new Float64Array(nGroups);
  const variance = new Float64Array(nGroups * nGroups);
  const risk = new Float64Array(nGroups);
  const deathsByGroup = new Float64Array(nGroups);
  const weight = new Float64Array(total);
  let from = 0;
  while (from < total) {
    const s = strata[order[from]];
    let to = from;
    while (to < total && strata[order[to]] === s) to++;
    // left-continuous pooled Kaplan-Meier for the weights
    if (rho !== 0) {
      let km = 1;
      for (let i = from; i < to; ) {
        const t = stop[order[i]];
        const atRisk = to - i;
        let deaths = 0;
        let j = i;
        for (; j < to && stop[order[j]] === t; j++) {
          weight[j] = km;
          deaths += event[order[j]];
        }
        km = (km * (atRisk - deaths)) / atRisk;
        i = j;
      }
    }
    risk.fill(0);
    for (let i = to - 1; i >= from; ) {
      const t = stop[order[i]];
      const w = rho === 0 ? 1 : weight[i] ** rho;
      let deaths = 0;
      deathsByGroup.fill(0);
      let j = i;
      for (; j >= from && stop[order[j]] === t; j--) {
        const row = order[j];
        const k = group[row];
        deaths += event[row];
        risk[k] += 1;
        observed[k] += event[row] * w;
      }
      const atRisk = to - (j + 1);
      i = j;
      if (deaths === 0) continue;
      for (let k = 0; k < nGroups; k++) expected[k] += (w * deaths * risk[k]) / atRisk;
      if (atRisk === 1) continue;
      const w2 = w * w;
      for (let a = 0; a < nGroups; a++) {
        const term = (w2 * deaths * risk[a] * (atRisk - deaths)) / (atRisk * (atRisk - 1));
        variance[a + a * nGroups] += term;
        for (let b = 0; b < nGroups; b++) variance[a * nGroups + b] -= (term * risk[b]) / atRisk;
      }
    }
    from = to;
  }
  return { n, observed, expected, variance };
}
