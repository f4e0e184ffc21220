import type { Random } from '@muster/core';
import { type LagWarning, lagWarnings } from '../../warnings.ts';
import type { PlacedFigure } from '../figures.ts';
import {
  fitPenalised,
  logMarginal,
  type PenalisedFit,
  scaledPenalty,
  setBlockPrecision,
  solveWithFactor,
} from '../penalised-fit.ts';
import { quantileSorted } from '../quantile.ts';
import { type DelayKernel, toParameters } from './kernel.ts';
import { figureModel } from './model.ts';
import { fitStructure, type SelectedFit, type Structure } from './select.ts';

/** How one figure fits: its predictive distribution in the fit and with it left out. */
export interface FigureCheck {
  id: string;
  qualifier: 'exact' | 'approximate' | 'lower_bound';
  /** The figure as a total over its window. */
  value: number;
  /** Posterior predictive interval of the figure's count (all figures used) and its p-value. */
  predictive: { lower: number; upper: number; p: number };
  /**
   * Predictive interval of the figure from all the other figures (leave-one-out, Laplace
   * approximation at the fit's smoothing) and its p-value; null for a figure that was not used.
   */
  leaveOneOut: { expected: number; lower: number; upper: number; p: number } | null;
}

/** p = 0.0012, or p < 1/n when no draw reached the figure. */
function formatP(p: number, n: number): string {
  return p === 0 ? `p < ${(1 / n).toPrecision(1)}` : `p = ${p.toPrecision(2)}`;
}

/** Threshold of the p-values below which a figure is named in a warning. */
export const CHECK_ALPHA = 0.01;

/**
 * p-value of an observed figure y against predictive draws: two-sided for exact and approximate
 * figures, 2 min(P(Y <= y), P(Y >= y)); one-sided P(Y >= y) for a lower bound (a lower bound is
 * inconsistent only when the count is surely below it).
 */
function pValue(sorted: Float64Array, y: number, qualifier: string): number {
  let below = 0;
  let above = 0;
  for (const v of sorted) {
    if (v <= y) below++;
    if (v >= y) above++;
  }
  const n = sorted.length;
  if (qualifier === 'lower_bound') return above / n;
  return Math.min(1, (2 * Math.min(below, above)) / n);
}

/** Predictive draws of a figure's count from draws of its expected total. */
function predictiveDraws(
  totals: ArrayLike<number>,
  figure: PlacedFigure,
  approximateSd: number,
  random: Random,
): Float64Array {
  const out = new Float64Array(totals.length);
  const noise = figure.qualifier === 'approximate' ? approximateSd * figure.total : 0;
  for (let s = 0; s < totals.length; s++)
    out[s] = random.poisson(Math.max(totals[s], 0)) + (noise > 0 ? noise * random.normal() : 0);
  return out.sort();
}

/**
 * Posterior predictive and leave-one-out checks of every used figure.
 *
 * Contract
 *   placed          the figures used (probes, lower bounds of 0, are skipped)
 *   countedDraws    draws of the expected counted series, draws x m row-major
 *   central         the fit whose order, breaks and tau the leave-one-out refits keep
 *   kernel          the delay kernel of that fit (null without a delay)
 *   structureWithout  the penalty structure for leaving out figure i (default: the fit's)
 * Leave-one-out: the model without the figure is refitted (same order and breaks, tau chosen
 * again by a golden-section search within a decade of the fit's); the window total T = v'x has log T approximately normal with variance
 * g'H^-1 g / T^2, g = v * x (the delta method on the Laplace approximation); predictive counts
 * are Poisson around draws of T (plus the reporting error of an approximate figure).
 */
