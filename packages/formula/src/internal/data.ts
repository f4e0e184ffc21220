/**
 * Column access for the data a formula is evaluated on: plain objects of arrays or arquero
 * tables. Each column is classified once (numbers, strings or booleans) without per-row objects.
 */
import { InvalidArgumentError } from '@muster/core';
import type { DataInput, TableLike } from '../types.ts';
import { type StringColumnCoding, validCoding } from './column-cache.ts';
import { columnsFromRows } from './rows.ts';

/** A column classified by the type of its non-missing values. */
export type RawColumn =
  /** Numbers; missing values are NaN. May be the caller's array itself (never written to). */
  | { kind: 'number'; name: string; values: ArrayLike<number>; complete: boolean }
  /** Strings; missing values are null or undefined. `coding`: readCsv's factor coding, checked. */
  | {
      kind: 'string';
      name: string;
      values: ArrayLike<string | null | undefined>;
      coding?: StringColumnCoding & { missing: number };
    }
  /** Booleans as 0/1; missing values are -1. */
  | { kind: 'boolean'; name: string; values: Int8Array };

/** True when `v` is missing: null, undefined, NaN or the empty string. */
export function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
}

function isTable(data: unknown): data is TableLike {
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as TableLike).columnNames === 'function' &&
    (typeof (data as TableLike).array === 'function' ||
      typeof (data as TableLike).getter === 'function')
  );
}

interface KindCounts {
  numbers: number;
  nans: number;
  /** null, undefined or empty string */
  empty: number;
  /** empty strings alone */
  emptyStrings: number;
  strings: number;
  booleans: number;
  others: number;
}

// Hot loops live in small functions of their own so that V8 optimises each for the few array
// shapes it sees. Arrays of unboxed doubles and arrays of tagged values (strings, nulls) must
// never meet at the same load site: V8's optimised code would then convert the double arrays to
// tagged elements (one heap number per value) to make the load monomorphic, slowing down every
// later pass over the caller's data and multiplying the garbage. So the element scan exists
// twice, and the choice between the two uses only built-ins (find, includes), which do not
// convert arrays.

const arrayFind = Array.prototype.find;
const arrayIncludes = Array.prototype.includes;

function isPresent(v: unknown): boolean {
  return v !== null && v !== undefined && v !== '' && !(typeof v === 'number' && Number.isNaN(v));
}

function countKinds(source: ArrayLike<unknown>): KindCounts {
  const first: unknown = arrayFind.call(source, isPresent);
  const nullish =
    arrayIncludes.call(source, null) ||
    arrayIncludes.call(source, undefined) ||
    arrayIncludes.call(source, '');
  return typeof first === 'number' && !nullish ? countKindsDense(source) : countKindsTagged(source);
}

/**
 * For arrays expected to hold only numbers (unboxed doubles or small integers). Its body is
 * countKindsTagged's on purpose: one shared loop would see both element kinds and make V8 box
 * double arrays (bench/README.md).
 */
function countKindsDense(source: ArrayLike<unknown>): KindCounts {
  // The common case in one tight loop: every value a number (NaN counted).
  const n = source.length;
  let nans = 0;
  let i = 0;
  for (; i < n; i++) {
    const v = source[i];
    if (typeof v !== 'number') break;
    if (Number.isNaN(v)) nans++;
  }
  if (i === n) {
    return { numbers: n, nans, empty: 0, emptyStrings: 0, strings: 0, booleans: 0, others: 0 };
  }
  return countKindsDenseMixed(source);
}

/** countKindsDense's loop for an array that is not all numbers. */
function countKindsDenseMixed(source: ArrayLike<unknown>): KindCounts {
  let numbers = 0;
  let nans = 0;
  let empty = 0;
  let emptyStrings = 0;
  let strings = 0;
  let booleans = 0;
  let others = 0;
  const n = source.length;
  for (let i = 0; i < n; i++) {
    const v = source[i];
    if (typeof v === 'number') {
      numbers++;
      if (Number.isNaN(v)) nans++;
    } else if (v === null || v === undefined) empty++;
    else if (v === '') {
      empty++;
      emptyStrings++;
    } else if (typeof v === 'string') strings++;
    else if (typeof v === 'boolean') booleans++;
    else others++;
  }
  return { numbers, nans, empty, emptyStrings, strings, booleans, others };
}

/** For arrays of tagged values: strings, booleans, numbers mixed with nulls. */
function countKindsTagged(source: ArrayLike<unknown>): KindCounts {
  let numbers = 0;
  let nans = 0;
  let empty = 0;
  let emptyStrings = 0;
  let strings = 0;
  let booleans = 0;
  let others = 0;
  const n = source.length;
  for (let i = 0; i < n; i++) {
    const v = source[i];
    if (typeof v === 'number') {
      numbers++;
      if (Number.isNaN(v)) nans++;
    } else if (v === null || v === undefined) empty++;
    else if (v === '') {
      empty++;
      emptyStrings++;
    } else if (typeof v === 'string') strings++;
    else if (typeof v === 'boolean') booleans++;
    else others++;
  }
  return { numbers, nans, empty, emptyStrings, strings, booleans, others };
}

