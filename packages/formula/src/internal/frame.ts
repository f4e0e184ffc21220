/**
 * The model frame shared by modelFrame, designMatrix and applyDesign: variables evaluated on the
 * full data (typed arrays, no per-row objects), then rows with a missing value dropped (na.omit).
 */
import { DataError, FormulaError } from '@muster/core';
import { parseFormula } from '../parse-formula.ts';
import type {
  ClusterFactor,
  DataInput,
  Formula,
  ModelFrameOptions,
  Response,
  StrataFactor,
} from '../types.ts';
import { DataSource, isMissing, type RawColumn } from './data.ts';
import { deparseFormula } from './deparse.ts';
import { Evaluator, type Value } from './evaluate.ts';
import { expandTerms, type Terms } from './terms.ts';

export interface Frame {
  formula: Formula;
  formulaText: string;
  terms: Terms;
  /** Evaluated variables over all data rows (index as terms.variables). */
  values: Value[];
  nData: number;
  rows: Int32Array;
  dropped: Int32Array;
  /** True when no row was dropped (rows[i] === i). */
  complete: boolean;
  extra: Record<string, (number | string | null)[]>;
  /** Parameters of data-dependent transformations (scale()), for new data. */
  transforms: Record<string, number[]>;
}

export function toFormula(caller: string, formula: string | Formula): Formula {
  if (typeof formula === 'string') return parseFormula(formula);
  if (typeof formula !== 'object' || formula === null || formula.type !== 'formula') {
    throw new FormulaError(
      String(formula),
      0,
      `${caller} requires a formula string or a parsed Formula`,
    );
  }
  return formula;
}

function markNaN(values: ArrayLike<number>, mask: Uint8Array): void {
  const n = mask.length;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) mask[i] = 1;
  }
}

function markNegative(codes: Int32Array, mask: Uint8Array): void {
  const n = mask.length;
  for (let i = 0; i < n; i++) if (codes[i]! < 0) mask[i] = 1;
}

function markNegativeCodes(codes: Int8Array, mask: Uint8Array): void {
  const n = mask.length;
  for (let i = 0; i < n; i++) if (codes[i]! < 0) mask[i] = 1;
}

function markMissingStrings(values: ArrayLike<string | null | undefined>, mask: Uint8Array): void {
  const n = mask.length;
  for (let i = 0; i < n; i++) if (isMissing(values[i])) mask[i] = 1;
}

/** Rows kept and dropped (0-based); every row is kept when there is no mask. */
function keptRows(mask: Uint8Array | null, n: number): { rows: Int32Array; dropped: Int32Array } {
  if (mask === null) {
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = i;
    return { rows, dropped: new Int32Array(0) };
  }
  let kept = 0;
  for (let i = 0; i < n; i++) if (mask[i] === 0) kept++;
  const rows = new Int32Array(kept);
  const dropped = new Int32Array(n - kept);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (mask[i] === 0) rows[a++] = i;
    else dropped[b++] = i;
  }
  return { rows, dropped };
}

function missingMask(value: Value, mask: Uint8Array): void {
  switch (value.kind) {
    case 'numeric':
      if (value.complete !== true) markNaN(value.values, mask);
      return;
    case 'factor':
      if (value.complete !== true) markNegative(value.codes, mask);
      return;
    case 'cbind':
    case 'matrix':
      for (const c of value.columns) markNaN(c, mask);
      return;
    case 'surv':
      if (value.start !== null) markNaN(value.start, mask);
      markNaN(value.stop, mask);
      markNaN(value.event, mask);
      return;
  }
}

/** Keep only the levels that kept rows use (R's drop.unused.levels). */
function dropUnused(value: Value & { kind: 'factor' }, rows: Int32Array): Value {
  const used = new Uint8Array(value.levels.length);
  for (let r = 0; r < rows.length; r++) used[value.codes[rows[r]!]!] = 1;
  if (used.every((u) => u === 1)) return value;
  const remap = new Int32Array(value.levels.length).fill(-1);
  const levels: string[] = [];
  value.levels.forEach((l, k) => {
    if (used[k]) {
      remap[k] = levels.length;
      levels.push(l);
    }
  });
  const codes = new Int32Array(value.codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = value.codes[i]!;
    codes[i] = c < 0 ? -1 : remap[c]!;
  }
  return { ...value, levels, codes };
}

