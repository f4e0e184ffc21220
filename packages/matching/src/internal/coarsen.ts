import { InvalidArgumentError } from '@muster/core';
import type { Covariate } from './covariates.ts';
import { findInterval, sequence } from './statistics.ts';

/** How to coarsen a numeric variable: Sturges' rule, a number of equal-width bins, or cut points. */
export type CutPoints = 'sturges' | number | readonly number[];

/** The coarsened variables and the interior cut points used per numeric variable. */
export interface Coarsened {
  covariates: Covariate[];
  cutPoints: Record<string, number[]>;
}

/**
 * MatchIt's `cem_matchit` binning: each numeric variable is cut at its interior breaks
 * (intervals closed on the left, open-ended at both ends); factors stay as they are. A number of
 * bins b gives breaks seq(min, max, length.out = b + 1) with the outer two dropped; Sturges' rule
 * takes b = ceiling(log2(n) + 1); 0 bins leaves the variable uncoarsened and 1 bin leaves it out.
 */
export function coarsen(
  fn: string,
  covariates: readonly Covariate[],
  cutPoints: Record<string, CutPoints>,
): Coarsened {
  for (const name of Object.keys(cutPoints)) {
    if (!covariates.some((c) => c.name === name && c.kind === 'numeric')) {
      throw new InvalidArgumentError(
        'cutPoints',
        `${fn} requires cutPoints to name numeric covariates; received '${name}' (numeric covariates: ${covariates
          .filter((c) => c.kind === 'numeric')
          .map((c) => c.name)
          .join(', ')})`,
      );
    }
  }
  const out: Covariate[] = [];
  const used: Record<string, number[]> = {};
  for (const c of covariates) {
    if (c.kind !== 'numeric') {
      out.push(c);
      continue;
    }
    const spec = cutPoints[c.name] ?? 'sturges';
    const breaks = interiorBreaks(fn, c.name, c.values, spec);
    if (breaks === 'drop') continue;
    if (breaks === 'exact') {
      out.push(c);
      continue;
    }
    used[c.name] = breaks;
    const all = [Number.NEGATIVE_INFINITY, ...breaks, Number.POSITIVE_INFINITY];
    out.push({
      name: c.name,
      kind: 'numeric',
      values: Float64Array.from(c.values, (x) => findInterval(x, all)),
    });
  }
  return { covariates: out, cutPoints: used };
}

function interiorBreaks(
  fn: string,
  name: string,
  x: Float64Array,
  spec: CutPoints,
): number[] | 'drop' | 'exact' {
  if (Array.isArray(spec)) {
    const cuts = spec as readonly number[];
    if (cuts.length === 0 || cuts.some((v) => !Number.isFinite(v))) {
      throw new InvalidArgumentError(
        'cutPoints',
        `${fn} requires finite cut points for '${name}'; received [${cuts.join(', ')}]`,
      );
    }
    return [...new Set(cuts)].sort((a, b) => a - b);
  }
  let bins: number;
  if (spec === 'sturges') bins = Math.ceil(Math.log2(x.length) + 1);
  else if (typeof spec === 'number' && Number.isInteger(spec) && spec >= 0) bins = spec;
  else {
    throw new InvalidArgumentError(
      'cutPoints',
      `${fn} requires cutPoints for '${name}' to be 'sturges', a whole number of bins or an array of cut points; received ${JSON.stringify(spec)}`,
    );
  }
  if (bins === 0) return 'exact';
  if (bins === 1) return 'drop';
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of x) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return sequence(min, max, bins + 1).slice(1, bins);
}

/**
 * Subclasses of coarsened exact matching: the cells (combinations of coarsened values) that hold
 * both treated and control units, numbered in the order their first control appears in the data
 * (as MatchIt's `intersect` of the control and treated cells); other units get null.
 */
export function cemSubclasses(cells: Int32Array, treat: Uint8Array): (number | null)[] {
  const treatedCells = new Set<number>();
  for (let i = 0; i < cells.length; i++) if (treat[i] === 1) treatedCells.add(cells[i]!);
  const id = new Map<number, number>();
  for (let i = 0; i < cells.length; i++) {
    if (treat[i] === 0 && treatedCells.has(cells[i]!) && !id.has(cells[i]!))
      id.set(cells[i]!, id.size + 1);
  }
  return Array.from(cells, (c) => id.get(c) ?? null);
}
