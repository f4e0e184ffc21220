/**
 * Options of fitBayesGlm, checked and resolved to per-coefficient prior arrays with arm's
 * defaults.
 */
import { checkOptionKeys, InvalidArgumentError } from '@muster/core';
import type { LinkName } from '../internal/link.ts';

export const BAYES_CALLER = 'fitBayesGlm';

/** Options of {@link fitBayesGlm}; names of arm::bayesglm's arguments in parentheses. */
export interface FitBayesGlmOptions {
  /** `'binomial'` (the only family supported). */
  family?: 'binomial';
  /** Link of the binomial family: `'logit'` (default), `'probit'`, `'cloglog'`, `'cauchit'`. */
  link?: LinkName;
  /** Prior weights column (>= 0). */
  weights?: string;
  /** Prior mean of the coefficients, one number or one per non-intercept coefficient (`prior.mean`, 0). */
  priorMean?: number | number[];
  /** Prior scale, one number or one per non-intercept coefficient (`prior.scale`, 2.5; 4 for probit). */
  priorScale?: number | number[];
  /** Degrees of freedom of the t prior: 1 Cauchy (default), Infinity normal (`prior.df`). */
  priorDf?: number | number[];
  /** Intercept prior: mean (`prior.mean.for.intercept`, 0), scale (10; 16 for probit), df (1). */
  priorMeanIntercept?: number;
  priorScaleIntercept?: number;
  priorDfIntercept?: number;
  /**
   * Divide each prior scale by the input's spread (max - min for two distinct values, 2 sd
   * otherwise) and put the intercept's prior on the linear predictor at the mean input
   * (`scaled`, default true).
   */
  scaled?: boolean;
  /** Floor of the scaled prior scales (`min.prior.scale`, 1e-12). */
  minPriorScale?: number;
  /** Level of the Wald intervals (default 0.95). */
  confLevel?: number;
  /** Iteration limit (bayesglm's `maxit`, default 100) and tolerance (glm.control's epsilon, 1e-8). */
  maxIter?: number;
  tolerance?: number;
  /** Level order of text columns, first level the reference (and, for the response, the failure). */
  levels?: Record<string, string[]>;
}

const KNOWN = [
  'family',
  'link',
  'weights',
  'priorMean',
  'priorScale',
  'priorDf',
  'priorMeanIntercept',
  'priorScaleIntercept',
  'priorDfIntercept',
  'scaled',
  'minPriorScale',
  'confLevel',
  'maxIter',
  'tolerance',
  'levels',
];
const LINKS: LinkName[] = ['logit', 'probit', 'cloglog', 'cauchit'];

function fail(name: string, requirement: string, value: unknown): never {
  throw new InvalidArgumentError(
    name,
    `${BAYES_CALLER} requires ${requirement}; received ${typeof value === 'string' ? `'${value}'` : JSON.stringify(value)}`,
  );
}

export interface ResolvedBayesOptions {
  link: LinkName;
  scaled: boolean;
  minPriorScale: number;
  confLevel: number;
  maxIter: number;
  tolerance: number;
  /** Build the per-column prior arrays once the number of columns is known. */
  prior(
    ncol: number,
    intercept: boolean,
  ): { mean: Float64Array; scale: Float64Array; df: Float64Array };
}

function perCoefficient(
  name: string,
  value: number | number[],
  count: number,
  valid: (v: number) => boolean,
  requirement: string,
): number[] {
  const values = typeof value === 'number' ? Array(count).fill(value) : value;
  if (!Array.isArray(values) || values.length !== count) {
    fail(name, `one number or ${count} (one per non-intercept coefficient)`, value);
  }
  for (const v of values) if (typeof v !== 'number' || !valid(v)) fail(name, requirement, value);
  return values;
}

export function resolveBayesOptions(options: FitBayesGlmOptions): ResolvedBayesOptions {
  checkOptionKeys(BAYES_CALLER, options, KNOWN);
  if (options.family !== undefined && options.family !== 'binomial') {
    fail('family', "family 'binomial'", options.family);
  }
  const link = options.link ?? 'logit';
  if (!LINKS.includes(link)) fail('link', `a link of ${LINKS.join(', ')}`, link);
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) fail('confLevel', '0 < confLevel < 1', confLevel);
  const maxIter = options.maxIter ?? 100;
  if (!Number.isInteger(maxIter) || maxIter < 1)
    fail('maxIter', 'a positive integer maxIter', maxIter);
  const tolerance = options.tolerance ?? 1e-8;
  if (!(tolerance > 0)) fail('tolerance', 'tolerance > 0', tolerance);
  const minPriorScale = options.minPriorScale ?? 1e-12;
  if (!(minPriorScale > 0)) fail('minPriorScale', 'minPriorScale > 0', minPriorScale);
  if (options.scaled !== undefined && typeof options.scaled !== 'boolean') {
    fail('scaled', 'scaled true or false', options.scaled);
  }
  // arm: the default scales are multiplied by 1.6 for the probit link (a given scale is not).
  const probit = link === 'probit' ? 1.6 : 1;
  const positive = (v: number) => v > 0 && Number.isFinite(v);
  const dfValid = (v: number) => v > 0;
  const finite = (v: number) => Number.isFinite(v);
  const scalar = (
    name: string,
    v: number | undefined,
    fallback: number,
    ok: (v: number) => boolean,
    req: string,
  ) => {
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !ok(v)) fail(name, req, v);
    return v;
  };
  const meanIntercept = scalar(
    'priorMeanIntercept',
    options.priorMeanIntercept,
    0,
    finite,
    'a finite priorMeanIntercept',
  );
  const scaleIntercept = scalar(
    'priorScaleIntercept',
    options.priorScaleIntercept,
    10 * probit,
    positive,
    'priorScaleIntercept > 0',
  );
  const dfIntercept = scalar(
    'priorDfIntercept',
    options.priorDfIntercept,
    1,
    dfValid,
    'priorDfIntercept > 0 (Infinity for a normal prior)',
  );
  return {
    link,
    scaled: options.scaled ?? true,
    minPriorScale,
    confLevel,
    maxIter,
    tolerance,
    prior(ncol, intercept) {
      const k = intercept ? ncol - 1 : ncol;
      const mean = perCoefficient(
        'priorMean',
        options.priorMean ?? 0,
        k,
        finite,
        'finite prior means',
      );
      const scale = perCoefficient(
        'priorScale',
        options.priorScale ?? 2.5 * probit,
        k,
        positive,
        'prior scales > 0',
      );
      const df = perCoefficient(
        'priorDf',
        options.priorDf ?? 1,
        k,
        dfValid,
        'prior df > 0 (Infinity for a normal prior)',
      );
      const head = (v: number) => (intercept ? [v] : []);
      return {
        mean: Float64Array.from([...head(meanIntercept), ...mean]),
        scale: Float64Array.from([...head(scaleIntercept), ...scale]),
        df: Float64Array.from([...head(dfIntercept), ...df]),
      };
    },
  };
}
