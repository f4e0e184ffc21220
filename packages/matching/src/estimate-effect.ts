import {
  type CoefficientRow,
  checkOptionKeys,
  type FitResultBase,
  InvalidArgumentError,
  pnorm,
  pt,
  qnorm,
  qt,
} from '@muster/core';
import type { DataInput } from '@muster/formula';
import { type FamilyName, fitGlm, type GlmResult, type LinkName } from '@muster/glm';
import { rowCount, toColumns } from './internal/data.ts';
import type { MatchResult } from './types.ts';
import type { WarningCode } from './warnings.ts';

/** Options of {@link estimateEffect}. */
export interface EstimateEffectOptions {
  /** The outcome column. */
  outcome: string;
  /** Extra right-hand-side terms of the outcome model (R syntax, e.g. `['duration', 'log(troops)']`). */
  covariates?: readonly string[];
  /** GLM family (default 'binomial') and link (the family's canonical link by default). */
  family?: FamilyName;
  link?: LinkName;
  /** Confidence level of the Wald interval (default 0.95). */
  confLevel?: number;
}

const OPTION_KEYS = ['outcome', 'covariates', 'family', 'link', 'confLevel'];

/**
 * One coefficient of the outcome model with the robust errors named by the result's `vcovType`
 * and its Wald interval (`lower`, `upper`, on the link scale).
 */
export type EffectCoefficient = CoefficientRow;

/**
 * Result of {@link estimateEffect}: the outcome model on the matched sample as a fit
 * (`FitResultBase`: every coefficient, the robust covariance in `vcov`), and the treatment
 * coefficient at the top (`term`, `estimate` ... `upper`).
 */
export interface EffectResult
  extends FitResultBase<'matched-effect', EffectCoefficient, WarningCode> {
  /** The treatment term (the treatment column, coded 0/1 as in the match). */
  term: string;
  estimate: number | null;
  stdError: number | null;
  statistic: number | null;
  pValue: number | null;
  lower: number | null;
  upper: number | null;
  /**
   * 'cluster': by pair, as sandwich::vcovCL(fit, cluster = ~subclass) with its defaults (HC0 with
   * G/(G - 1) for a glm, CR1 for a linear model); 'HC3' otherwise.
   */
  vcovType: 'cluster' | 'HC3';
  /** 'z' (GLMs, as coeftest on a glm) or 't' on `dfResidual` (linear models, as coeftest on lm). */
  statisticType: 'z' | 't';
  /** The outcome model as @muster/glm fitted it (its cluster errors are CR1, vcovCL type "HC1"). */
  fit: GlmResult;
}

const fn = 'estimateEffect';
const WEIGHTS = '.matching_weights';
const PAIR = '.matching_pair';

/**
 * The effect of the treatment on the matched sample, as MatchIt's vignette "Estimating Effects
 * After Matching" does it: a GLM of the outcome on the treatment (and optional covariates) over
 * the matched units, weighted by the matching weights, with cluster-robust errors by pair after
 * matching without replacement (sandwich's `vcovCL(fit, cluster = ~subclass)` with its defaults:
 * HC0 with the G/(G - 1) adjustment for a glm, CR1 for a linear model, which is what
 * `family: 'gaussian'` fits, with t tests as `coeftest` on `lm`) and HC3 errors otherwise (with
 * replacement, cem, subclassification). For a binomial outcome the estimate is the conditional log
 * odds ratio; for a gaussian one the difference in means.
 *
 * @param match - A {@link matchIt} result on the same data.
 * @param data - The data the match was made on (same rows).
 * @param options - `outcome` (required), `covariates`, `family`, `link`, `confLevel`.
 * @returns The treatment coefficient with its robust standard error, z test and Wald interval.
 * @throws InvalidArgumentError when the data do not have the match's rows, the outcome is missing
 *   or an option is unknown (the old `level` names `confLevel`).
 * @example
 * ```ts
 * const data = { t: [1, 1, 0, 0, 0, 0], x: [0.9, 0.4, 0.5, 0.8, 0.1, 0.25], y: [5, 3, 2, 4, 1, 0] };
 * const m = await matchIt('t ~ x', data, { distance: 'x' });
 * const effect = await estimateEffect(m, data, { outcome: 'y', family: 'gaussian' });
 * [effect.term, effect.estimate, effect.vcovType, effect.nClusters]; // => ['t', 1.000000000000, 'cluster', 2]
 * ```
 */
