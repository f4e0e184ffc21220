import { InvalidArgumentError } from '../errors.ts';
import { FIT_RESULT_FIELDS, type FitResultBase, isFitResult } from '../fit-result.ts';

/**
 * One row of {@link glance}: the fit-level numbers every model has, then the model's own (a glm's
 * `deviance`, `nullDeviance`, `dfNull`, `dispersion`; a Cox model's `concordance` and its tests;
 * a glmer's `sigma`...), each a number, a boolean or null.
 */
export interface GlanceRow {
  kind: string;
  nobs: number;
  nEvents: number | null;
  nClusters: number | null;
  logLik: number | null;
  aic: number | null;
  bic: number | null;
  df: number;
  dfResidual: number | null;
  converged: boolean;
  iterations: number;
  [field: string]: number | boolean | string | null;
}

/** Fields that are the fit's settings or bookkeeping, not statistics of the fit. */
const NOT_STATISTICS = new Set<string>([...FIT_RESULT_FIELDS, 'confLevel', 'nDropped']);

function isScalar(value: unknown): value is number | boolean | null {
  return value === null || typeof value === 'number' || typeof value === 'boolean';
}

/** A plain object of scalars (a test: `{ statistic, df, pValue }`), else null. */
function scalarRecord(value: unknown): Record<string, number | boolean | null> | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0 || !entries.every(([, v]) => isScalar(v))) return null;
  return Object.fromEntries(entries) as Record<string, number | boolean | null>;
}

const capitalise = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * A one-row summary of a fit: broom's `glance()` in Muster's names. First the numbers every fit
 * has (`nobs`, `nEvents`, `nClusters`, `logLik`, `aic`, `bic`, `df`, `dfResidual`, `converged`,
 * `iterations`), then every other number or boolean the fit carries at its top level (a glm's
 * `deviance`, `nullDeviance`, `dfNull`, `dispersion`; a Cox model's `concordance`), and its tests
 * of one level of nesting flattened (`likelihoodRatioTest: { statistic, df, pValue }` gives
 * `likelihoodRatioTestStatistic`, `likelihoodRatioTestDf`, `likelihoodRatioTestPValue`, as
 * broom's `statistic.log`, `p.value.log`). Reads a result object or its JSON.
 *
 * @param fit - a result of any Muster model
 * @returns one row
 * @throws InvalidArgumentError when `fit` is not a model result
 * @example
 * ```ts
 * const fit = { kind: 'glm', confLevel: 0.95, vcovType: 'classical', vcov: [], nobs: 20,
 *   nEvents: 8, nClusters: null, logLik: -11.2, df: 2, aic: 26.4, bic: 28.4, dfResidual: 18,
 *   converged: true, iterations: 4, warnings: [], coefficients: [], deviance: 22.4 };
 * const row = glance(fit);
 * [row.nobs, row.aic, row.deviance];
 * // => [20, 26.4, 22.4]
 * ```
 */
export function glance(fit: FitResultBase): GlanceRow {
  if (!isFitResult(fit)) {
    throw new InvalidArgumentError('fit', 'glance requires a model result (with coefficients)');
  }
  const row: GlanceRow = {
    kind: fit.kind,
    nobs: fit.nobs,
    nEvents: fit.nEvents ?? null,
    nClusters: fit.nClusters ?? null,
    logLik: fit.logLik ?? null,
    aic: fit.aic ?? null,
    bic: fit.bic ?? null,
    df: fit.df,
    dfResidual: fit.dfResidual ?? null,
    converged: fit.converged,
    iterations: fit.iterations,
  };
  for (const [name, value] of Object.entries(fit as unknown as Record<string, unknown>)) {
    if (NOT_STATISTICS.has(name) || name in row) continue;
    if (isScalar(value)) {
      row[name] = value;
      continue;
    }
    const record = scalarRecord(value);
    if (record === null) continue;
    for (const [key, inner] of Object.entries(record)) row[`${name}${capitalise(key)}`] = inner;
  }
  return row;
}
