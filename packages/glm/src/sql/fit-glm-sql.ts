/**
 * fitGlm on a SQL source: the steps of the in-memory fitGlm with the rows left in the engine.
 * Options are checked as in memory; the model is laid out from a sample of complete rows and
 * translated to SQL (@muster/formula's sqlDesign); the data are checked in one aggregate pass
 * (./sql-checks.ts); glm.fit's IRLS runs one aggregate query per iteration (./sql-irls.ts); the
 * final pass gives the deviance-based quantities and the covariance (./sql-final.ts). Memory is
 * O(p^2) whatever the number of rows.
 */
import { InvalidArgumentError, type SqlSource } from '@muster/core';
import { sqlDesign, sqlNumber } from '@muster/formula';
import { clusterColumns } from '../fit/inputs.ts';
import { eventWarnings } from '../fit/kernel-estimate.ts';
import { CALLER, factorResponseLevels } from '../fit/response.ts';
import { resolveSettings } from '../fit/settings.ts';
import type { FitGlmOptions } from '../fit-glm.ts';
import type { GlmResult } from '../types.ts';
import { type GlmWarning, glmWarnings } from '../warnings.ts';
import { invertGram } from './gram-solve.ts';
import { checkSqlData } from './sql-checks.ts';
import { sqlFamily } from './sql-family.ts';
import { clusterMeat, finalSums } from './sql-final.ts';
import { linearPredictorSql, sqlIrls } from './sql-irls.ts';
import { sqlResult } from './sql-result.ts';
import { sqlSeparation } from './sql-separation.ts';

/** Options the in-memory fit has and a SQL source cannot honour, with the reason. */
function refuseOptions(options: FitGlmOptions): void {
  if (options.firth === true) {
    throw new InvalidArgumentError(
      'firth',
      `${CALLER} on a SQL source fits by maximum likelihood only; received firth: true (Firth's fit needs the hat values of every row: fit in memory)`,
    );
  }
  if (options.profile === true || options.profile === 'spline') {
    throw new InvalidArgumentError(
      'profile',
      `${CALLER} on a SQL source computes Wald intervals only; received profile: ${String(options.profile)}`,
    );
  }
  if (options.offset !== undefined && typeof options.offset !== 'string') {
    throw new InvalidArgumentError(
      'offset',
      `${CALLER} on a SQL source requires the offset as a column name; received values`,
    );
  }
  if (options.vcov === 'HC2' || options.vcov === 'HC3') {
    throw new InvalidArgumentError(
      'vcov',
      `${CALLER} on a SQL source supports vcov classical, HC0, HC1 and cluster; received '${options.vcov}'`,
    );
  }
}

