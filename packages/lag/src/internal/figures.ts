import { DataError, InvalidArgumentError } from '@muster/core';
import type { Figure } from '../reconstruct.ts';
import { type LagWarning, lagWarnings } from '../warnings.ts';
import { daysInMonth, firstDayOfMonth, monthOfDay, parseDay } from './periods.ts';

/** A figure checked and placed on the monthly grid. */
export interface PlacedFigure {
  id: string;
  index: number;
  qualifier: 'exact' | 'approximate' | 'lower_bound';
  /** Inclusive day numbers. */
  startDay: number;
  endDay: number;
  /** The figure as a total over its window (rates multiplied out). */
  total: number;
  /** Share of each grid month inside the window (length = months of the grid). */
  weights: Float64Array;
  /** Months of the window, for the description. */
  months: number;
}

/** A likelihood term: exact (Poisson), approximate (normal) or lower bound (censored Poisson). */
export interface LikelihoodTerm {
  kind: 'poisson' | 'normal' | 'censored';
  /** Figure ids the term comes from (a parent minus its children names all of them). */
  ids: string[];
  value: number;
  weights: Float64Array;
  /** Variance of an approximate figure. */
  variance: number;
}

/**
 * Exact figures whose windows overlap without nesting: their counts share the Poisson counts of
 * the overlaps ("atoms"), y = A n with n_a ~ Poisson(mu_a) independent. Used through the normal
 * approximation y ~ N(A mu, S), S = A diag(mu) A', with S evaluated at a first-pass fit.
 */
export interface OverlapBlock {
  ids: string[];
  /** Figure totals, length k. */
  values: Float64Array;
  /** Month weights of each figure, k x m row-major. */
  rows: Float64Array;
  /** Month weights of each atom, atoms x m row-major. */
  atomWeights: Float64Array;
  /** Incidence of atoms in figures, k x atoms row-major (0/1). */
  incidence: Float64Array;
  atoms: number;
  /** S^-1, k x k row-major; set from a first-pass fit. */
  precision: Float64Array;
}

const QUALIFIERS = ['exact', 'approximate', 'lower_bound'] as const;
const RATE_UNITS = ['total', 'month', 'week', 'day'] as const;

function describe(
  f: { id: string; qualifier: string; total: number },
  text: (d: number) => string,
  s: number,
  e: number,
): string {
  return `${f.id} (${f.qualifier} ${formatNumber(f.total)}, ${text(s)}..${text(e)})`;
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(6);
}

function dayText(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Parse a figure's date: `YYYY-MM-DD`, or `YYYY-MM` meaning the first (start) or last (end) day. */
function figureDay(value: unknown, end: boolean): number {
  if (typeof value !== 'string') return Number.NaN;
  const day = parseDay(value);
  if (Number.isNaN(day)) return day;
  if (end && /^\d{4}-\d{2}$/.test(value)) return day + daysInMonth(monthOfDay(day)) - 1;
  return day;
}

/**
 * Check figures and place them on the monthly grid firstMonth..lastMonth (month indices; when
 * null, the grid spans the figures). Throws DataError naming the figure for a window that ends
 * before it starts, a negative or non-finite value, an unknown qualifier or rate unit.
 */
export function placeFigures(
  figures: readonly Figure[],
  firstMonth: number | null,
  lastMonth: number | null,
  fn: string,
): { placed: PlacedFigure[]; firstMonth: number; lastMonth: number } {
  if (!Array.isArray(figures) || figures.length === 0) {
    throw new InvalidArgumentError(
      'figures',
      `${fn} requires at least one figure; received ${Array.isArray(figures) ? 0 : String(figures)}`,
    );
  }
  const parsed = figures.map((figure, index) => {
    const id =
      figure?.id === undefined || figure.id === null || figure.id === ''
        ? `figure ${index + 1}`
        : String(figure.id);
    const where = { column: 'figures', row: index + 1 };
    const startDay = figureDay(figure?.start, false);
    const endDay = figureDay(figure?.end, true);
    if (Number.isNaN(startDay) || Number.isNaN(endDay)) {
      throw new DataError(
        `${fn} requires figure windows as YYYY-MM-DD or YYYY-MM dates; received ${String(figure?.start)}..${String(figure?.end)} in figure ${id}`,
        where,
      );
    }
    if (endDay < startDay) {
      throw new DataError(
        `${fn} requires each figure's window to end on or after its start; figure ${id} ends ${String(figure.end)} before it starts ${String(figure.start)}`,
        where,
      );
    }
    const value = figure.value;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new DataError(
        `${fn} requires figure values that are finite and >= 0; received ${String(value)} in figure ${id}`,
        where,
      );
    }
    if (!(QUALIFIERS as readonly string[]).includes(figure.qualifier)) {
      throw new DataError(
        `${fn} requires a qualifier exact, approximate or lower_bound; received ${String(figure.qualifier)} in figure ${id}`,
        where,
      );
    }
    const per = figure.per ?? 'total';
    if (!(RATE_UNITS as readonly string[]).includes(per)) {
      throw new DataError(
        `${fn} requires per to be total, month, week or day; received ${String(per)} in figure ${id}`,
        where,
      );
    }
    return { id, index, figure, startDay, endDay, per, value };
  });
  const first = firstMonth ?? Math.min(...parsed.map((p) => monthOfDay(p.startDay)));
  const last = lastMonth ?? Math.max(...parsed.map((p) => monthOfDay(p.endDay)));
  if (last < first) {
    throw new InvalidArgumentError('to', `${fn} requires the grid to end on or after its start`);
  }
  const gridStart = firstDayOfMonth(first);
  const gridEnd = firstDayOfMonth(last + 1) - 1;
  const m = last - first + 1;
  const placed = parsed.map((p): PlacedFigure => {
    if (p.startDay < gridStart || p.endDay > gridEnd) {
      throw new DataError(
        `${fn} requires every figure inside the grid ${dayText(gridStart)}..${dayText(gridEnd)}; figure ${p.id} covers ${dayText(p.startDay)}..${dayText(p.endDay)}`,
        { column: 'figures', row: p.index + 1 },
      );
    }
    const weights = dayWeights(p.startDay, p.endDay, first, m);
    const months = weights.reduce((a, b) => a + b, 0);
    const days = p.endDay - p.startDay + 1;
    const total =
      p.per === 'total'
        ? p.value
        : p.per === 'month'
          ? p.value * months
          : p.per === 'week'
            ? (p.value * days) / 7
            : p.value * days;
    return {
      id: p.id,
      index: p.index,
      qualifier: p.figure.qualifier,
      startDay: p.startDay,
      endDay: p.endDay,
      total,
      weights,
      months,
    };
  });
  return { placed, firstMonth: first, lastMonth: last };
}

