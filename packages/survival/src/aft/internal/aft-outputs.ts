/** The reported quantities of an AFT fit: coefficient rows, warnings and the shared fields. */
import { pchisq, pnorm, qnorm } from '@muster/core';
import {
  aliasedWarning,
  noEventsWarning,
  nonFiniteLogLikWarning,
  notConvergedWarning,
  type SurvivalWarning,
} from '../../warnings.ts';
import type { AftCoefficient, AftResult } from '../fit-aft.ts';
import type { AftFrame } from './aft-frame.ts';
import type { AftSettings } from './aft-options.ts';
import type { SurvregFit } from './survreg-kernel.ts';

const FN = 'fitAft';

/**
 * Coefficient rows (covariates, then the log-scales: `Log(scale)` or one per stratum) with Wald
 * z, p and interval; null where the column is aliased (zero variance).
 */
export function aftCoefficients(
  terms: string[],
  estimate: Float64Array,
  variance: Float64Array,
  nvar: number,
  confLevel: number,
): AftCoefficient[] {
  const nvar2 = terms.length;
  const quantile = qnorm(1 - (1 - confLevel) / 2);
  return terms.map((term, j) => {
    const v = variance[j * nvar2 + j];
    if (v === 0 || !Number.isFinite(estimate[j])) {
      return {
        term,
        estimate: j < nvar && v === 0 ? null : estimate[j],
        stdError: null,
        statistic: null,
        pValue: null,
        lower: null,
        upper: null,
      };
    }
    const se = Math.sqrt(v);
    const z = estimate[j] / se;
    return {
      term,
      estimate: estimate[j],
      stdError: se,
      statistic: z,
      pValue: 2 * pnorm(-Math.abs(z)),
      lower: estimate[j] - quantile * se,
      upper: estimate[j] + quantile * se,
    };
  });
}

/** No events, aliased columns, non-convergence and a failed likelihood. */
export function aftWarnings(
  frame: AftFrame,
  settings: AftSettings,
  fit: SurvregFit,
  coefficients: AftCoefficient[],
): SurvivalWarning[] {
  const warnings = [...settings.warnings];
  if (frame.nEvents === 0) {
    warnings.push(
      noEventsWarning(
        FN,
        'every observation is censored; the likelihood has no maximum and the estimates are not meaningful',
      ),
    );
  }
  const aliased = coefficients.filter((c) => c.estimate === null).map((c) => c.term);
  if (aliased.length > 0) {
    warnings.push(aliasedWarning(FN, aliased, 'collinear columns, reported as null'));
  }
  if (!fit.converged) {
    warnings.push(
      notConvergedWarning(
        FN,
        settings.maxIter,
        'try a larger maxIter, rescale covariates, or another distribution',
      ),
    );
  }
  if (!Number.isFinite(fit.loglik)) warnings.push(nonFiniteLogLikWarning(FN));
  return warnings;
}

/** The result object: the shared fields, the scale(s), the likelihoods and the tests. */
export function aftResult(
  frame: AftFrame,
  settings: AftSettings,
  fit: SurvregFit,
  fit0: SurvregFit | null,
  coefficients: AftCoefficient[],
  variance: Float64Array,
): AftResult {
  const { design, n, nvar, nstrata, nstrat2 } = frame;
  const nvar2 = coefficients.length;
  const logLikNull = (fit0 ? fit0.loglik : fit.loglik) + frame.logCorrect;
  const logLik = fit.loglik + frame.logCorrect;
  const lrDf = nvar - 1;
  const lrStatistic = 2 * (logLik - logLikNull);
  const scales = Array.from(fit.beta.slice(nvar, nvar + Math.max(nstrat2, 1)), (v) =>
    nstrat2 === 0 ? settings.fixedScale : Math.exp(v),
  );
  // survreg's df counts every coefficient, an aliased one too, and the log-scales
  const df = nvar2;
  const aliased = coefficients.map((c) => c.estimate === null);
  return {
    kind: 'aft',
    formula: design.formula,
    method: 'ml',
    dist: settings.dist,
    confLevel: settings.confLevel,
    vcovType: 'classical',
    vcov: coefficients.map((_, i) =>
      coefficients.map((__, j) => (aliased[i] || aliased[j] ? null : variance[j * nvar2 + i])),
    ),
    statisticType: 'z',
    dfResidual: null,
    coefficients,
    scale: nstrata > 1 ? scales : scales[0],
    scaleEstimated: nstrat2 > 0,
    strataLevels: frame.strataLevels,
    nobs: n,
    nEvents: frame.nEvents,
    nClusters: null,
    nDropped: design.nDropped,
    logLik,
    logLikNull,
    likelihoodRatioTest: {
      statistic: lrStatistic,
      df: lrDf,
      pValue: lrDf > 0 ? pchisq(lrStatistic, lrDf, false) : Number.NaN,
    },
    df,
    aic: -2 * logLik + 2 * df,
    bic: -2 * logLik + Math.log(n) * df,
    converged: fit.converged,
    iterations: fit.iterations,
    warnings: aftWarnings(frame, settings, fit, coefficients),
  };
}