export async function estimateEffect(
  match: MatchResult,
  data: DataInput,
  options: EstimateEffectOptions,
): Promise<EffectResult> {
  checkOptionKeys(fn, options, OPTION_KEYS);
  const columns = toColumns(fn, data);
  const n = rowCount(fn, columns);
  if (n !== match.weights.length) {
    throw new InvalidArgumentError(
      'data',
      `${fn} requires the data the match was made on (${match.weights.length} rows); received ${n} rows`,
    );
  }
  if (columns[options.outcome] === undefined) {
    throw new InvalidArgumentError(
      'outcome',
      `${fn} requires outcome to name a column of data; received '${options.outcome}' (columns: ${Object.keys(columns).join(', ')})`,
    );
  }
  const rows = match.weights.flatMap((w, i) => (w > 0 ? [i] : []));
  const byPair = match.subclass !== null && match.matchMatrix !== null;
  const matched: Record<string, unknown[]> = {};
  for (const [name, values] of Object.entries(columns)) matched[name] = rows.map((i) => values[i]);
  const term = match.treatment.column;
  matched[term] = rows.map((i) => match.treat[i]);
  matched[WEIGHTS] = rows.map((i) => match.weights[i]);
  if (byPair) matched[PAIR] = rows.map((i) => match.subclass![i]);
  const rhs = [`\`${term}\``, ...(options.covariates ?? [])].join(' + ');
  const fit = await fitGlm(`\`${options.outcome}\` ~ ${rhs}`, matched, {
    family: options.family ?? 'binomial',
    link: options.link,
    weights: WEIGHTS,
    vcov: byPair ? 'cluster' : 'HC3',
    cluster: byPair ? PAIR : undefined,
    confLevel: options.confLevel,
    profile: false,
  });
  return summarise(fit, term, byPair, options.confLevel ?? 0.95);
}

/**
 * The coefficients with R's errors and tests: a linear model (gaussian, identity) as `lm` with
 * `coeftest(vcovCL)`, whose default for lm is CR1, with t tests on the residual df; any other GLM
 * as `glm` with `coeftest(vcovCL)`, whose default for glm is HC0 (CR1 x (n - k) / (n - 1)), with
 * z tests.
 */
function summarise(fit: GlmResult, term: string, byPair: boolean, level: number): EffectResult {
  const k = fit.coefficients.filter((c) => c.estimate !== null).length;
  const linear = fit.family === 'gaussian' && fit.link === 'identity';
  const scale = byPair && !linear ? Math.sqrt((fit.nobs - k) / (fit.nobs - 1)) : 1;
  const df = fit.dfResidual;
  const z = linear ? qt(1 - (1 - level) / 2, df) : qnorm(1 - (1 - level) / 2);
  const tail = (t: number) => 2 * (linear ? pt(-Math.abs(t), df) : pnorm(-Math.abs(t)));
  const coefficients = fit.coefficients.map((c): EffectCoefficient => {
    const stdError = c.stdError === null ? null : c.stdError * scale;
    const ok = c.estimate !== null && stdError !== null;
    const statistic = ok ? c.estimate! / stdError! : null;
    return {
      term: c.term,
      estimate: c.estimate,
      stdError,
      statistic,
      pValue: statistic === null ? null : tail(statistic),
      lower: ok ? c.estimate! - z * stdError! : null,
      upper: ok ? c.estimate! + z * stdError! : null,
    };
  });
  const effect = coefficients.find((c) => c.term === term)!;
  return {
    kind: 'matched-effect',
    formula: fit.formula,
    method: fit.method,
    term,
    estimate: effect.estimate,
    stdError: effect.stdError,
    statistic: effect.statistic,
    pValue: effect.pValue,
    lower: effect.lower,
    upper: effect.upper,
    confLevel: level,
    vcovType: byPair ? 'cluster' : 'HC3',
    vcov: fit.vcov.map((row) => row.map((v) => (v === null ? null : v * scale * scale))),
    statisticType: linear ? 't' : 'z',
    dfResidual: linear ? df : null,
    coefficients,
    nobs: fit.nobs,
    nEvents: fit.nEvents,
    nClusters: fit.nClusters,
    logLik: fit.logLik,
    df: fit.df,
    aic: fit.aic,
    bic: fit.bic,
    converged: fit.converged,
    iterations: fit.iterations,
    fit,
    // Matching weights are fractional: R's binomial glm warns about non-integer successes too,
    // which is why the vignette fits quasibinomial (same estimates); the warning says nothing here.
    warnings: fit.warnings.filter((w) => w.code !== 'glm-non-integer'),
  };
}