function countNaN(values: ArrayLike<number>): number {
  let nans = 0;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) nans++;
  }
  return nans;
}

function numbersWithNaN(source: ArrayLike<unknown>): Float64Array {
  const n = source.length;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = source[i];
    values[i] = typeof v === 'number' ? v : Number.NaN;
  }
  return values;
}

function classify(name: string, source: ArrayLike<unknown>): RawColumn {
  const n = source.length;
  if (ArrayBuffer.isView(source) && !(source instanceof DataView)) {
    if (source instanceof BigInt64Array || source instanceof BigUint64Array) {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = Number(source[i]);
      return { kind: 'number', name, values, complete: countNaN(values) === 0 };
    }
    const values = source as unknown as ArrayLike<number>;
    return { kind: 'number', name, values, complete: countNaN(values) === 0 };
  }
  // A text column read by readCsv carries its factor coding; when the coding still matches the
  // values (checked by the model frame) no type scan is needed here.
  const coding = validCoding(source);
  if (coding !== null) {
    return { kind: 'string', name, values: source as ArrayLike<string | null>, coding };
  }
  const counts = countKinds(source);
  if (counts.strings === 0 && counts.booleans === 0 && counts.others === 0) {
    if (counts.empty === 0) {
      return {
        kind: 'number',
        name,
        values: source as ArrayLike<number>,
        complete: counts.nans === 0,
      };
    }
    return { kind: 'number', name, values: numbersWithNaN(source), complete: false };
  }
  if (counts.numbers === 0 && counts.strings === 0 && counts.others === 0) {
    const values = new Int8Array(n);
    for (let i = 0; i < n; i++) {
      const v = source[i];
      values[i] = v === true ? 1 : v === false ? 0 : -1;
    }
    return { kind: 'boolean', name, values };
  }
  if (
    counts.numbers === 0 &&
    counts.booleans === 0 &&
    counts.others === 0 &&
    counts.emptyStrings === 0
  ) {
    // Strings with null or undefined for missing values: used as they are.
    return { kind: 'string', name, values: source as ArrayLike<string | null> };
  }
  const values: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = source[i];
    values[i] = isMissing(v) ? null : v instanceof Date ? v.toISOString() : String(v);
  }
  return { kind: 'string', name, values };
}

/** The data of a model: column names, row count and classified columns (cached). */
export class DataSource {
  readonly columnNames: string[];
  readonly nrow: number;
  private readonly cache = new Map<string, RawColumn>();
  private readonly read: (name: string) => ArrayLike<unknown>;

  constructor(caller: string, input: DataInput) {
    const data = Array.isArray(input) ? columnsFromRows(caller, input) : input;
    if (typeof data !== 'object' || data === null) {
      throw new InvalidArgumentError(
        'data',
        `${caller} requires data as an object of columns, an array of rows or an arquero table; received ${data === null ? 'null' : typeof data}`,
      );
    }
    if (isTable(data)) {
      const table = data;
      this.columnNames = [...table.columnNames()];
      if (typeof table.array === 'function') {
        this.read = (name) => table.array!(name);
      } else {
        const rows = typeof table.numRows === 'function' ? table.numRows() : 0;
        this.read = (name) => {
          const get = table.getter!(name);
          const out: unknown[] = new Array(rows);
          for (let i = 0; i < rows; i++) out[i] = get(i);
          return out;
        };
      }
    } else {
      const record = data as Record<string, ArrayLike<unknown>>;
      this.columnNames = Object.keys(record);
      for (const name of this.columnNames) {
        const column = record[name];
        if (
          column === null ||
          typeof column !== 'object' ||
          typeof (column as ArrayLike<unknown>).length !== 'number'
        ) {
          throw new InvalidArgumentError(
            'data',
            `${caller} requires every column to be an array; column '${name}' is ${column === null ? 'null' : typeof column}`,
          );
        }
      }
      this.read = (name) => record[name]!;
    }
    let nrow = -1;
    for (const name of this.columnNames) {
      const length = this.read(name).length;
      if (nrow < 0) nrow = length;
      else if (length !== nrow) {
        throw new InvalidArgumentError(
          'data',
          `${caller} requires columns of equal length; column '${name}' has ${length} values, '${this.columnNames[0]}' has ${nrow}`,
        );
      }
    }
    if (nrow < 0 && isTable(data) && typeof data.numRows === 'function') nrow = data.numRows();
    this.nrow = Math.max(0, nrow);
  }

  has(name: string): boolean {
    return this.columnNames.includes(name);
  }

  column(name: string): RawColumn {
    let column = this.cache.get(name);
    if (column === undefined) {
      column = classify(name, this.read(name));
      this.cache.set(name, column);
    }
    return column;
  }
}

/** Compare strings by Unicode code point (R's C-locale order), not by UTF-16 code unit. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs === ys) return x - y;
    // A surrogate (code point >= 0x10000) sorts after any other BMP character.
    return xs ? 1 : -1;
  }
  return a.length - b.length;
}
