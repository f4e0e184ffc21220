import type { LikelihoodTerm, OverlapBlock } from '../figures.ts';
import {
  fitPenalised,
  logMarginal,
  type PenalisedFit,
  type PenaltyParts,
  penaltyMatrix,
  scaledPenalty,
  setBlockPrecision,
} from '../penalised-fit.ts';
import { type FigureModel, provisionalTerms } from './model.ts';

/** Penalty order and the month pairs (a, a + 1) where the series may jump. */
export interface Structure {
  order: 1 | 2;
  breaks: number[];
}

/** A fit at a chosen (or fixed) tau for one structure. */
export interface SelectedFit {
  structure: Structure;
  /** The structure's smoothing and jump parts. */
  parts: PenaltyParts;
  /** The prior precision at tau, tau K + J (the objective is evaluated with it at tau = 1). */
  penalty: Float64Array;
  fit: PenalisedFit;
  tau: number;
  /** 'fixed' or 'Laplace marginal likelihood'. */
  selection: string;
  logMarginal: number;
}

/** One component of the mixture over tau (and over delays): a Laplace approximation and its weight. */
export interface MixtureComponent {
  fit: PenalisedFit;
  tau: number;
  /** The prior precision at tau, tau K + J. */
  penalty: Float64Array;
  terms: readonly LikelihoodTerm[];
  blocks: readonly OverlapBlock[];
  centre: number;
  /** Index of the delay node the component belongs to (0 without delay uncertainty). */
  node: number;
  /** Index of the penalty structure (order and breaks) it belongs to, among those averaged. */
  structure: number;
  weight: number;
}

/**
 * Fit a structure at a fixed tau, or choose tau by the Laplace marginal likelihood: a grid over
 * log10 tau = 8, 7, ..., -2 (warm starts from the smooth end), then `golden` golden-section
 * steps between the neighbours of the best grid point; with `near`, only the golden-section
 * search within a decade of near.
 */
export function fitStructure(
  model: FigureModel,
  structure: Structure,
  start: Float64Array,
  fixedTau: number | undefined,
  near?: number,
  golden = 8,
): SelectedFit {
  const m = start.length;
  const parts = penaltyMatrix(m, structure.order, structure.breaks);
  const { terms, blocks, centre } = model;
  const score = (tau: number, from: Float64Array) => {
    const penalty = scaledPenalty(parts, tau);
    const fit = fitPenalised(terms, blocks, from, penalty, 1, centre);
    return { fit, penalty, value: logMarginal(fit, penalty, 1) };
  };
  if (fixedTau !== undefined) {
    const { fit, penalty, value } = score(fixedTau, start);
    return {
      structure,
      parts,
      penalty,
      fit,
      tau: fixedTau,
      selection: 'fixed',
      logMarginal: value,
    };
  }
  let theta: Float64Array = Float64Array.from(start);
  const at = (logTau: number): number => {
    const { fit, value } = score(Math.exp(logTau), theta);
    if (fit.converged) theta = fit.theta;
    return value;
  };
  const lowest = -2 * Math.LN10;
  const highest = 8 * Math.LN10;
  let bestLog = near === undefined ? highest : Math.log(near);
  let bestValue = Number.NEGATIVE_INFINITY;
  if (near === undefined) {
    for (let e = 8; e >= -2; e--) {
      const value = at(e * Math.LN10);
      if (value > bestValue) {
        bestValue = value;
        bestLog = e * Math.LN10;
      }
    }
  }
  let a = Math.max(bestLog - Math.LN10, lowest);
  let b = Math.min(bestLog + Math.LN10, highest);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = at(c);
  let fd = at(d);
  for (let i = 0; i < golden; i++) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = at(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = at(d);
    }
  }
  const logTau = Math.max(fc, fd) >= bestValue ? (fc > fd ? c : d) : bestLog;
  const tau = Math.exp(logTau);
  const { fit, penalty, value } = score(tau, theta);
  return {
    structure,
    parts,
    penalty,
    fit,
    tau,
    selection: 'Laplace marginal likelihood',
    logMarginal: value,
  };
}