const contains = (outer: PlacedFigure, inner: PlacedFigure): boolean =>
  outer.startDay <= inner.startDay && inner.endDay <= outer.endDay;
const overlaps = (a: PlacedFigure, b: PlacedFigure): boolean =>
  a.startDay <= b.endDay && b.startDay <= a.endDay;

/** Month weights of the days start..end on the grid starting at firstMonth with m months. */
function dayWeights(startDay: number, endDay: number, firstMonth: number, m: number): Float64Array {
  const weights = new Float64Array(m);
  for (let month = monthOfDay(startDay); month <= monthOfDay(endDay); month++) {
    const a = Math.max(startDay, firstDayOfMonth(month));
    const b = Math.min(endDay, firstDayOfMonth(month + 1) - 1);
    weights[month - firstMonth] = (b - a + 1) / daysInMonth(month);
  }
  return weights;
}

/**
 * Turn placed figures into likelihood terms that are independent of one another. Exact figures
 * are grouped by overlapping windows. A group whose windows nest (a half-year inside its year)
 * becomes independent Poisson counts: each exact figure containing others is replaced by its
 * remainder, the figure minus its largest exact figures inside. A group with windows that
 * overlap without nesting becomes an {@link OverlapBlock} (normal approximation with the
 * Poisson covariance of the shared days). Contradictions throw a DataError naming both figures:
 * an exact figure below an exact or lower-bound figure inside its window, or below the sum of
 * exact figures inside it; identical windows with different exact values. Approximate figures
 * and lower bounds are separate terms.
 */
