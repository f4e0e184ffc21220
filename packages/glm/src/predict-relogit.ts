import { InvalidArgumentError, qnorm } from '@muster/core';
import { applyDesign, type DataInput, type DesignMatrix, dataColumns } from '@muster/formula';
import type { RelogitResult } from './fit-relogit.ts';

/** Options of {@link predictRelogit}. */
export interface PredictRelogitOptions {
  /** Level of the interval around the probability (default: the fit's confLevel). */
  confLevel?: number;
}

/** Result of {@link predictRelogit}: one entry per usable row of the new data. */
export interface RelogitPrediction {
  confLevel: number;
  /** 1-based rows of the new data predicted (rows with a missing variable are left out). */
  rows: number[];
  /** x0 beta~ */
  eta: number[];
  /** pi~ = 1 / (1 + exp(-x0 beta~)): the corrected estimates plugged in. */
  probability: number[];
  /** C = (0.5 - pi~) pi~ (1 - pi~) x0 V(beta~) x0' (King & Zeng 2001, eq. 21). */
  correction: number[];
  /** pi~ + C: the approximate Bayesian estimate of Pr(Y = 1), King & Zeng's recommendation. */
  probabilityBayes: number[];
  /** Standard error of eta, sqrt(x0 V x0'). */
  stdErrorLink: number[];
  /** Inverse logit of eta -/+ z se: an interval for pi~. */
  lower: number[];
  upper: number[];
}

/**
 * Predicted probabilities of a rare-events logit ({@link fitRelogit}) for new data: the plug-in
 * probability of the corrected estimates and King and Zeng's approximate Bayesian estimate
 * pi~ + C, C = (0.5 - pi~) pi~ (1 - pi~) x0 V(beta~) x0' (eq. 21), which averages the probability
 * over the estimation uncertainty and so, for rare events (pi~ < 0.5), raises it.
 *
 * Reference: King G, Zeng L (2001). Logistic regression in rare events data. _Political
 * Analysis_ 9(2), 137-163, section 4.2.
 *
 * @param fit - a result of {@link fitRelogit}
 * @param newData - columns by name or an array of row objects (every variable of the model; text
 *   columns at fitted levels)
 * @param options - `confLevel`
 * @returns per row: eta, the plug-in probability, the correction and their sum, and a Wald
 *   interval for the plug-in probability
 * @throws InvalidArgumentError when `fit` is not a relogit result; FormulaError or DataError
 *   when the new data lack a variable or hold a level the fit did not see
 * @example
 * ```ts
 * const fit = await fitRelogit('y ~ x', { y: [0, 0, 1, 0, 1, 1, 0, 0], x: [1, 2, 3, 4, 5, 6, 7, 8] });
 * predictRelogit(fit, { x: [2] }).probabilityBayes.map((p) => p.toFixed(4));
 * // => ['0.4080']
 * ```
 */
export function predictRelogit(
  fit: RelogitResult,
  newData: DataInput,
  options: PredictRelogitOptions = {},
): RelogitPrediction {
  if (fit?.kind !== 'glm' || fit.method !== 'relogit' || fit.design === undefined) {
    throw new InvalidArgumentError('fit', 'predictRelogit requires a result of fitRelogit');
  }
  const confLevel = options.confLevel ?? fit.confLevel;
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(
      'confLevel',
      `predictRelogit requires 0 < confLevel < 1; received ${confLevel}`,
    );
  }
  const terms = fit.coefficients.map((c) => c.term);
  const coded = applyDesign(
    { spec: fit.design, columns: terms } as unknown as DesignMatrix,
    Array.isArray(newData) ? dataColumns(newData, 'predictRelogit') : newData,
  );
  const n = coded.nrow;
  const p = terms.length;
  const z = qnorm(1 - (1 - confLevel) / 2);
  const beta = fit.coefficients.map((c) => c.estimate ?? 0);
  const out: RelogitPrediction = {
    confLevel,
    rows: Array.from(coded.rows, (r) => r + 1),
    eta: [],
    probability: [],
    correction: [],
    probabilityBayes: [],
    stdErrorLink: [],
    lower: [],
    upper: [],
  };
  const x0 = new Float64Array(p);
  const inverseLogit = (eta: number) => 1 / (1 + Math.exp(-eta));
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) {
      x0[j] = coded.matrix[j * n + i];
      eta += beta[j] * x0[j];
    }
    let variance = 0;
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) {
        const v = fit.vcov[a][b];
        if (v !== null) variance += x0[a] * v * x0[b];
      }
    }
    const pi = inverseLogit(eta);
    const correction = (0.5 - pi) * pi * (1 - pi) * variance;
    const se = Math.sqrt(Math.max(variance, 0));
    out.eta.push(eta);
    out.probability.push(pi);
    out.correction.push(correction);
    out.probabilityBayes.push(pi + correction);
    out.stdErrorLink.push(se);
    out.lower.push(inverseLogit(eta - z * se));
    out.upper.push(inverseLogit(eta + z * se));
  }
  return out;
}
