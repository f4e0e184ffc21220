/** print(summary(survreg)) for AFT fits. */
import { formatR, pchisq, printCoefficients } from '@muster/core';
import type { AftResult } from '../aft/fit-aft.ts';
import type { AftDistribution } from '../types.ts';
import { convergence, format1, printNamedVector, round, signif } from './r-text.ts';

/** print.summary.survreg's digits: max(getOption("digits") - 4, 3). */
const DIGITS = 3;

/** survreg.distributions[[dist]]$name, the line print.summary.survreg writes. */
const DISTRIBUTION_NAMES: Record<AftDistribution, string> = {
  weibull: 'Weibull',
  exponential: 'Exponential',
  lognormal: 'Log Normal',
  loglogistic: 'Log logistic',
};

/** The header Muster adds on request: model, distribution, convergence. */
export function aftHeader(fit: AftResult): string {
  return `Accelerated failure time model (${DISTRIBUTION_NAMES[fit.dist]} distribution): ${convergence(fit)}`;
}

/** `Scale= 0.754`, `Scale fixed at 1` or, with strata, `Scale:` over a named vector. */
function scaleLines(fit: AftResult): string[] {
  if (!fit.scaleEstimated && typeof fit.scale === 'number') {
    return [`Scale fixed at ${formatR([fit.scale], DIGITS)[0]} `];
  }
  const scales = Array.isArray(fit.scale) ? fit.scale : [fit.scale];
  if (scales.length === 1) return [`Scale= ${formatR(scales, DIGITS)[0]} `];
  // The Log(scale) rows of a stratified fit are named by stratum (`sex=1`), as survreg's scale.
  const names = fit.coefficients.slice(-scales.length).map((c) => c.term);
  return ['Scale:', ...printNamedVector(names, scales, DIGITS)];
}

/** The log-likelihoods and, when the model has terms, the likelihood-ratio test. */
function likelihoodLines(fit: AftResult): string[] {
  const loglik = `Loglik(model)= ${format1(round(fit.logLik, 1))}   Loglik(intercept only)= ${format1(round(fit.logLikNull, 1))}`;
  const test = fit.likelihoodRatioTest;
  if (!(test.df > 0)) return [loglik];
  // print.summary.survreg: format(signif(pchisq(chi, df, lower.tail = FALSE), 2)).
  const p = signif(pchisq(test.statistic, test.df, false), 2);
  return [
    loglik,
    `\tChisq= ${format1(round(test.statistic, 2))} on ${round(test.df, 1)} degrees of freedom, p= ${format1(p)} `,
  ];
}

/** The lines of print(summary(survreg)); `header` puts {@link aftHeader} first. */
export function aftLines(fit: AftResult, data: string, header: boolean): string[] {
  const nDropped = fit.nDropped;
  return [
    ...(header ? [aftHeader(fit)] : []),
    'Call:',
    `survreg(formula = ${fit.formula}, data = ${data}, dist = "${fit.dist}")`,
    ...printCoefficients(
      ['Value', 'Std. Error', 'z', 'p'],
      fit.coefficients.map((c) => ({
        term: c.term,
        // survreg's variance has zeros in the rows of aliased terms: R prints their se as 0.
        values: [c.estimate, c.estimate === null ? 0 : c.stdError, c.statistic, c.pValue],
      })),
      { digits: DIGITS, stars: false },
    ),
    '',
    ...scaleLines(fit),
    '',
    `${DISTRIBUTION_NAMES[fit.dist]} distribution`,
    ...likelihoodLines(fit),
    `Number of Newton-Raphson Iterations: ${fit.iterations} `,
    nDropped > 0
      ? `n=${fit.nobs} (${nDropped} observation${nDropped === 1 ? '' : 's'} deleted due to missingness)`
      : `n= ${fit.nobs} `,
    '',
  ];
}
