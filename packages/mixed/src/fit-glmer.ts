import { checkOptionKeys, InvalidArgumentError } from '@muster/core';
import type { DataInput } from '@muster/formula';
import { fitGlm } from '@muster/glm';
import { type MixedFamilyName, type MixedLinkName, mixedFamily } from './internal/family.ts';
import { buildMixedData, type MixedModelData } from './internal/frame.ts';
import { finiteDifferenceHessian } from './internal/hessian.ts';
import {
  fixedEffectsTable,
  hessianCovariance,
  invertSpd,
  rxCovariance,
} from './internal/inference.ts';
import { lrTestPooled } from './internal/lr-test.ts';
import { Objective } from './internal/objective.ts';
import { type Optimum, optimise } from './internal/optimise.ts';
import { factorAt, type MixedModel } from './internal/pirls.ts';
import { profileInterval } from './internal/profile.ts';
import { buildStructure, relativeFactors } from './internal/structure.ts';
import {
  conditionalModes,
  intraclassCorrelations,
  scaledResidualQuantiles,
  varianceComponents,
} from './internal/summaries.ts';
import { parseMixedFormula } from './parse-mixed-formula.ts';
import type { GlmerResult } from './types.ts';
import { type MixedWarning, mixedWarnings as messages } from './warnings.ts';

/** Options of {@link fitGlmer}. */
export interface FitGlmerOptions {
  /** `'binomial'` (default) or `'poisson'`. */
  family?: MixedFamilyName;
  /** `'logit'` (binomial default), `'probit'`, or `'log'` (poisson). */
  link?: MixedLinkName;
  /** Quadrature points: 1 = Laplace (default); 2..25 adaptive Gauss-Hermite, for one scalar random effect. */
  nAGQ?: number;
  /** Confidence level of the Wald and profile intervals (default 0.95). */
  confLevel?: number;
  /** Profile interval for the sd of a single scalar random effect (default true when there is one). */
  profile?: boolean;
  /** Likelihood-ratio test against the pooled glm (default true). */
  lrTest?: boolean;
  /** Deviance evaluations allowed to each optimiser stage (default 10,000, as lme4's Nelder_Mead maxfun). */
  maxIter?: number;
}

const OPTION_KEYS = [
  'family',
  'link',
  'nAGQ',
  'confLevel',
  'profile',
  'lrTest',
  'maxIter',
] as const;

const CALLER = 'fitGlmer';

/**
 * Fit a generalised linear mixed model by maximum likelihood, as lme4's `glmer`: the Laplace
 * approximation (nAGQ = 1) or adaptive Gauss-Hermite quadrature (nAGQ up to 25, one scalar random
 * effect) to the marginal likelihood, with the conditional modes found by penalised IRLS and the
 * deviance minimised in glmer's two stages (covariance parameters with the fixed effects inside
 * PIRLS, then both together) by a bounded Nelder-Mead.
 *
 * Random effects use lme4's syntax: `(1 | war)`, `(1 + x | war)`, nested `(1 | war/belligerent)`,
 * crossed `(1 | war) + (1 | era)`. Families: binomial (logit, probit; 0/1 responses, a two-level
 * string column or `cbind(successes, failures)`) and poisson (log).
 * References: Bates, Maechler, Bolker & Walker (2015), J. Stat. Softw. 67(1); lme4's glmer.
 *
 * @param formula - lme4 formula, e.g. `'mass_desertion ~ inequality + (1 | war)'`
 * @param data - columns by name (`readCsv` output, arrays) or an arquero table
 * @param options - family, link, nAGQ, confLevel, profile, lrTest, maxIter
 * @returns the shared fit fields (fixed effects in `coefficients`, with Wald errors and intervals), variance components, conditional modes with conditional
 *   variances, logLik, AIC, BIC, latent ICC, the profile interval and the LR test against the
 *   pooled glm; a boundary (singular) fit and non-convergence are warnings in the result
 * @throws FormulaError for a malformed formula or missing column; InvalidArgumentError for a
 *   grouping factor with one level, bad options or aliased fixed effects; DataError for bad values
 * @example
 * ```ts
 * // panel: packages/mixed/test/fixtures/panel.csv read with readCsv
 * const fit = await fitGlmer('deserted ~ x + z + (1 | war)', panel, { family: 'binomial' });
 * fit.varianceComponents[0]; // => { group: 'war', var1: '(Intercept)', var2: null, vcov: 0.5764, sdcor: 0.7592 }
 * fit.logLik; // => -250.194 (glmer: -250.194)
 * fit.lrTest?.pValueBoundary; // => 1.06e-5
 * ```
 */
