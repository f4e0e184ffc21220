import { type CoefficientRow, type FitResultBase, pnorm } from '@muster/core';
import { fixtureReader } from '@muster/test-support';

export { expectClose } from '@muster/test-support';

const fixtures = fixtureReader(new URL('./fixtures/', import.meta.url));

/** A file of test/fixtures as text. */
export const fixtureText = (name: string): string => fixtures.text(name);

/** A JSON file of test/fixtures. */
export const fixtureJson = <T>(name: string): T => fixtures.json<T>(name);

/** A fit of three-models.json (computed by three-models.R). */
export interface ReferenceModel {
  name: string;
  formula: string;
  vcov: 'classical' | 'HC1' | 'cluster';
  cluster: string | null;
  coefficients: (CoefficientRow & {
    expEstimate: number;
    expStdError: number;
    expLower: number;
    expUpper: number;
  })[];
  nobs: number;
  nEvents: number;
  nClusters: number | null;
  logLik: number;
  df: number;
  aic: number;
  bic: number;
  deviance: number;
  nullDeviance: number;
  r2McFadden: number;
  r2Tjur: number;
}

/** Fields a test fit may set; the rest take the values of a small converged logit. */
type FitFields = Partial<FitResultBase> & Record<string, unknown>;

/** A result with the shared fields of every Muster fit (the shape regressionTable reads). */
export function baseFit(fields: FitFields): FitResultBase {
  const coefficients = fields.coefficients ?? [];
  return {
    kind: 'glm',
    formula: 'y ~ x',
    method: 'ml',
    confLevel: 0.95,
    vcovType: 'classical',
    vcov: coefficients.map(() => coefficients.map(() => 0)),
    statisticType: 'z',
    dfResidual: null,
    nobs: 100,
    nEvents: null,
    nClusters: null,
    logLik: null,
    df: coefficients.length,
    aic: null,
    bic: null,
    converged: true,
    iterations: 4,
    warnings: [],
    ...fields,
    coefficients,
  } as FitResultBase;
}

/** A coefficient row from an estimate and standard error (z statistic, normal p-value, 95% Wald). */
export function row(term: string, estimate: number, stdError: number): CoefficientRow {
  const statistic = estimate / stdError;
  const z = 1.959963984540054;
  return {
    term,
    estimate,
    stdError,
    statistic,
    pValue: 2 * pnorm(-Math.abs(statistic)),
    lower: estimate - z * stdError,
    upper: estimate + z * stdError,
  };
}

/** A base-shaped glm result holding the numbers R computed for one model of three-models.json. */
export function referenceFit(model: ReferenceModel): FitResultBase {
  return baseFit({
    formula: model.formula,
    family: 'binomial',
    link: 'logit',
    vcovType: model.vcov,
    cluster: model.cluster,
    coefficients: model.coefficients.map(
      ({ term, estimate, stdError, statistic, pValue, lower, upper }) => ({
        term,
        estimate,
        stdError,
        statistic,
        pValue,
        lower,
        upper,
      }),
    ),
    nobs: model.nobs,
    nEvents: model.nEvents,
    nClusters: model.nClusters,
    logLik: model.logLik,
    df: model.df,
    aic: model.aic,
    bic: model.bic,
    deviance: model.deviance,
    nullDeviance: model.nullDeviance,
  });
}