/**
 * Set the overlap blocks' covariance from a first pass that treats overlapping exact figures as
 * independent Poisson counts; returns the first pass's tau (a starting point) and its mode.
 */
export function prepareBlocks(
  model: FigureModel,
  structure: Structure,
  start: Float64Array,
  fixedTau: number | undefined,
): { tau?: number; theta: Float64Array } {
  if (model.blocks.length === 0) return { theta: start };
  const m = start.length;
  const provisional: FigureModel = {
    ...model,
    terms: [...model.terms, ...provisionalTerms(model, m)],
    blocks: [],
  };
  const first = fitStructure(provisional, structure, start, fixedTau, undefined, 2);
  setBlockPrecision(model.blocks, Array.from(first.fit.theta, Math.exp));
  return { tau: first.tau, theta: first.fit.theta };
}

/**
 * Choose among structures by the Laplace marginal likelihood (each at its own best tau); returns
 * the best and every candidate's score.
 */
export function chooseStructure(
  model: FigureModel,
  candidates: readonly Structure[],
  start: Float64Array,
  fixedTau: number | undefined,
  near?: number,
): {
  best: SelectedFit;
  index: number;
  fits: SelectedFit[];
  table: { order: number; breaks: number[]; logMarginal: number }[];
} {
  const fits = candidates.map((structure) =>
    fitStructure(model, structure, start, fixedTau, candidates.length === 1 ? near : undefined),
  );
  let index = 0;
  fits.forEach((f, i) => {
    if (f.logMarginal > fits[index].logMarginal) index = i;
  });
  return {
    best: fits[index],
    index,
    fits,
    table: fits.map((f) => ({
      order: f.structure.order,
      breaks: f.structure.breaks,
      logMarginal: f.logMarginal,
    })),
  };
}

/**
 * Laplace approximations at log10 tau = log10 tau-hat + j * step, j = -points..points, each with
 * log weight logPrior + its log marginal likelihood + log step (a flat prior on log tau: the grid
 * integration of INLA, Rue, Martino & Chopin 2009, with the grid spacing so that grids of
 * different steps integrate alike). Weights are left unnormalised on the log scale in `weight`
 * for the caller to combine over delay nodes and structures.
 */
export function tauComponents(
  model: FigureModel,
  selected: SelectedFit,
  node: number,
  logPrior: number,
  points = 4,
  step = 1 / 3,
  structure = 0,
): MixtureComponent[] {
  const spacing = points > 0 ? Math.log(step) : 0;
  const out: MixtureComponent[] = [];
  for (let j = -points; j <= points; j++) {
    const tau = selected.tau * 10 ** (j * step);
    const penalty = j === 0 ? selected.penalty : scaledPenalty(selected.parts, tau);
    const fit =
      j === 0
        ? selected.fit
        : fitPenalised(model.terms, model.blocks, selected.fit.theta, penalty, 1, model.centre);
    if (!fit.factor.every(Number.isFinite)) continue;
    out.push({
      fit,
      tau,
      penalty,
      terms: model.terms,
      blocks: model.blocks,
      centre: model.centre,
      node,
      structure,
      weight: logPrior + spacing + logMarginal(fit, penalty, 1),
    });
  }
  return out;
}

/** Turn log weights into normalised weights and drop components below `floor` of the total. */
export function normaliseWeights(components: MixtureComponent[], floor = 1e-4): MixtureComponent[] {
  const top = Math.max(...components.map((c) => c.weight));
  const kept = components
    .map((c) => ({ ...c, weight: Math.exp(c.weight - top) }))
    .filter((c) => c.weight >= floor);
  const total = kept.reduce((sum, c) => sum + c.weight, 0);
  return kept.map((c) => ({ ...c, weight: c.weight / total }));
}
