/**
 * The separation step of fitGlm: Konis's exact linear program (./detect-separation.ts), run on
 * binomial designs of up to 200,000 cells, and on larger ones when the fit shows the signs that
 * separation leaves at glm.fit's stopping point (docs/algorithm.md, section 5); a warning names the
 * separating terms and points to Firth. Under 'auto', a converged maximum-likelihood fit whose
 * score equations certify that the data overlap (./overlap-certificate.ts) needs no LP.
 */
import type { DesignMatrix } from '@muster/formula';
import { detectSeparation } from '../detect-separation.ts';
import { HighsUnavailableError } from '../internal/highs.ts';
import type { GlmSeparation } from '../types.ts';
import { type GlmWarning, glmWarnings } from '../warnings.ts';
import { overlapCertified } from './overlap-certificate.ts';
import { CALLER } from './response.ts';

/** Designs up to this many cells always get the exact separation check under 'auto'. */
const SEPARATION_CELLS = 200_000;

export interface SeparationStepInput {
  design: DesignMatrix;
  y: Float64Array;
  weights: Float64Array;
  fit: { deviance: number; converged: boolean; fitted: Float64Array };
  /** binomial or quasibinomial */
  binomial: boolean;
  mode: 'auto' | 'always' | 'never';
  method: 'ml' | 'firth';
}

export async function checkSeparation(
  input: SeparationStepInput,
): Promise<{ separation: GlmSeparation; warnings: GlmWarning[] }> {
  const { design, method } = input;
  const response = { y: input.y, weights: input.weights };
  const n = design.nrow;
  const p = design.ncol;
  const warnings: GlmWarning[] = [];
  const separation: GlmSeparation = {
    checked: false,
    separation: false,
    kind: 'none',
    infiniteTerms: [],
    separatingTerms: [],
    method: 'linear-programming (Konis 2007)',
  };
  if (input.binomial && input.mode !== 'never') {
    // 'auto': the exact LP always runs on designs of up to SEPARATION_CELLS cells (it takes
    // milliseconds there); on larger ones it runs when the fit shows the signs that separation
    // must leave at glm.fit's stopping point (docs/algorithm.md, section 5).
    const signs = separationSigns(input);
    let run =
      input.mode === 'always' || n * p <= SEPARATION_CELLS || (method === 'ml' && signs !== 'none');
    const { fit } = input;
    if (
      run &&
      input.mode === 'auto' &&
      method === 'ml' &&
      fit.converged &&
      overlapCertified(design.matrix, n, p, response.y, response.weights, fit.fitted)
    ) {
      separation.checked = true;
      separation.method = 'overlap certificate (score equations)';
      run = false;
    }
    let check: Awaited<ReturnType<typeof detectSeparation>> | null = null;
    if (run) {
      try {
        check = await detectSeparation(design.matrix, n, p, response.y, {
          weights: response.weights,
          columns: design.columns,
          assign: design.assign,
          termLabels: design.termLabels,
        });
      } catch (error) {
        // No HiGHS loader in this environment (a browser bundle without setHighsLoader), a loader
        // that failed, or an LP HiGHS could not solve: the fit says the check did not run.
        const reason =
          error instanceof HighsUnavailableError ? error.reason : (error as Error).message;
        warnings.push(glmWarnings.separationUnchecked(CALLER, reason, signs));
      }
    }
    if (check !== null) {
      separation.checked = true;
      separation.separation = check.separation;
      separation.kind = check.kind;
      separation.infiniteTerms = check.infiniteColumns;
      separation.separatingTerms = check.separatingTerms;
      if (check.separation) {
        // Terms (R's labels, so a factor is named once) of the columns with infinite estimates.
        const infiniteTerms = [
          ...new Set(
            design.columns
              .map((_, j) => j)
              .filter(
                (j) =>
                  (check.directions[j] === 1 || check.directions[j] === -1) && design.assign[j] > 0,
              )
              .map((j) => design.termLabels[design.assign[j] - 1]),
          ),
        ];
        const byThemselves = check.separatingTerms.length > 0;
        const named = byThemselves ? check.separatingTerms : infiniteTerms;
        // A Firth fit is the remedy: its estimates are finite, and `separation` records the finding.
        if (method !== 'firth' && check.kind !== 'none') {
          warnings.push(
            glmWarnings.separation(CALLER, check.kind, named, byThemselves, check.infiniteColumns),
          );
        }
      }
    }
  }

  return { separation, warnings };
}

/**
 * What the fit itself shows of separation: no convergence, or a row whose fitted probability is
 * within tau = min(1e-3, max(1e-6, 1e-6 (dev + 0.1))) of its observed 0 or 1 (docs/algorithm.md,
 * section 5: at glm.fit's stopping point every separated row is within about 1e-8 (dev + 0.1)).
 */
function separationSigns(input: SeparationStepInput): 'none' | 'fitted' | 'not-converged' {
  const { fit, y, weights } = input;
  if (!fit.converged) return 'not-converged';
  const tau = Math.min(1e-3, Math.max(1e-6, 1e-6 * (fit.deviance + 0.1)));
  for (let i = 0; i < y.length; i++) {
    if (!(weights[i] > 0)) continue;
    const m = fit.fitted[i];
    if ((y[i] === 0 && m < tau) || (y[i] === 1 && 1 - m < tau)) return 'fitted';
  }
  return 'none';
}
