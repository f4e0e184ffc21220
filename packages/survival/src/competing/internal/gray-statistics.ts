/**
 * Gray's K-sample test for every cause, from prepared competing-risks input: tabulate the counts
 * per stratum, run the crstm kernel per cause, sum scores and variances over strata, and form
 * score' V^-1 score on (groups - 1) degrees of freedom. The variance is inverted through a pivoted
 * QR with R's default tolerance 1e-7 (as cmprsk::cuminc does with qr()); a rank-deficient
 * variance gives no statistic.
 */
import { pchisq, qrCoefficients, qrDecompose } from '@muster/core';
import type { GrayTestRow } from '../../types.ts';
import { grayTestSingularWarning, type SurvivalWarning } from '../../warnings.ts';
import type { CompetingInput } from './competing-input.ts';
import { grayKernel } from './gray-kernel.ts';
import { distinctTimes } from './time-index.ts';

export function grayStatistics(
  fn: string,
  input: CompetingInput,
  rho: number,
  warnings: SurvivalWarning[],
): GrayTestRow[] {
  const ng = input.groupLevels.length;
  const ng1 = ng - 1;
  const K = input.causes.length;
  const nstrata = Math.max(1, input.strataLevels.length);
  const score = Array.from({ length: K }, () => new Float64Array(ng1));
  const variance = Array.from({ length: K }, () => new Float64Array(ng1 * ng1));

  for (let st = 0; st < nstrata; st++) {
    const members: number[] = [];
    for (let i = 0; i < input.time.length; i++) {
      if (input.strataLevels.length === 0 || input.strata[i] === st) members.push(i);
    }
    const times = new Float64Array(members.length);
    members.forEach((i, r) => {
      times[r] = input.time[i];
    });
    const { unique, index } = distinctTimes(times);
    const ntime = unique.length;
    const counts = new Int32Array(ntime * ng * 3);
    for (let k = 1; k <= K; k++) {
      counts.fill(0);
      for (let r = 0; r < members.length; r++) {
        const i = members[r];
        const s = input.status[i];
        const m = s === 0 ? 0 : s === k ? 1 : 2;
        counts[(index[r] * ng + input.group[i]) * 3 + m]++;
      }
      const { score: s, variance: v } = grayKernel(counts, ntime, ng, rho);
      for (let i = 0; i < ng1; i++) score[k - 1][i] += s[i];
      for (let i = 0; i < ng1 * ng1; i++) variance[k - 1][i] += v[i];
    }
  }

  return input.causes.map((cause, k) => {
    const qr = qrDecompose(Float64Array.from(variance[k]), ng1, ng1, 1e-7);
    if (qr.rank < ng1) {
      warnings.push(grayTestSingularWarning(fn, cause.name));
      return { cause: cause.name, statistic: null, df: ng1, pValue: null };
    }
    const solved = qrCoefficients(qr, score[k]);
    let statistic = 0;
    for (let i = 0; i < ng1; i++) statistic += score[k][i] * solved[i];
    return {
      cause: cause.name,
      statistic,
      df: ng1,
      pValue: pchisq(statistic, ng1, false),
    };
  });
}