export function buildFrame(
  caller: string,
  formulaInput: string | Formula,
  data: DataInput,
  options: ModelFrameOptions = {},
): Frame {
  const formula = toFormula(caller, formulaInput);
  const source = new DataSource(caller, data);
  const terms = expandTerms(formula, source.columnNames);
  const evaluator = new Evaluator(caller, formula.source, source, { levels: options.levels });
  const values = terms.variables.map((node, v) =>
    evaluator.variable(node, terms.hasResponse && v === 0),
  );
  const n = source.nrow;
  // The mask is only allocated when some variable may have a missing value.
  let maskArray: Uint8Array | null = null;
  const mask = (): Uint8Array => {
    maskArray ??= new Uint8Array(n);
    return maskArray;
  };
  for (const value of values) {
    if ((value.kind === 'numeric' || value.kind === 'factor') && value.complete === true) continue;
    missingMask(value, mask());
  }

  const extraNames = Object.entries(options.extra ?? {});
  const extraRaw: [string, RawColumn][] = [];
  const keepMissing = new Set(options.keepMissing ?? []);
  for (const [role, column] of extraNames) {
    if (!source.has(column)) {
      throw new DataError(
        `${caller}: the ${role} column '${column}' is not in the data (columns: ${source.columnNames.join(', ')})`,
        { column },
      );
    }
    const raw = source.column(column);
    if (keepMissing.has(role)) {
      extraRaw.push([role, raw]);
    } else if (raw.kind === 'number') {
      if (!raw.complete) markNaN(raw.values, mask());
      extraRaw.push([role, raw]);
    } else if (raw.kind === 'boolean') {
      markNegativeCodes(raw.values, mask());
      extraRaw.push([role, raw]);
    } else {
      markMissingStrings(raw.values, mask());
      extraRaw.push([role, raw]);
    }
  }

  const { rows, dropped } = keptRows(maskArray, n);
  const kept = rows.length;
  if (options.dropUnusedLevels === true) {
    values.forEach((value, v) => {
      if (value.kind === 'factor') values[v] = dropUnused(value, rows);
    });
  }
  const extra: Record<string, (number | string | null)[]> = {};
  for (const [role, raw] of extraRaw) {
    extra[role] =
      raw.kind === 'boolean'
        ? pickCodes(raw.values, rows)
        : raw.kind === 'string'
          ? pickStrings(raw.values, rows)
          : pickNumbers(raw.values, rows);
  }
  return {
    formula,
    formulaText: deparseFormula(formula),
    terms,
    values,
    nData: n,
    rows,
    dropped,
    complete: kept === n,
    extra,
    transforms: evaluator.transforms,
  };
}

// One function per kind of array, so that number and string arrays never share a load site.
function pickNumbers(values: ArrayLike<number>, rows: Int32Array): number[] {
  const out: number[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) out[r] = values[rows[r]!]!;
  return out;
}

function pickStrings(
  values: ArrayLike<string | null | undefined>,
  rows: Int32Array,
): (string | null)[] {
  const out: (string | null)[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) out[r] = values[rows[r]!] ?? null;
  return out;
}

function pickCodes(values: Int8Array, rows: Int32Array): (number | null)[] {
  const out: (number | null)[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const code = values[rows[r]!]!;
    out[r] = code < 0 ? null : code;
  }
  return out;
}

/** Numbers on the kept rows. */
export function subsetNumbers(values: ArrayLike<number>, frame: Frame): Float64Array {
  const rows = frame.rows;
  const out = new Float64Array(rows.length);
  if (frame.complete) {
    out.set(values as ArrayLike<number>);
    return out;
  }
  for (let r = 0; r < rows.length; r++) out[r] = values[rows[r]!]!;
  return out;
}

