import type { PlacedFigure } from '../figures.ts';
import { firstDayOfMonth } from '../periods.ts';
import type { FigureModel } from './model.ts';
import { fitStructure, type SelectedFit, type Structure } from './select.ts';
import { breakPairs } from './structures.ts';

/** Prior probability that a candidate date is a break; each break costs log((1 - p) / p). */
export const BREAK_PRIOR = 1 / 3;
/** The largest number of breaks the search adds. */
export const MAX_BREAKS = 3;

const DAY_MS = 86_400_000;
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * Candidate break dates: where a figure's window starts or the day after it ends, inside the
 * grid (after its first month). Publishers cut their windows at events (a mobilisation, a change
 * of the law), and only at a window edge can the figures tell a jump from a slope.
 */
export function breakCandidates(
  placed: readonly PlacedFigure[],
  firstMonth: number,
  m: number,
): string[] {
  const lo = firstDayOfMonth(firstMonth + 1);
  const hi = firstDayOfMonth(firstMonth + m) - 1;
  const days = new Set<number>();
  for (const f of placed) {
    for (const day of [f.startDay, f.endDay + 1]) if (day >= lo && day <= hi) days.add(day);
  }
  return [...days].sort((a, b) => a - b).map(isoDay);
}

/**
 * The structure for leaving figure `index` out: breaks found at dates that only that figure's
 * window edges offered are dropped (a break fitted to a figure cannot vouch for it in the
 * leave-one-out check); the others are kept.
 */
export function structureWithout(
  structure: Structure,
  dates: readonly string[],
  placed: readonly PlacedFigure[],
  index: number,
  firstMonth: number,
  fn: string,
): Structure {
  const m = placed[0].weights.length;
  const offered = (f: PlacedFigure) => [isoDay(f.startDay), isoDay(f.endDay + 1)];
  const kept = dates.filter((date) =>
    placed.some((f, j) => j !== index && offered(f).includes(date)),
  );
  if (kept.length === dates.length) return structure;
  const breaks = [...new Set(kept.flatMap((d) => breakPairs(d, firstMonth, m, fn)))].sort(
    (a, b) => a - b,
  );
  return { order: structure.order, breaks };
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** One step of the search: the structure compared and its log marginal likelihood. */
export interface SearchRow {
  order: 1 | 2;
  dates: string[];
  breaks: number[];
  logMarginal: number;
  fit: SelectedFit;
}

/**
 * Forward search for breaks among candidate dates: start from no break (each order), add the
 * date that raises the Laplace log marginal likelihood most (at the order of the current best;
 * the other order is fitted at the sets chosen, for the averaging), and keep it if the rise
 * exceeds the prior cost of a break, log((1 - p) / p) with p = BREAK_PRIOR; stop when no date
 * does or after MAX_BREAKS. Dates that free the same month pairs as one already chosen are
 * skipped. Returns the chosen fit, its dates and every structure compared.
 */
export function searchBreaks(
  model: FigureModel,
  orders: readonly (1 | 2)[],
  candidates: readonly string[],
  firstMonth: number,
  start: Float64Array,
  fixedTau: number | undefined,
  fn: string,
): { best: SelectedFit; dates: string[]; table: SearchRow[]; cost: number } {
  const m = start.length;
  const cost = Math.log((1 - BREAK_PRIOR) / BREAK_PRIOR);
  const table: SearchRow[] = [];
  const pairsOf = (dates: readonly string[]) =>
    [...new Set(dates.flatMap((d) => breakPairs(d, firstMonth, m, fn)))].sort((a, b) => a - b);
  const fit = (order: 1 | 2, dates: string[], near?: number) => {
    const structure: Structure = { order, breaks: pairsOf(dates) };
    const selected = fitStructure(model, structure, start, fixedTau, near, 5);
    table.push({
      order,
      dates,
      breaks: structure.breaks,
      logMarginal: selected.logMarginal,
      fit: selected,
    });
    return selected;
  };
  let best: SelectedFit | null = null;
  for (const order of orders) {
    const f = fit(order, []);
    if (best === null || f.logMarginal > best.logMarginal) best = f;
  }
  let current = best as SelectedFit;
  let dates: string[] = [];
  for (let step = 0; step < MAX_BREAKS; step++) {
    const taken = new Set(current.structure.breaks);
    let challenger: { fit: SelectedFit; dates: string[] } | null = null;
    for (const date of candidates) {
      if (dates.includes(date)) continue;
      if (breakPairs(date, firstMonth, m, fn).every((pair) => taken.has(pair))) continue;
      for (const order of [current.structure.order]) {
        const tried = [...dates, date].sort();
        const f = fit(order, tried);
        if (challenger === null || f.logMarginal > challenger.fit.logMarginal)
          challenger = { fit: f, dates: tried };
      }
    }
    if (challenger === null || challenger.fit.logMarginal - current.logMarginal <= cost) break;
    // refine tau for the accepted structure with the full search
    const refined = fitStructure(model, challenger.fit.structure, start, fixedTau);
    if (refined.logMarginal >= challenger.fit.logMarginal) {
      const row = table.find((r) => r.fit === challenger.fit);
      if (row) {
        row.fit = refined;
        row.logMarginal = refined.logMarginal;
      }
      current = refined;
    } else current = challenger.fit;
    dates = challenger.dates;
  }
  // the other order at the chosen break set and the set before the last step, for the averaging
  const sets = [dates, dates.slice(0, -1)].filter(
    (set, i, all) => i === 0 || set.length !== all[0].length,
  );
  for (const set of sets) {
    for (const order of orders) {
      if (table.some((row) => row.order === order && same(row.dates, set))) continue;
      const f = fit(order, [...set].sort());
      if (f.logMarginal > current.logMarginal && same(set, dates)) current = f;
    }
  }
  return { best: current, dates, table, cost };
}
