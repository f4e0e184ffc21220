/**
 * The shape every Muster model result shares, so that regression tables, marginal effects, the
 * report's displays and the command line read any fit the same way. Each model's result extends
 * {@link FitResultBase} with its own fields (a glm's `deviance`, a Cox model's `concordance`);
 * results that are not regressions (a Kaplan-Meier curve, a back-projection) extend
 * {@link ResultBase}.
 */
import type { MusterWarning } from './errors.ts';

/**
 * One coefficient row. Every number is null where R reports NA (an aliased, non-estimable
 * column). `lower` and `upper` are on the scale of `estimate` (log odds, log hazard ratio, log
 * time): models that also report a ratio add their own fields (`hazardRatio`, `oddsRatio`).
 */
export interface CoefficientRow {
  /** R's coefficient name: `(Intercept)`, `regimedemocracy`, `log(troops)`, `a:b`, `Log(scale)`. */
  term: string;
  estimate: number | null;
  /** From the covariance named by the result's `vcovType`. */
  stdError: number | null;
  /** estimate / stdError: z or t, as the result's `statisticType` says. */
  statistic: number | null;
  /** Two-sided p-value of `statistic`. */
  pValue: number | null;
  /** Limits of the interval at the result's `confLevel` (Wald from `vcov` unless the result says otherwise). */
  lower: number | null;
  upper: number | null;
}

/** Fields of every result: a discriminant and the warnings. */
export interface ResultBase<Kind extends string = string, Code extends string = string> {
  /** What produced the result: 'glm', 'cox', 'aft', 'fine-gray', 'glmer', 'kaplan-meier', ... */
  kind: Kind;
  /** Warnings with stable codes (each package lists its codes in a `WarningCode` union). */
  warnings: MusterWarning<Code>[];
}

/**
 * Fields of every regression result. Option names are shared too: `confLevel`, `maxIter`,
 * `tolerance`, `weights`, `cluster`, `vcov` (the covariance type requested).
 */
export interface FitResultBase<
  Kind extends string = string,
  Row extends CoefficientRow = CoefficientRow,
  Code extends string = string,
> extends ResultBase<Kind, Code> {
  /** The model formula as given (or as built from the options of a formula-free interface). */
  formula: string;
  /** Estimation method, as a short label: 'ml', 'firth', 'partial-likelihood', 'laplace', ... */
  method: string;
  /** Level of the intervals in `coefficients`. */
  confLevel: number;
  /** The covariance behind `stdError`: 'classical', 'HC0'..'HC3', 'cluster', 'robust', 'sandwich', ... */
  vcovType: string;
  /** That covariance matrix, rows and columns in `coefficients` order (null where aliased). */
  vcov: (number | null)[][];
  /** Reference distribution of `statistic`: 'z' (normal) or 't' (with `dfResidual` degrees of freedom). */
  statisticType: 'z' | 't';
  /** Residual degrees of freedom where a t reference is used, else null. */
  dfResidual: number | null;
  coefficients: Row[];
  /** Observations used. */
  nobs: number;
  /** Number of events where the outcome has them (binomial successes, failures, failures from the cause), else null. */
  nEvents: number | null;
  /** Clusters of a clustered covariance (the first dimension's when there are several), else null. */
  nClusters: number | null;
  /** Log-likelihood of the fitted model (partial or pseudo log-likelihood where the model's is one), or null. */
  logLik: number | null;
  /** Number of estimated parameters, as R's `attr(logLik(fit), 'df')`. */
  df: number;
  /** R's AIC(fit), or null where R has none. */
  aic: number | null;
  /** R's BIC(fit), or null where R has none. */
  bic: number | null;
  converged: boolean;
  iterations: number;
}

/** Names of the coefficient-row fields every fit shares, in display order. */
export const COEFFICIENT_ROW_FIELDS = [
  'term',
  'estimate',
  'stdError',
  'statistic',
  'pValue',
  'lower',
  'upper',
] as const satisfies readonly (keyof CoefficientRow)[];

/** Names of every field of {@link FitResultBase} (a test checks the list against the type). */
export const FIT_RESULT_FIELDS = [
  'kind',
  'warnings',
  'formula',
  'method',
  'confLevel',
  'vcovType',
  'vcov',
  'statisticType',
  'dfResidual',
  'coefficients',
  'nobs',
  'nEvents',
  'nClusters',
  'logLik',
  'df',
  'aic',
  'bic',
  'converged',
  'iterations',
] as const satisfies readonly (keyof FitResultBase)[];

/**
 * Whether a value has the fields of {@link FitResultBase} (a structural check for consumers that
 * receive results as JSON, such as saved `--json` output).
 *
 * @example
 * ```ts
 * isFitResult({ kind: 'glm' });
 * // => false
 * ```
 */
export function isFitResult(value: unknown): value is FitResultBase {
  if (value === null || typeof value !== 'object') return false;
  const fit = value as Record<string, unknown>;
  return (
    typeof fit.kind === 'string' &&
    typeof fit.confLevel === 'number' &&
    typeof fit.vcovType === 'string' &&
    Array.isArray(fit.vcov) &&
    Array.isArray(fit.coefficients) &&
    typeof fit.nobs === 'number' &&
    Array.isArray(fit.warnings)
  );
}
