import { pchisq } from '@muster/core';
import type { CoxKernelResult } from '../cox-kernel.ts';
import type { ChiSquareTest, CoxCoefficient, CoxResult } from '../fit-cox.ts';
import { waldStatistic } from './robust-variance.ts';

const round2 = (x: number) => Math.round(x * 100) / 100;

function subMatrix(matrix: Float64Array, p: number, keep: number[]): Float64Array {
  const q = keep.length;
  const out = new Float64Array(q * q);
  for (let i = 0; i < q; i++)
    for (let j = 0; j < q; j++) out[i + j * q] = matrix[keep[i] + keep[j] * p];
  return out;
}

/** Coefficients with hazard ratios, z tests and intervals (null where aliased). */
export function coxCoefficients(
  terms: string[],
  kernel: CoxKernelResult,
  variance: Float64Array,
  z: number,
): CoxCoefficient[] {
  const p = terms.length;
  const naive = kernel.variance;
  return terms.map((term, j) => {
    if (kernel.aliased[j]) {
      return {
        term,
        estimate: null,
        hazardRatio: null,
        stdError: null,
        naiveStdError: null,
        statistic: null,
        pValue: null,
        lower: null,
        upper: null,
      };
    }
    const estimate = kernel.beta[j];
    const se = Math.sqrt(variance[j + j * p]);
    const statistic = estimate / se;
    return {
      term,
      estimate,
      hazardRatio: Math.exp(estimate),
      stdError: se,
      naiveStdError: Math.sqrt(naive[j + j * p]),
      statistic,
      pValue: pchisq(statistic * statistic, 1, false),
      lower: Math.exp(estimate - z * se),
      upper: Math.exp(estimate + z * se),
    };
  });
}

/** Likelihood-ratio, Wald (from the reported covariance) and score tests, as summary.coxph. */
export function coxGlobalTests(
  kernel: CoxKernelResult,
  variance: Float64Array,
  kept: number[],
  p: number,
  init: Float64Array | undefined,
  toler: number,
): Pick<CoxResult, 'likelihoodRatioTest' | 'waldTest' | 'scoreTest'> {
  const df = kept.length;
  if (df === 0) return { likelihoodRatioTest: null, waldTest: null, scoreTest: null };
  const lr = 2 * (kernel.loglik - kernel.loglikInit);
  const b = new Float64Array(df);
  kept.forEach((j, i) => {
    b[i] = kernel.beta[j] - (init ? init[j] : 0);
  });
  const wald = waldStatistic(subMatrix(variance, p, kept), df, b, toler);
  const score: ChiSquareTest = {
    statistic: kernel.scoreTest,
    df,
    pValue: pchisq(kernel.scoreTest, df, false),
  };
  return {
    likelihoodRatioTest: { statistic: lr, df, pValue: pchisq(lr, df, false) },
    waldTest: {
      statistic: round2(wald),
      df,
      pValue: pchisq(wald, df, false),
      statisticUnrounded: wald,
    },
    scoreTest: score,
  };
}