export async function fitGlmer(
  formula: string,
  data: DataInput,
  options: FitGlmerOptions = {},
): Promise<GlmerResult> {
  const settings = validateOptions(options);
  const parsed = parseMixedFormula(formula);
  const modelData = buildMixedData(CALLER, parsed, data, settings.family);
  checkAgq(modelData, settings.nAGQ);
  const model: MixedModel = {
    data: modelData,
    structure: buildStructure(modelData),
    family: mixedFamily(settings.family, settings.link),
  };
  const pooled = await fitGlm(pooledFormula(modelData), keptData(modelData), {
    family: settings.family,
    link: settings.link,
    weights: 'w__',
    offset: modelData.offset,
    profile: false,
    separation: 'never',
  });
  const aliased = pooled.coefficients.filter((c) => c.estimate === null).map((c) => c.term);
  if (aliased.length > 0) {
    throw new InvalidArgumentError(
      'formula',
      `${CALLER} requires linearly independent fixed effects; aliased: ${aliased.join(', ')}`,
    );
  }
  const objective = new Objective(
    model,
    settings.nAGQ,
    Float64Array.from(pooled.coefficients, (c) => c.estimate!),
  );
  const optimum = optimise(objective, settings.maxIter);
  const warnings: MixedWarning[] = [];
  if (modelData.nDropped > 0) warnings.push(messages.missingValuesDropped(modelData.nDropped));
  if (!optimum.converged) warnings.push(messages.notConverged(optimum.evaluations));
  const singular = singularTerms(model, optimum.theta);
  if (singular.length > 0) warnings.push(messages.singular(singular));
  const inference = fixedEffectInference(objective, optimum, singular.length > 0, warnings);
  const state = settleAt(objective, optimum);
  if (objective.pirlsTrouble) warnings.push(messages.pirls());
  const components = varianceComponents(modelData, state.factors);
  const logLik = -optimum.value / 2;
  const df = model.structure.nTheta + modelData.p;
  const fullLogLik =
    settings.nAGQ > 1 ? -(optimum.value + saturatedConstant(model, state.mu)) / 2 : logLik;
  if (settings.nAGQ > 1 && Math.abs(fullLogLik - logLik) > 1e-8 * Math.abs(logLik))
    warnings.push(messages.agqLogLik());
  const scalar = modelData.terms.length === 1 && modelData.terms[0]!.p === 1;
  return {
    kind: 'glmer',
    formula,
    fixedFormula: parsed.fixed,
    family: settings.family,
    link: settings.link,
    nAGQ: settings.nAGQ,
    method: settings.nAGQ > 1 ? 'adaptive-gauss-hermite' : 'laplace',
    optimizer: 'nelder-mead (bounded, restarted)',
    confLevel: settings.confLevel,
    vcovType: inference.method,
    vcov: inference.vcov,
    statisticType: 'z',
    dfResidual: null,
    coefficients: fixedEffectsTable(
      modelData.fixedNames,
      optimum.beta,
      inference.vcov,
      settings.confLevel,
    ),
    varianceComponents: components,
    theta: optimum.theta,
    conditionalModes: conditionalModes(
      modelData,
      model.structure,
      state.factors,
      state.u,
      objective.uOnlySystem,
    ),
    icc: intraclassCorrelations(modelData, components, model.family, optimum.beta),
    profileInterval:
      scalar && (options.profile ?? true)
        ? profileInterval(
            objective,
            optimum,
            inference.newtonInverse,
            -2 * pooled.logLik,
            settings.confLevel,
            { group: modelData.terms[0]!.group, term: modelData.terms[0]!.columns[0]! },
          )
        : null,
    lrTest:
      (options.lrTest ?? true)
        ? lrTestPooled(fullLogLik, pooled.logLik, model.structure.nTheta)
        : null,
    logLik,
    deviance: optimum.value,
    aic: optimum.value + 2 * df,
    bic: optimum.value + df * Math.log(modelData.n),
    df,
    nobs: modelData.n,
    scaledResiduals: scaledResidualQuantiles(modelData, model.family, state.mu),
    nEvents: settings.family === 'binomial' ? successes(modelData) : null,
    nClusters: modelData.terms[0]!.levels.length,
    nDropped: modelData.nDropped,
    nGroups: Object.fromEntries(modelData.terms.map((t) => [t.factor, t.levels.length])),
    singular: singular.length > 0,
    converged: optimum.converged && !objective.pirlsTrouble,
    iterations: optimum.evaluations,
    warnings,
  };
}

function validateOptions(options: FitGlmerOptions) {
  checkOptionKeys(CALLER, options, OPTION_KEYS);
  const family = options.family ?? 'binomial';
  if (family !== 'binomial' && family !== 'poisson') {
    throw new InvalidArgumentError(
      'family',
      `${CALLER} requires family 'binomial' or 'poisson'; received '${String(family)}'`,
    );
  }
  const link = options.link ?? (family === 'binomial' ? 'logit' : 'log');
  const allowed = family === 'binomial' ? ['logit', 'probit'] : ['log'];
  if (!allowed.includes(link)) {
    throw new InvalidArgumentError(
      'link',
      `${CALLER} requires link ${allowed.map((l) => `'${l}'`).join(' or ')} for family '${family}'; received '${String(link)}'`,
    );
  }
  const nAGQ = options.nAGQ ?? 1;
  if (!Number.isInteger(nAGQ) || nAGQ < 1 || nAGQ > 25) {
    throw new InvalidArgumentError(
      'nAGQ',
      `${CALLER} requires nAGQ to be an integer from 1 to 25; received ${nAGQ}`,
    );
  }
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(
      'confLevel',
      `${CALLER} requires confLevel between 0 and 1; received ${confLevel}`,
    );
  }
  const maxIter = options.maxIter ?? 10_000;
  if (!(Number.isInteger(maxIter) && maxIter >= 10)) {
    throw new InvalidArgumentError(
      'maxIter',
      `${CALLER} requires maxIter to be an integer of at least 10; received ${maxIter}`,
    );
  }
  return { family, link, nAGQ, confLevel, maxIter };
}