export function subsetCodes(codes: Int32Array, frame: Frame): Int32Array {
  if (frame.complete) return codes.slice();
  const rows = frame.rows;
  const out = new Int32Array(rows.length);
  for (let r = 0; r < rows.length; r++) out[r] = codes[rows[r]!]!;
  return out;
}

export function frameResponse(frame: Frame): Response | null {
  if (!frame.terms.hasResponse) return null;
  const value = frame.values[0]!;
  const name = frame.terms.names[0]!;
  switch (value.kind) {
    case 'numeric':
      return { kind: 'vector', name, values: subsetNumbers(value.values, frame) };
    case 'factor':
      return { kind: 'factor', name, levels: value.levels, codes: subsetCodes(value.codes, frame) };
    case 'cbind':
      return {
        kind: 'cbind',
        names: [value.names[0]!, value.names[1]!],
        values: [subsetNumbers(value.columns[0]!, frame), subsetNumbers(value.columns[1]!, frame)],
      };
    case 'matrix':
      throw new FormulaError(
        frame.formula.source,
        0,
        `${name} gives several columns; it cannot be the response`,
      );
    case 'surv':
      return {
        kind: 'surv',
        name,
        start: value.start === null ? null : subsetNumbers(value.start, frame),
        stop: subsetNumbers(value.stop, frame),
        event: subsetNumbers(value.event, frame),
      };
  }
}

export function frameOffset(frame: Frame): Float64Array | null {
  const offsets = frame.terms.offsets;
  if (offsets.length === 0) return null;
  const out = new Float64Array(frame.rows.length);
  for (const v of offsets) {
    const value = frame.values[v]!;
    if (value.kind !== 'numeric') continue;
    const rows = frame.rows;
    for (let r = 0; r < rows.length; r++) out[r]! += value.values[rows[r]!]!;
  }
  return out;
}

export function frameStrata(frame: Frame): StrataFactor | null {
  const ids = frame.terms.strata;
  if (ids.length === 0) return null;
  const labels = ids.map((v) => frame.terms.names[v]!);
  const factors = ids.map((v) => frame.values[v] as Value & { kind: 'factor' });
  if (factors.length === 1) {
    const f = factors[0]!;
    return { labels, levels: f.levels, codes: subsetCodes(f.codes, frame) };
  }
  // Several strata() terms combine into one factor, as coxph does with strata(a, b).
  const rows = frame.rows;
  const keys = new Map<string, number>();
  const raw = new Int32Array(rows.length);
  const combos: number[][] = [];
  for (let r = 0; r < rows.length; r++) {
    const combo = factors.map((f) => f.codes[rows[r]!]!);
    const key = combo.join(',');
    let code = keys.get(key);
    if (code === undefined) {
      code = combos.length;
      keys.set(key, code);
      combos.push(combo);
    }
    raw[r] = code;
  }
  const order = combos
    .map((_c, i) => i)
    .sort((a, b) => {
      const x = combos[a]!;
      const y = combos[b]!;
      for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return x[k]! - y[k]!;
      return 0;
    });
  const remap = new Int32Array(combos.length);
  order.forEach((c, k) => {
    remap[c] = k;
  });
  const codes = raw.map((c) => remap[c]!);
  const levels = order.map((c) =>
    combos[c]!.map((code, k) => factors[k]!.levels[code]!).join(', '),
  );
  return { labels, levels, codes };
}

export function frameCluster(frame: Frame): ClusterFactor | null {
  const ids = frame.terms.cluster;
  if (ids.length === 0) return null;
  if (ids.length > 1) {
    throw new FormulaError(
      frame.formula.source,
      frame.terms.variables[ids[1]!]!.position,
      `a formula takes at most one cluster() term; received ${ids.length}`,
    );
  }
  const f = frame.values[ids[0]!] as Value & { kind: 'factor' };
  return {
    label: frame.terms.names[ids[0]!]!,
    levels: f.levels,
    codes: subsetCodes(f.codes, frame),
  };
}