export function likelihoodTerms(
  placed: PlacedFigure[],
  relativeSd: number,
  firstMonth: number,
  fn: string,
): { terms: LikelihoodTerm[]; blocks: OverlapBlock[]; warnings: LagWarning[] } {
  const warnings: LagWarning[] = [];
  const m = placed[0]?.weights.length ?? 0;
  const text = (f: PlacedFigure) => describe(f, dayText, f.startDay, f.endDay);
  const contradiction = (outer: PlacedFigure, inner: PlacedFigure, what: string): never => {
    throw new DataError(
      `${fn} found contradicting figures: ${text(outer)} is below ${what} ${text(inner)} inside its window`,
      { column: 'figures', row: outer.index + 1 },
    );
  };
  // drop exact duplicates (same window, same value); different values contradict
  const exact: PlacedFigure[] = [];
  for (const f of placed.filter((p) => p.qualifier === 'exact')) {
    const twin = exact.find((e) => e.startDay === f.startDay && e.endDay === f.endDay);
    if (!twin) {
      exact.push(f);
      continue;
    }
    if (Math.abs(twin.total - f.total) > 1e-9 * Math.max(1, twin.total)) {
      throw new DataError(
        `${fn} found contradicting figures: ${text(f)} and ${text(twin)} give different exact totals for the same window`,
        { column: 'figures', row: f.index + 1 },
      );
    }
    warnings.push(lagWarnings.duplicateFigure(fn, f.id, twin.id));
  }
  for (const outer of exact) {
    for (const inner of placed) {
      if (inner === outer || !contains(outer, inner)) continue;
      if (inner.qualifier === 'exact' && inner.total > outer.total + 1e-9 * outer.total)
        contradiction(outer, inner, 'the exact figure');
      if (inner.qualifier === 'lower_bound' && inner.total > outer.total + 1e-9 * outer.total)
        contradiction(outer, inner, 'the lower bound');
    }
  }
  // groups of exact figures connected by overlapping windows
  const group = exact.map((_, i) => i);
  const root = (i: number): number => (group[i] === i ? i : (group[i] = root(group[i])));
  for (let i = 0; i < exact.length; i++) {
    for (let j = i + 1; j < exact.length; j++)
      if (overlaps(exact[i], exact[j])) group[root(i)] = root(j);
  }
  const groups = new Map<number, PlacedFigure[]>();
  exact.forEach((f, i) => {
    const key = root(i);
    const list = groups.get(key) ?? [];
    list.push(f);
    groups.set(key, list);
  });
  const terms: LikelihoodTerm[] = [];
  const blocks: OverlapBlock[] = [];
  for (const members of groups.values()) {
    const nested = members.every((a, i) =>
      members.every((b, j) => i === j || !overlaps(a, b) || contains(a, b) || contains(b, a)),
    );
    if (!nested) {
      blocks.push(overlapBlock(members, firstMonth, m));
      continue;
    }
    for (const f of members) {
      const inside = members.filter((e) => e !== f && contains(f, e));
      const children = inside.filter((c) => !inside.some((o) => o !== c && contains(o, c)));
      if (children.length === 0) {
        terms.push({
          kind: 'poisson',
          ids: [f.id],
          value: f.total,
          weights: f.weights,
          variance: 0,
        });
        continue;
      }
      const weights = Float64Array.from(f.weights);
      let value = f.total;
      for (const c of children) {
        value -= c.total;
        for (let j = 0; j < m; j++) weights[j] -= c.weights[j];
      }
      const listed = children.map((c) => c.id).join(', ');
      if (value < -1e-9 * f.total) {
        throw new DataError(
          `${fn} found contradicting figures: ${text(f)} is below the sum ${formatNumber(f.total - value)} of the exact figures inside it (${listed})`,
          { column: 'figures', row: f.index + 1 },
        );
      }
      for (let j = 0; j < m; j++) if (Math.abs(weights[j]) < 1e-12) weights[j] = 0;
      if (weights.some((w) => w > 0)) {
        terms.push({
          kind: 'poisson',
          ids: [f.id, ...children.map((c) => c.id)],
          value: Math.max(0, value),
          weights,
          variance: 0,
        });
      } else if (value > 1e-9 * Math.max(1, f.total)) {
        throw new DataError(
          `${fn} found contradicting figures: ${text(f)} differs from the sum ${formatNumber(f.total - value)} of the exact figures that cover its window (${listed})`,
          { column: 'figures', row: f.index + 1 },
        );
      }
    }
  }
  for (const f of placed) {
    if (f.qualifier === 'approximate') {
      const variance = f.total + (relativeSd * f.total) ** 2;
      terms.push({
        kind: 'normal',
        ids: [f.id],
        value: f.total,
        weights: f.weights,
        variance: Math.max(variance, 1),
      });
    } else if (f.qualifier === 'lower_bound') {
      terms.push({
        kind: 'censored',
        ids: [f.id],
        value: f.total,
        weights: f.weights,
        variance: 0,
      });
    }
  }
  return { terms, blocks, warnings };
}

/** Atoms (maximal day ranges covered by the same figures) of a group of overlapping exact figures. */
function overlapBlock(members: PlacedFigure[], firstMonth: number, m: number): OverlapBlock {
  const cuts = [...new Set(members.flatMap((f) => [f.startDay, f.endDay + 1]))].sort(
    (a, b) => a - b,
  );
  const atomRanges: [number, number][] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i];
    const b = cuts[i + 1] - 1;
    if (members.some((f) => f.startDay <= a && b <= f.endDay)) atomRanges.push([a, b]);
  }
  const k = members.length;
  const atoms = atomRanges.length;
  const atomWeights = new Float64Array(atoms * m);
  const incidence = new Float64Array(k * atoms);
  atomRanges.forEach(([a, b], index) => {
    atomWeights.set(dayWeights(a, b, firstMonth, m), index * m);
    members.forEach((f, i) => {
      if (f.startDay <= a && b <= f.endDay) incidence[i * atoms + index] = 1;
    });
  });
  const rows = new Float64Array(k * m);
  members.forEach((f, i) => {
    rows.set(f.weights, i * m);
  });
  return {
    ids: members.map((f) => f.id),
    values: Float64Array.from(members, (f) => f.total),
    rows,
    atomWeights,
    incidence,
    atoms,
    precision: new Float64Array(k * k),
  };
}
