/**
 * The reported quantities of a Cox fit, each from the kernel's result: coefficient rows, the
 * fields every Muster fit shares, the global tests, concordance, cox.zph and the warnings.
 */
import { pchisq } from '@muster/core';
import {
  aliasedWarning,
  emptyIntervalsDroppedWarning,
  infiniteCoefficientWarning,
  missingValuesDroppedWarning,
  notConvergedWarning,
  type SurvivalWarning,
} from '../../warnings.ts';
import type { ChiSquareTest, CoxCoefficient, CoxResult } from '../fit-cox.ts';
import { concordance } from './concordance.ts';
import type { CoxData } from './cox-data.ts';
import type { CoxFrame } from './cox-frame.ts';
import type { CoxKernelResult } from './cox-kernel.ts';
import type { CoxSettings } from './cox-options.ts';
import type { CoxCovariance, CoxFitted, VarianceChoice } from './cox-variance.ts';
import { waldStatistic } from './robust-variance.ts';
import { coxZph } from './zph.ts';

const round2 = (x: number) => Math.round(x * 100) / 100;

function subMatrix(matrix: Float64Array, p: number, keep: number[]): Float64Array {
  const q = keep.length;
  const out = new Float64Array(q * q);
  for (let i = 0; i < q; i++)
    for (let j = 0; j < q; j++) out[i + j * q] = matrix[keep[i] + keep[j] * p];
  return out;
}

/**
 * Coefficient rows: log hazard ratio with its interval, z test, hazard ratio with its interval
 * (null where aliased). `z` is the normal quantile of the level.
 */
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
        stdError: null,
        statistic: null,
        pValue: null,
        lower: null,
        upper: null,
        hazardRatio: null,
        hazardRatioLower: null,
        hazardRatioUpper: null,
        naiveStdError: null,
      };
    }
    const estimate = kernel.beta[j];
    const se = Math.sqrt(variance[j + j * p]);
    const statistic = estimate / se;
    const lower = estimate - z * se;
    const upper = estimate + z * se;
    return {
      term,
      estimate,
      stdError: se,
      statistic,
      pValue: pchisq(statistic * statistic, 1, false),
      lower,
      upper,
      hazardRatio: Math.exp(estimate),
      hazardRatioLower: Math.exp(lower),
      hazardRatioUpper: Math.exp(upper),
      naiveStdError: Math.sqrt(naive[j + j * p]),
    };
  });
}

/** Covariance rows and columns in coefficient order, null where aliased. */
function vcovRows(terms: string[], kernel: CoxKernelResult, vcov: Float64Array) {
  const p = terms.length;
  return terms.map((_, i) =>
    terms.map((__, j) => (kernel.aliased[i] || kernel.aliased[j] ? null : vcov[i + j * p])),
  );
}

/** The fields every Muster fit shares, and the Cox model's description. */
export function coxBaseFields(
  frame: CoxFrame,
  kernel: CoxKernelResult,
  settings: CoxSettings,
  covariance: CoxCovariance,
  choice: VarianceChoice,
  z: number,
) {
  const df = kernel.aliased.filter((aliased) => !aliased).length;
  const userClusters = choice.cluster !== null && frame.cluster !== null;
  return {
    formula: frame.design.formula,
    method: 'partial-likelihood' as const,
    ties: settings.ties,
    type: frame.start ? ('counting' as const) : ('right' as const),
    confLevel: settings.confLevel,
    vcovType: choice.cluster
      ? frame.cluster
        ? ('cluster' as const)
        : ('robust' as const)
      : ('classical' as const),
    vcov: vcovRows(frame.terms, kernel, covariance.vcov),
    statisticType: 'z' as const,
    dfResidual: null,
    coefficients: coxCoefficients(frame.terms, kernel, covariance.vcov, z),
    means: Array.from(kernel.means),
    nobs: frame.n,
    nEvents: frame.nEvents,
    nDropped: frame.nDropped,
    strata: frame.strataLevels,
    nClusters: userClusters ? frame.nClusters : null,
    logLik: kernel.loglik,
    logLikNull: kernel.loglikInit,
    df,
    aic: -2 * kernel.loglik + 2 * df,
    bic: -2 * kernel.loglik + Math.log(frame.nEvents) * df,
    converged: kernel.converged,
    iterations: kernel.iterations,
  };
}