export function checkFigures(
  placed: PlacedFigure[],
  countedDraws: Float64Array,
  draws: number,
  central: SelectedFit,
  kernel: DelayKernel | null,
  grid: { approximateSd: number; firstMonth: number; confLevel: number; fn: string },
  random: Random,
  structureWithout: (index: number) => Structure = () => central.structure,
): { checks: FigureCheck[]; warnings: LagWarning[] } {
  const m = placed[0].weights.length;
  const tail = (1 - grid.confLevel) / 2;
  const checks: FigureCheck[] = [];
  const warnings: LagWarning[] = [];
  const x = Array.from(central.fit.theta, Math.exp);
  placed.forEach((figure, index) => {
    if (figure.qualifier === 'lower_bound' && figure.total === 0) return;
    const totals = new Float64Array(draws);
    for (let s = 0; s < draws; s++) {
      let sum = 0;
      for (let c = 0; c < m; c++) sum += figure.weights[c] * countedDraws[s * m + c];
      totals[s] = sum;
    }
    const sorted = predictiveDraws(totals, figure, grid.approximateSd, random);
    const predictive = {
      lower: quantileSorted(sorted, tail),
      upper: quantileSorted(sorted, 1 - tail),
      p: pValue(sorted, figure.total, figure.qualifier),
    };
    const others = placed.filter((_, j) => j !== index);
    const leaveOneOut =
      others.length === 0
        ? null
        : leaveOut(figure, others, central, structureWithout(index), kernel, x, grid, random);
    checks.push({
      id: figure.id,
      qualifier: figure.qualifier,
      value: figure.total,
      predictive,
      leaveOneOut,
    });
    if (leaveOneOut !== null && leaveOneOut.p < CHECK_ALPHA) {
      warnings.push(
        lagWarnings.figureInconsistent(
          grid.fn,
          figure.id,
          `(${figure.qualifier.replace('_', ' ')} ${Math.round(figure.total)}) does not fit the other figures: left out, they predict ${Math.round(leaveOneOut.lower)} to ${Math.round(leaveOneOut.upper)} (${Math.round(100 * grid.confLevel)}%, ${formatP(leaveOneOut.p, 2000)})`,
        ),
      );
    } else if (predictive.p < CHECK_ALPHA) {
      warnings.push(
        lagWarnings.figureMisfit(
          grid.fn,
          figure.id,
          `(${Math.round(figure.total)}) lies outside its posterior predictive interval ${Math.round(predictive.lower)} to ${Math.round(predictive.upper)} (${formatP(predictive.p, draws)})`,
        ),
      );
    }
  });
  return { checks, warnings };
}

function leaveOut(
  figure: PlacedFigure,
  others: PlacedFigure[],
  central: SelectedFit,
  structure: Structure,
  kernel: DelayKernel | null,
  x: number[],
  grid: { approximateSd: number; firstMonth: number; confLevel: number; fn: string },
  random: Random,
): FigureCheck['leaveOneOut'] {
  const m = x.length;
  let model: ReturnType<typeof figureModel>;
  try {
    model = figureModel(others, grid.approximateSd, grid.firstMonth, m, kernel, grid.fn);
  } catch {
    return null;
  }
  setBlockPrecision(model.blocks, x);
  // the whole fit again without the figure: same penalty structure (less the breaks only its
  // own window edges offered), tau re-chosen near the fit's, then integrated over (five points
  // half a decade apart, weighted by their marginal likelihood)
  const selected =
    central.selection === 'fixed'
      ? fitStructure(model, structure, central.fit.theta, central.tau)
      : fitStructure(model, structure, central.fit.theta, undefined, central.tau, 6);
  const components = (central.selection === 'fixed' ? [0] : [-2, -1, 0, 1, 2])
    .map((j) => {
      const penalty =
        j === 0 ? selected.penalty : scaledPenalty(selected.parts, selected.tau * 10 ** (j / 2));
      const fit =
        j === 0
          ? selected.fit
          : fitPenalised(model.terms, model.blocks, selected.fit.theta, penalty, 1, model.centre);
      return { fit, weight: logMarginal(fit, penalty, 1) };
    })
    .filter((c) => c.fit.factor.every(Number.isFinite) && Number.isFinite(c.weight));
  if (components.length === 0) return null;
  const top = Math.max(...components.map((c) => c.weight));
  const sum = components.reduce((acc, c) => acc + Math.exp(c.weight - top), 0);
  const v = toParameters(kernel, figure.weights);
  const totals = new Float64Array(2000);
  let expected = 0;
  let filled = 0;
  components.forEach((c, k) => {
    const share =
      k === components.length - 1
        ? totals.length - filled
        : Math.round((Math.exp(c.weight - top) / sum) * totals.length);
    const { total, sdLog } = logNormalTotal(c.fit, v, m);
    expected += (Math.exp(c.weight - top) / sum) * total;
    for (let s = filled; s < Math.min(filled + share, totals.length); s++)
      totals[s] = total * Math.exp(sdLog * random.normal());
    filled = Math.min(filled + share, totals.length);
  });
  const sorted = predictiveDraws(totals, figure, grid.approximateSd, random);
  const tail = (1 - grid.confLevel) / 2;
  return {
    expected,
    lower: quantileSorted(sorted, tail),
    upper: quantileSorted(sorted, 1 - tail),
    p: pValue(sorted, figure.total, figure.qualifier),
  };
}

/** The window total v'x at a fit's mode and the sd of its log (delta method on the Laplace fit). */
function logNormalTotal(
  fit: PenalisedFit,
  v: ArrayLike<number>,
  m: number,
): { total: number; sdLog: number } {
  const g = new Float64Array(m);
  let total = 0;
  for (let a = 0; a < m; a++) {
    g[a] = v[a] * Math.exp(fit.theta[a]);
    total += g[a];
  }
  const hg = solveWithFactor(fit.factor, m, g);
  let variance = 0;
  for (let a = 0; a < m; a++) variance += g[a] * hg[a];
  return { total, sdLog: Math.sqrt(Math.max(variance, 0)) / Math.max(total, 1e-12) };
}