/** The fit of {@link fitGlm} when its data are a {@link SqlSource}. */
export async function fitGlmSql(
  formula: string,
  source: SqlSource,
  options: FitGlmOptions,
): Promise<GlmResult> {
  const settings = resolveSettings(formula, options);
  refuseOptions(options);
  const family = sqlFamily(settings.family.name, settings.family.link.name, CALLER);
  const clusterNames = clusterColumns(options.cluster).map(([name]) => name);
  const model = await sqlDesign(formula, source, {
    caller: CALLER,
    weights: options.weights,
    offset: options.offset as string | undefined,
    cluster: clusterNames.length > 0 ? clusterNames : undefined,
    levels: options.levels,
  });
  if (settings.vcovType === 'cluster' && model.cluster === null) {
    throw new InvalidArgumentError(
      'cluster',
      `${CALLER} requires a cluster column (option cluster or a cluster() term) for vcov 'cluster'`,
    );
  }
  const checks = await checkSqlData(model, family.family, options.weights, CALLER);
  const p = model.x.length;
  if (p > checks.nPositive) {
    throw new InvalidArgumentError(
      'formula',
      `${CALLER} requires at most as many coefficients as observations; the design has ${p} columns (${model.layout.columns.join(', ')}) and ${checks.nPositive} observations`,
    );
  }
  const warnings: GlmWarning[] = [];
  if (model.responseLevels !== null) {
    warnings.push(
      ...factorResponseLevels(
        model.responseName,
        model.responseLevels,
        options.levels?.[model.responseName] !== undefined,
      ).warnings,
    );
  }
  if (family.family === 'binomial' && checks.nonIntegerSuccesses > 0) {
    warnings.push(glmWarnings.nonInteger(CALLER, 'binomial-successes'));
  }
  if (family.family === 'poisson' && checks.nonIntegerCounts > 0) {
    warnings.push(glmWarnings.nonInteger(CALLER, 'poisson'));
  }

  const tolerance = options.tolerance ?? 1e-8;
  const maxIter = options.maxIter ?? 25;
  if (options.start !== undefined && options.start.length !== p) {
    throw new InvalidArgumentError(
      'start',
      `${CALLER} requires start to have ${p} values (one per coefficient); received ${options.start.length}`,
    );
  }
  const fit = await sqlIrls({
    rows: model,
    family,
    start: options.start === undefined ? null : Float64Array.from(options.start),
    tolerance,
    maxIter,
    caller: CALLER,
  });
  warnings.push(...eventWarnings(CALLER, fit.events, maxIter));
  const beta = fit.coefficients.map((b) => (Number.isNaN(b) ? 0 : b));
  const eta = linearPredictorSql(beta);
  const intercept = model.layout.hasIntercept;
  const robust = settings.vcovType === 'HC0' || settings.vcovType === 'HC1';
  const final = await finalSums(model, family, eta, fit.weightEta, {
    intercept,
    weightedMean:
      intercept && model.offset === null ? checks.sumWeightedY / checks.sumWeights : null,
    tau: Math.min(1e-3, Math.max(1e-6, 1e-6 * (fit.deviance + 0.1))),
    meat: robust,
  });

  // Null deviance: with an intercept and an offset, glm() refits the intercept-only model with
  // the offset, starting from the fitted means.
  let nullDeviance = final.nullDeviance;
  if (nullDeviance === null) {
    const fullEta = [
      `(${model.offset})`,
      ...model.x.map((x, j) => (beta[j] === 0 ? null : `${sqlNumber(beta[j])} * (${x})`)),
    ]
      .filter((t) => t !== null)
      .join(' + ');
    const nullFit = await sqlIrls({
      rows: { ...model, x: ['1e+0'], carry: [`${fullEta} AS eta_fit`] },
      family,
      start: null,
      startEta: family.linkFun(family.mu('eta_fit')),
      tolerance,
      maxIter,
      caller: CALLER,
    });
    nullDeviance = nullFit.deviance;
    if (!nullFit.converged) warnings.push(glmWarnings.nullNotConverged(CALLER));
  }
  if (final.boundaryFits > 0) {
    warnings.push(
      family.family === 'binomial'
        ? glmWarnings.fittedProbabilities(CALLER)
        : glmWarnings.fittedRates(CALLER),
    );
  }

  const covUnscaled =
    fit.factor === null ? new Float64Array(p * p).fill(Number.NaN) : invertGram(fit.factor);
  const aliased = fit.factor?.aliased ?? new Array<boolean>(p).fill(true);
  let meat = final.meat;
  let nClustersByDimension: number[] | null = null;
  if (settings.vcovType === 'cluster' && model.cluster !== null) {
    const clustered = await clusterMeat(model, family, eta, fit.weightEta, model.cluster.keys);
    meat = clustered.meat;
    nClustersByDimension = clustered.nClustersByDimension;
  }
  if (settings.vcovType !== 'classical' && checks.nZeroWeight > 0) {
    warnings.push(glmWarnings.zeroWeightsSandwich(CALLER, settings.vcovType));
  }
  const separationStep =
    family.family === 'binomial'
      ? await sqlSeparation({
          rows: model,
          columns: model.layout.columns,
          assign: model.layout.assign,
          termLabels: model.layout.termLabels,
          mode: settings.separation,
          converged: fit.converged,
          signs: final.separationSigns,
          caller: CALLER,
        })
      : null;
  if (separationStep !== null) warnings.push(...separationStep.warnings);
  const separation = separationStep?.separation ?? {
    checked: false,
    separation: false,
    kind: 'none' as const,
    infiniteTerms: [],
    separatingTerms: [],
    method: 'single-column sign check (SQL)' as const,
  };
  return sqlResult({
    separation,
    formula,
    model,
    settings,
    options,
    family,
    fit,
    checks,
    final,
    nullDeviance,
    covUnscaled,
    aliased,
    meat,
    nClustersByDimension,
    warnings,
  });
}
