/**
 * The profile-likelihood step of fitGlm (maximum likelihood, converged or separated, with a
 * finite dispersion): exact roots (../internal/profile.ts) or R 4.2's confint spline
 * (../internal/profile-spline.ts), by default on designs of up to 200,000 cells. Under
 * separation the coefficients with infinite estimates are skipped and the others keep their
 * limits, as MASS's profile does.
 */
import type { FitGlmOptions } from '../fit-glm.ts';
import type { GlmFitResult } from '../glm-fit.ts';
import type { Family } from '../internal/family.ts';
import { type ProfileInput, type ProfileOutput, profileIntervals } from '../internal/profile.ts';
import { splineProfileIntervals } from '../internal/profile-spline.ts';
import type { GlmResult, GlmSeparation } from '../types.ts';
import { type GlmWarning, glmWarnings } from '../warnings.ts';
import type { ModelData } from './model-data.ts';
import { CALLER } from './response.ts';
import type { FitSettings } from './settings.ts';

/** Largest nobs x ncol for which profile intervals are computed by default. */
const PROFILE_AUTO_CELLS = 200_000;

export interface ProfileStep {
  /** The limits (null entries where not found), or null when not computed. */
  limits: ProfileOutput | null;
  /** Columns skipped because their estimates are infinite. */
  infinite: Set<number>;
  method: GlmResult['intervals']['profile'];
  warnings: GlmWarning[];
}

export function profileStep(
  model: ModelData,
  fit: GlmFitResult,
  family: Family,
  separation: GlmSeparation,
  settings: FitSettings,
  options: FitGlmOptions,
): ProfileStep {
  const { design, response, offset } = model;
  const p = design.ncol;
  const warnings: GlmWarning[] = [];
  const mode = settings.profile;
  let wanted = mode === true || mode === 'spline';
  if (mode === 'auto') {
    wanted = fit.nobs * p <= PROFILE_AUTO_CELLS;
    if (!wanted && settings.method === 'ml') {
      warnings.push(glmWarnings.profileSkipped(CALLER, fit.nobs, p));
    }
  }
  const infinite = new Set(
    design.columns
      .map((_, j) => j)
      .filter((j) => separation.infiniteTerms.includes(design.columns[j])),
  );
  const possible =
    settings.method === 'ml' &&
    (fit.converged || separation.separation) &&
    Number.isFinite(fit.dispersion);
  if (!(wanted && possible)) return { limits: null, infinite, method: null, warnings };
  const classicalSe = Array.from({ length: p }, (_, j) =>
    fit.aliased[j] ? Number.NaN : Math.sqrt(fit.dispersion * fit.covUnscaled[j * p + j]),
  );
  const input: ProfileInput = {
    x: design.matrix,
    nrow: design.nrow,
    ncol: p,
    y: response.y,
    weights: response.weights,
    offset,
    trials: response.trials,
    family,
    coefficients: fit.coefficients,
    fitted: fit.fitted,
    aliased: fit.aliased,
    deviance: fit.deviance,
    dispersion: fit.dispersion,
    se: classicalSe,
    confLevel: settings.confLevel,
    caller: CALLER,
    skip: infinite,
  };
  if (mode === 'spline') {
    const limits = splineProfile(input, options.tolerance ?? 1e-8, options.maxIter ?? 25);
    const method = 'likelihood-ratio (MASS profile and spline, as R confint)';
    return { limits, infinite, method, warnings };
  }
  const limits = profileIntervals(input);
  return { limits, infinite, method: 'likelihood-ratio (exact roots)', warnings };
}

/** MASS's profile and spline limits (R 4.2's confint.glm) for the columns not skipped. */
function splineProfile(input: ProfileInput, tolerance: number, maxIter: number): ProfileOutput {
  const { skip, ...rest } = input;
  const aliased = rest.aliased.map((a, j) => a || (skip?.has(j) ?? false));
  return splineProfileIntervals({ ...rest, aliased, tolerance, maxIter });
}

/** A warning naming the coefficients (not skipped) whose profile limits were not found. */
export function incompleteProfile(
  step: ProfileStep,
  rows: {
    term: string;
    estimate: number | null;
    profileLower: number | null;
    profileUpper: number | null;
  }[],
): GlmWarning[] {
  if (step.limits === null) return [];
  const missing = rows
    .filter(
      (c, j) =>
        c.estimate !== null &&
        !step.infinite.has(j) &&
        (c.profileLower === null || c.profileUpper === null),
    )
    .map((c) => c.term);
  return missing.length > 0 ? [glmWarnings.profileIncomplete(CALLER, missing)] : [];
}
