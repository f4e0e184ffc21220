import { InvalidArgumentError } from '@muster/core';
import type { PlacedFigure } from '../figures.ts';
import { breakCandidates, searchBreaks } from './break-search.ts';
import type { FigureModel } from './model.ts';
import { chooseStructure, prepareBlocks, type SelectedFit } from './select.ts';
import { structureCandidates } from './structures.ts';

/** How the breaks were set: given by the user, none, searched, or chosen among candidates. */
export type BreakSelection = 'given' | 'none' | 'searched' | 'candidates';

/** A penalty structure kept for averaging: its fit, break dates and log prior weight. */
export interface AveragedModel {
  fit: SelectedFit;
  dates: string[];
  /** Log prior weight of the structure: minus the cost of its breaks. */
  logPrior: number;
}

/** Structures within this many log units of the best (marginal likelihood less break costs) are averaged. */
export const OCCAM_WINDOW = 3;
/** The most structures averaged. */
export const MAX_MODELS = 6;

/** The penalty structure and tau chosen, with what was compared. */
export interface ChosenSmoothing {
  best: SelectedFit;
  /**
   * The structures averaged over (Occam's window: within OCCAM_WINDOW of the best), best first;
   * their draws are mixed by prior weight times marginal likelihood.
   */
  models: AveragedModel[];
  /** Break dates in force (given, chosen among candidates, or found by the search). */
  dates: string[];
  breakSelection: BreakSelection;
  /** Candidate dates the search or the choice looked at. */
  candidateDates: string[];
  table: { order: number; breaks: number[]; logMarginal: number }[];
  /** Text for `smoothing.selection`. */
  selection: string;
}

type BreaksOption = readonly string[] | { candidates: readonly string[] } | 'auto' | undefined;

/**
 * Choose the penalty order (1, 2 or both compared), the breaks and tau at the central delay:
 * breaks given as a list are used; `{ candidates }` compares every subset of up to 4 dates;
 * 'auto' (the default) searches the figure window edges forward, each break paying its prior
 * cost (see break-search.ts).
 */
export function chooseSmoothing(
  model: FigureModel,
  placed: readonly PlacedFigure[],
  order: 1 | 2 | 'auto',
  breaks: BreaksOption,
  firstMonth: number,
  fixedTau: number | undefined,
  fn: string,
): ChosenSmoothing {
  const m = placed[0].weights.length;
  const start = new Float64Array(m).fill(model.centre);
  const orders: (1 | 2)[] = order === 'auto' ? [1, 2] : [order];
  if (breaks === undefined || breaks === 'auto') {
    const first = prepareBlocks(model, { order: orders[0], breaks: [] }, start, fixedTau);
    const candidateDates = breakCandidates(placed, firstMonth, m);
    const search = searchBreaks(
      model,
      orders,
      candidateDates,
      firstMonth,
      first.theta,
      fixedTau,
      fn,
    );
    const what = order === 'auto' ? 'order and breaks' : 'breaks';
    return {
      best: search.best,
      models: averaged(
        search.table.map((row) => ({ fit: row.fit, dates: row.dates })),
        search.cost,
        search.best,
      ),
      dates: search.dates,
      breakSelection: 'searched',
      candidateDates,
      table: search.table,
      selection: `tau: ${search.best.selection}; ${what} by Laplace marginal likelihood: breaks searched forward among ${candidateDates.length} figure window edges (prior probability ${(1 / (1 + Math.exp(search.cost))).toFixed(2)} of a break at each), the structures within Occam's window averaged (smoothing.models)`,
    };
  }
  if (typeof breaks === 'string') {
    throw new InvalidArgumentError(
      'breaks',
      `${fn} requires breaks as 'auto', a list of dates or { candidates: [...] }; received ${breaks}`,
    );
  }
  const candidates = structureCandidates(order, breaks, firstMonth, m, fn);
  const first = prepareBlocks(model, candidates.structures[0], start, fixedTau);
  const chosen = chooseStructure(model, candidates.structures, first.theta, fixedTau, first.tau);
  const dates = candidates.dates[chosen.index] ?? [];
  const listed = Array.isArray(breaks);
  const what = [order === 'auto' ? 'order' : '', listed ? '' : 'breaks']
    .filter(Boolean)
    .join(' and ');
  return {
    best: chosen.best,
    models: averaged(
      chosen.fits.map((fit, i) => ({ fit, dates: candidates.dates[i] })),
      0,
      chosen.best,
    ),
    dates,
    breakSelection: listed ? (dates.length === 0 ? 'none' : 'given') : 'candidates',
    candidateDates: listed ? [] : [...(breaks as { candidates: readonly string[] }).candidates],
    table: chosen.table,
    selection:
      chosen.table.length > 1
        ? `tau: ${chosen.best.selection}; ${what} by Laplace marginal likelihood among ${chosen.table.length} candidates, those within Occam's window averaged (smoothing.models)`
        : `tau: ${chosen.best.selection}`,
  };
}

/**
 * The structures to average: the best fit of each (order, break set), scored by log marginal
 * likelihood less `cost` per break, those within OCCAM_WINDOW of the top (at most MAX_MODELS),
 * the chosen one first.
 */
function averaged(
  rows: readonly { fit: SelectedFit; dates: string[] }[],
  cost: number,
  best: SelectedFit,
): AveragedModel[] {
  const byKey = new Map<string, { fit: SelectedFit; dates: string[] }>();
  for (const row of rows) {
    const key = `${row.fit.structure.order}|${row.fit.structure.breaks.join(',')}`;
    const seen = byKey.get(key);
    if (!seen || row.fit.logMarginal > seen.fit.logMarginal) byKey.set(key, row);
  }
  const scored = [...byKey.values()].map((row) => ({
    fit: row.fit,
    dates: row.dates,
    logPrior: -cost * row.dates.length,
    score: row.fit.logMarginal - cost * row.dates.length,
  }));
  const chosen = scored.find((row) => row.fit === best) ?? {
    fit: best,
    dates: [],
    logPrior: 0,
    score: best.logMarginal,
  };
  const top = Math.max(...scored.map((row) => row.score));
  const others = scored
    .filter((row) => row !== chosen && row.score >= top - OCCAM_WINDOW)
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_MODELS - 1);
  return [chosen, ...others].map(({ fit, dates, logPrior }) => ({ fit, dates, logPrior }));
}