function checkAgq(data: MixedModelData, nAGQ: number): void {
  if (nAGQ > 1 && (data.terms.length !== 1 || data.terms[0]!.p !== 1)) {
    throw new InvalidArgumentError(
      'nAGQ',
      `${CALLER} requires a single scalar random-effects term such as (1 | war) for nAGQ > 1; received ${data.terms.length} term(s) with ${data.terms.map((t) => t.p).join(', ')} column(s)`,
    );
  }
}

/** Binomial successes: the responses (proportions) times their trials. */
function successes(data: MixedModelData): number {
  let s = 0;
  for (let i = 0; i < data.n; i++) s += data.y[i]! * data.weights[i]!;
  return Math.round(s * 1e9) / 1e9;
}

/** The pooled glm on the mixed model's own rows and design columns. */
function pooledFormula(data: MixedModelData): string {
  return `y__ ~ 0 + ${data.fixedNames.map((_, j) => `x__${j}`).join(' + ')}`;
}

function keptData(data: MixedModelData): Record<string, number[]> {
  const columns: Record<string, number[]> = {
    y__: Array.from(data.y),
    w__: Array.from(data.weights),
  };
  data.fixedNames.forEach((_, j) => {
    columns[`x__${j}`] = Array.from(data.x.subarray(j * data.n, (j + 1) * data.n));
  });
  return columns;
}

/** Names of the terms whose covariance is singular (a zero diagonal of T_k), as lme4's isSingular. */
function singularTerms(model: MixedModel, theta: number[]): string[] {
  const out: string[] = [];
  const s = model.structure;
  model.data.terms.forEach((term, k) => {
    let t = s.thetaStart[k]!;
    for (let j = 0; j < term.p; j++) {
      if (theta[t]! < 1e-4) out.push(`${term.group} (${term.columns[j]})`);
      t += term.p - j;
    }
  });
  return out;
}

function fixedEffectInference(
  objective: Objective,
  optimum: Optimum,
  boundary: boolean,
  warnings: MixedWarning[],
) {
  const nTheta = objective.model.structure.nTheta;
  const x = [...optimum.theta, ...optimum.beta];
  let vcov: number[][] | null = null;
  let method: 'hessian' | 'RX' = 'hessian';
  let newtonInverse: number[][] | null = null;
  if (!boundary) {
    const hessian = finiteDifferenceHessian((y) => objective.stage2(y), x, objective.stage2(x));
    vcov = hessianCovariance(hessian, nTheta);
    newtonInverse = invertSpd(hessian.slice(nTheta).map((row) => row.slice(nTheta)));
    if (vcov === null)
      warnings.push(messages.vcovRx('the finite-difference Hessian is not positive definite'));
  } else {
    warnings.push(messages.vcovRx('the fit is on the boundary, where the Hessian is not defined'));
  }
  if (vcov === null) {
    method = 'RX';
    vcov = rxAtOptimum(objective, optimum);
  }
  // deviance Hessian in beta ~ 2 (RX'RX) = 2 vcov^-1 where the finite-difference one is unavailable
  return { vcov, method, newtonInverse: newtonInverse ?? vcov.map((row) => row.map((v) => v / 2)) };
}

function rxAtOptimum(objective: Objective, optimum: Optimum): number[][] {
  const { model } = objective;
  const factors = relativeFactors(model.data, model.structure, optimum.theta);
  objective.stage2([...optimum.theta, ...optimum.beta]);
  const system = objective.jointSystemForStart();
  const last = objective.last!;
  factorAt(model, system, factors, last.eta, Float64Array.from(optimum.beta));
  return rxCovariance(system, model.data.p);
}

/** Re-evaluate at the optimum so the modes and the u-only factor belong to it. */
function settleAt(objective: Objective, optimum: Optimum) {
  const { model } = objective;
  objective.stage2([...optimum.theta, ...optimum.beta]);
  const last = objective.last!;
  const factors = relativeFactors(model.data, model.structure, optimum.theta);
  return { factors, u: last.u, mu: last.mu };
}

/** sum over observations of -2 log f(y | mu) - devResid(y, mu): -2 log-likelihood of the saturated model. */
function saturatedConstant(model: MixedModel, mu: Float64Array): number {
  const { data, family } = model;
  let s = 0;
  for (let i = 0; i < data.n; i++) {
    s +=
      family.minusTwoLogDensity(data.y[i]!, mu[i]!, data.weights[i]!) -
      family.devianceResidual(data.y[i]!, mu[i]!, data.weights[i]!);
  }
  return s;
}
