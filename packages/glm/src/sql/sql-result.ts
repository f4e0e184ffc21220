/**
 * The result object of a fit on a SQL source: the in-memory GlmResult's fields, from the sums.
 * Covariances as ../internal/sandwich.ts: classical phi C; HC0 C M C; HC1 n / (n - k) C M C;
 * clustered C M C with M the multiway meat times (n - 1) / (n - k) for clusterType 'HC1'.
 */
import { pnorm, pt, qnorm } from '@muster/core';
import type { SqlDesign } from '@muster/formula';
import type { FitSettings } from '../fit/settings.ts';
import type { FitGlmOptions } from '../fit-glm.ts';
import type { GlmCoefficient, GlmResult, GlmSeparation } from '../types.ts';
import type { GlmWarning } from '../warnings.ts';
import type { SqlChecks } from './sql-checks.ts';
import type { SqlFamily } from './sql-family.ts';
import type { FinalSums } from './sql-final.ts';
import type { SqlIrlsOutput } from './sql-irls.ts';

export interface SqlResultParts {
  formula: string;
  model: SqlDesign;
  settings: FitSettings;
  options: FitGlmOptions;
  family: SqlFamily;
  fit: SqlIrlsOutput;
  checks: SqlChecks;
  final: FinalSums;
  nullDeviance: number;
  covUnscaled: Float64Array;
  aliased: boolean[];
  meat: Float64Array | null;
  nClustersByDimension: number[] | null;
  separation: GlmSeparation;
  warnings: GlmWarning[];
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** C M C over the kept columns (p x p, NaN where aliased). */
function sandwich(
  c: Float64Array,
  meat: Float64Array,
  aliased: boolean[],
  scale: number,
): Float64Array {
  const p = aliased.length;
  const active = aliased.flatMap((a, j) => (a ? [] : [j]));
  const out = new Float64Array(p * p).fill(Number.NaN);
  const cm = new Float64Array(p * p);
  for (const a of active)
    for (const b of active) {
      let s = 0;
      for (const k of active) s += c[k * p + a] * meat[b * p + k];
      cm[b * p + a] = s;
    }
  for (const a of active)
    for (const b of active) {
      let s = 0;
      for (const k of active) s += cm[k * p + a] * c[b * p + k];
      out[b * p + a] = scale * s;
    }
  return out;
}

/** The AIC as R's family$aic(...) + 2 rank. */
function aicOf(parts: SqlResultParts, rank: number, deviance: number): number {
  const { family, final, checks } = parts;
  if (family.family === 'binomial') return -2 * final.logLikTerms + 2 * rank;
  if (family.family === 'poisson') {
    if (checks.nonIntegerCounts > 0) return Number.POSITIVE_INFINITY;
    return -2 * (final.logLikTerms - final.lgammaTerms) + 2 * rank;
  }
  const n = checks.nComplete;
  const sumLogWt = checks.nZeroWeight > 0 ? Number.NEGATIVE_INFINITY : checks.sumLogWeights;
  return n * (Math.log((deviance / n) * 2 * Math.PI) + 1) + 2 - sumLogWt + 2 * rank;
}

export function sqlResult(parts: SqlResultParts): GlmResult {
  const { model, settings, options, family, fit, checks, final, covUnscaled, aliased } = parts;
  const p = aliased.length;
  const rank = aliased.filter((a) => !a).length;
  const fixedDispersion = family.family !== 'gaussian';
  const nOk = checks.nPositive;
  const dfResidual = nOk - rank;
  const dispersion = fixedDispersion ? 1 : dfResidual > 0 ? final.pearson / dfResidual : Number.NaN;
  const { vcovType } = settings;
  let vcov: Float64Array;
  if (vcovType === 'classical' || parts.meat === null) {
    vcov = covUnscaled.map((v) => dispersion * v);
  } else if (vcovType === 'cluster') {
    const scale = options.clusterType === 'HC0' ? 1 : (nOk - 1) / (nOk - rank);
    vcov = sandwich(covUnscaled, parts.meat, aliased, scale);
  } else {
    vcov = sandwich(covUnscaled, parts.meat, aliased, vcovType === 'HC1' ? nOk / (nOk - rank) : 1);
  }
  const zq = qnorm(1 - (1 - settings.confLevel) / 2);
  const coefficients: GlmCoefficient[] = model.layout.columns.map((term, j) => {
    if (aliased[j]) {
      return {
        term,
        estimate: null,
        stdError: null,
        statistic: null,
        pValue: null,
        lower: null,
        upper: null,
        profileLower: null,
        profileUpper: null,
      };
    }
    const estimate = fit.coefficients[j];
    const se = Math.sqrt(vcov[j * p + j]);
    const statistic = estimate / se;
    const pValue = fixedDispersion
      ? 2 * pnorm(Math.abs(statistic), 0, 1, false)
      : 2 * pt(Math.abs(statistic), dfResidual, false);
    return {
      term,
      estimate,
      stdError: finiteOrNull(se),
      statistic: finiteOrNull(statistic),
      pValue: finiteOrNull(pValue),
      lower: finiteOrNull(estimate - zq * se),
      upper: finiteOrNull(estimate + zq * se),
      profileLower: null,
      profileUpper: null,
    };
  });
  const aic = aicOf(parts, rank, fit.deviance);
  const logLik = (fixedDispersion ? rank : rank + 1) - aic / 2;
  const df = rank + (fixedDispersion ? 0 : 1);
  const cluster = model.cluster;
  const nClusters = parts.nClustersByDimension?.[0] ?? null;
  return {
    kind: 'glm',
    formula: model.layout.formula,
    family: family.family,
    link: family.link,
    method: 'ml',
    vcovType,
    cluster: vcovType === 'cluster' ? (cluster?.label ?? null) : null,
    nClusters: vcovType === 'cluster' ? nClusters : null,
    ...(vcovType === 'cluster' && cluster !== null && cluster.keys.length > 1
      ? { nClustersByDimension: parts.nClustersByDimension ?? undefined }
      : {}),
    ...(vcovType === 'cluster' ? { clusterType: options.clusterType ?? 'HC1' } : {}),
    weights: options.weights ?? null,
    offset: typeof options.offset === 'string' ? options.offset : null,
    statisticType: fixedDispersion ? 'z' : 't',
    confLevel: settings.confLevel,
    intervals: { wald: 'normal', profile: null },
    coefficients,
    vcov: Array.from({ length: p }, (_, a) =>
      Array.from({ length: p }, (_, b) => finiteOrNull(vcov[b * p + a])),
    ),
    logLik,
    df,
    deviance: fit.deviance,
    nullDeviance: parts.nullDeviance,
    aic,
    bic: -2 * logLik + Math.log(checks.nComplete) * df,
    nEvents: family.family === 'binomial' ? checks.sumWeightedY : null,
    dfResidual,
    dfNull: nOk - (model.layout.hasIntercept ? 1 : 0),
    nobs: nOk,
    nDropped: checks.nTotal - checks.nComplete,
    ...(model.responseLevels === null
      ? {}
      : {
          responseLevels: {
            failure: model.responseLevels[0],
            success: model.responseLevels.slice(1),
          },
        }),
    dispersion,
    converged: fit.converged,
    iterations: fit.iterations,
    warnings: parts.warnings,
    separation: parts.separation,
    design: model.layout.spec,
  };
}