/** Harrell's concordance with its standard error (concordancefit), clustered as the fit is. */
export function coxConcordance(
  frame: CoxFrame,
  fitted: CoxFitted,
  choice: VarianceChoice,
): Pick<CoxResult, 'concordance' | 'concordanceStdError' | 'concordanceCounts'> {
  const { sorted, eta } = fitted;
  const userClusters = choice.cluster && frame.cluster ? choice.cluster : null;
  const c = concordance(
    sorted,
    eta,
    userClusters ? remapByPosition(userClusters, sorted) : null,
    frame.nClusters,
  );
  return {
    concordance: c.concordance,
    concordanceStdError: c.stdError,
    concordanceCounts: {
      concordant: c.concordant,
      discordant: c.discordant,
      tiedX: c.tiedX,
      tiedY: c.tiedY,
      tiedXY: c.tiedXY,
    },
  };
}

function remapByPosition(codes: Int32Array, data: CoxData): Int32Array {
  const out = new Int32Array(data.n);
  for (let k = 0; k < data.n; k++) out[k] = codes[data.row[k]];
  return out;
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

/** cox.zph (the chosen transform) by term of the model, then GLOBAL. */
export function zphRows(
  frame: CoxFrame,
  fitted: CoxFitted,
  settings: CoxSettings,
): NonNullable<CoxResult['zph']> {
  const { design } = frame;
  const termColumns = new Map<number, number[]>();
  fitted.kept.forEach((j, position) => {
    const a = design.assign[frame.columnIndex[j]];
    const list = termColumns.get(a) ?? [];
    list.push(position);
    termColumns.set(a, list);
  });
  const termList = [...termColumns.entries()]
    .sort((u, v) => u[0] - v[0])
    .map(([a, columns]) => ({ term: design.termLabels[a - 1], columns }));
  const { sorted, eta, kept } = fitted;
  return coxZph(sorted, eta, settings.efron, kept, termList, settings.zphTransform).map((row) => ({
    term: row.term,
    chisq: row.chisq,
    df: row.df,
    pValue: pchisq(row.chisq, row.df, false),
  }));
}

/** Rows dropped, non-convergence, aliased and possibly infinite coefficients. */
export function coxWarnings(
  frame: CoxFrame,
  kernel: CoxKernelResult,
  settings: CoxSettings,
): SurvivalWarning[] {
  const warnings: SurvivalWarning[] = [];
  const { terms } = frame;
  if (frame.nDropped > 0) warnings.push(missingValuesDroppedWarning('fitCox', frame.nDropped));
  if (frame.emptyIntervals.length > 0) {
    warnings.push(emptyIntervalsDroppedWarning('fitCox', frame.emptyIntervals));
  }
  if (!kernel.converged && settings.control.maxIter > 0) {
    warnings.push(
      notConvergedWarning(
        'fitCox',
        settings.control.maxIter,
        'estimates are from the last accepted step. Check for separation (a covariate that perfectly predicts the order of events) or raise maxIter',
      ),
    );
  }
  const aliasedTerms = terms.filter((_, j) => kernel.aliased[j]);
  if (aliasedTerms.length > 0) {
    warnings.push(
      aliasedWarning(
        'fitCox',
        aliasedTerms,
        'the information matrix is singular, e.g. a covariate constant within every stratum or collinear with others',
      ),
    );
  }
  if (kernel.possiblyInfinite.length > 0) {
    const names = kernel.possiblyInfinite.map((j) => terms[j]);
    warnings.push(infiniteCoefficientWarning('fitCox', names));
  }
  return warnings;
}
