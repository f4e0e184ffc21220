import { DataError, InvalidArgumentError } from '@muster/core';
import { stringColumnCodings } from './internal/column-cache.ts';
import { compareCodePoints } from './internal/data.ts';
import { decodeCsv } from './internal/decode-csv.ts';
import { parseNumber } from './internal/evaluate.ts';
import type { DataColumns } from './types.ts';
import { type FormulaWarning, formulaWarnings } from './warnings.ts';

interface Records {
  /** Fields of every record, row-major; `null` for an unquoted empty field. */
  fields: string[];
  /** Start of each record in `fields`, plus a final end marker. */
  starts: number[];
}

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

/**
 * Split CSV text into records of fields (RFC 4180: quotes, doubled quotes, line breaks inside
 * quotes, CRLF or LF). Unquoted fields are sliced out whole rather than built character by
 * character.
 */
function parseRecords(text: string): Records {
  const fields: string[] = [];
  const starts: number[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    // A record starts at i.
    const recordStart = fields.length;
    let blank = true;
    for (;;) {
      let c = text.charCodeAt(i);
      let field: string;
      if (c === QUOTE) {
        blank = false;
        const open = line;
        let value = '';
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) {
            throw new DataError(
              `readCsv: expected a closing quote for the field opened on line ${open}`,
              { row: starts.length },
            );
          }
          value += text.slice(from, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            from = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        for (let k = value.indexOf('\n'); k >= 0; k = value.indexOf('\n', k + 1)) line++;
        // Text after the closing quote (not RFC 4180) is kept, as spreadsheet programs do.
        const rest = i;
        while (i < n) {
          c = text.charCodeAt(i);
          if (c === COMMA || c === LF || c === CR) break;
          i++;
        }
        field = i > rest ? value + text.slice(rest, i) : value;
      } else {
        const from = i;
        while (i < n) {
          c = text.charCodeAt(i);
          if (c === COMMA || c === LF || c === CR) break;
          i++;
        }
        field = text.slice(from, i);
        if (field.length > 0) blank = false;
      }
      fields.push(field);
      if (i >= n) break;
      c = text.charCodeAt(i);
      if (c === COMMA) {
        blank = false;
        i++;
        continue;
      }
      // End of record: CRLF, LF or CR.
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    if (blank && fields.length === recordStart + 1) fields.pop();
    else starts.push(recordStart);
  }
  starts.push(fields.length);
  return { fields, starts };
}

/**
 * Read CSV text into columns, as R's `read.csv` reads numbers and missing values.
 *
 * The first record names the columns. Fields follow RFC 4180 (quoted fields may hold commas,
 * doubled quotes and line breaks; CRLF or LF line ends; a leading byte-order mark is skipped).
 * Empty fields and `NA` are missing (`null`). A column is numeric when every non-missing field
 * parses as a decimal number (`1`, `-2.5`, `1e-4`, `Inf`); otherwise it holds strings. A short
 * record is padded with missing values. Numbers are decimal, as R writes them: `0x10` is text.
 *
 * Given bytes, the text is decoded from UTF-8 (a byte-order mark is skipped) or from UTF-16 with a
 * byte-order mark; other encodings are refused (Latin-1 bytes are not guessed at).
 *
 * A column of numbers with a few text entries becomes text, as in R; `onWarning` then hears
 * which column, rows and values did it (code `text-in-numeric-column`).
 *
 * @param input - The CSV text, or its bytes.
 * Columns named in `text` are read as text even when every field is a number (codes such as
 * `007`, as R's `colClasses = "character"` keeps them); `NA` and empty fields stay missing.
 *
 * @param options - `onWarning`: called with each warning; `text`: columns read as text.
 * @returns Columns by name in file order: numbers or strings, `null` where missing.
 * @throws InvalidArgumentError when the text is empty or has no header or the bytes are not UTF-8
 *   or UTF-16 with a byte-order mark; DataError when a record
 *   has more fields than the header (with the 1-based data row) or a quote is not closed.
 * @example
 * ```ts
 * readCsv('y,x,g\n1,2.5,"a"\n0,,b\n');
 * // => { y: [1, 0], x: [2.5, null], g: ['a', 'b'] }
 * readCsv('code,n\n007,1\n012,NA\n', { text: ['code'] });
 * // => { code: ['007', '012'], n: [1, null] }
 * ```
 */
export function readCsv(
  input: string | Uint8Array,
  options: {
    onWarning?: (warning: FormulaWarning) => void;
    /** Columns read as text whatever they hold (R's `colClasses = "character"`). */
    text?: readonly string[];
  } = {},
): DataColumns {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new InvalidArgumentError('text', `readCsv requires CSV text; received ${typeof input}`);
  }
  const text = typeof input === 'string' ? input : decodeCsv(input);
  const { fields, starts } = parseRecords(text);
  const nrecords = starts.length - 1;
  if (nrecords === 0) {
    throw new InvalidArgumentError('text', 'readCsv requires a header record; received empty text');
  }
  const header = fields.slice(0, starts[1]);
  const names = header.map((h, j) => (h === '' ? `V${j + 1}` : h));
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw new InvalidArgumentError(
        'text',
        `readCsv requires distinct column names; '${name}' appears twice`,
      );
    }
    seen.add(name);
  }
  const nrow = nrecords - 1;
  const ncol = names.length;
  for (let r = 0; r < nrow; r++) {
    const count = starts[r + 2]! - starts[r + 1]!;
    if (count > ncol) {
      throw new DataError(
        `readCsv requires at most ${ncol} fields per record; data row ${r + 1} has ${count}`,
        { row: r + 1 },
      );
    }
  }
  const asText = new Set(options.text ?? []);
  for (const name of asText) {
    if (!seen.has(name)) {
      throw new InvalidArgumentError(
        'text',
        `readCsv requires options.text to name columns of the header; received '${name}'`,
      );
    }
  }
  const columns: DataColumns = {};
  for (let j = 0; j < ncol; j++) {
    if (asText.has(names[j]!)) {
      columns[names[j]!] = readStrings(fields, starts, j, nrow);
      continue;
    }
    const numbers = readNumbers(fields, starts, j, nrow);
    if (numbers === null && options.onWarning) {
      const found = textInNumbers(fields, starts, j, nrow, names[j]!);
      if (found) options.onWarning(found);
    }
    columns[names[j]!] = numbers ?? readStrings(fields, starts, j, nrow);
  }
  return columns;
}

function fieldAt(fields: string[], starts: number[], r: number, j: number): string | null {
  const at = starts[r + 1]! + j;
  if (at >= starts[r + 2]!) return null;
  const v = fields[at]!;
  return v === '' || v === 'NA' ? null : v;
}

/** The column as numbers, or null when a field is not a number. */
function readNumbers(
  fields: string[],
  starts: number[],
  j: number,
  nrow: number,
): (number | null)[] | null {
  const values = new Float64Array(nrow);
  let missing = 0;
  for (let r = 0; r < nrow; r++) {
    const v = fieldAt(fields, starts, r, j);
    if (v === null) {
      values[r] = Number.NaN;
      missing++;
      continue;
    }
    const x = parseNumber(v);
    if (Number.isNaN(x)) {
      if (v.trim() === 'NaN') {
        values[r] = Number.NaN;
        missing++;
        continue;
      }
      return null;
    }
    values[r] = x;
  }
  return missing === 0 ? doubleArray(values) : arrayWithNulls(values);
}

/**
 * A warning when a text column is mostly numbers: the column, and the first rows and values that
 * are not numbers. Null when text entries are as many as numbers (a column of labels).
 */
function textInNumbers(
  fields: string[],
  starts: number[],
  j: number,
  nrow: number,
  name: string,
): FormulaWarning | null {
  let numbers = 0;
  const text: string[] = [];
  let count = 0;
  for (let r = 0; r < nrow; r++) {
    const v = fieldAt(fields, starts, r, j);
    if (v === null) continue;
    if (!Number.isNaN(parseNumber(v)) || v.trim() === 'NaN') numbers++;
    else {
      count++;
      if (text.length < 5) text.push(`row ${r + 1} ${JSON.stringify(v)}`);
    }
  }
  if (numbers <= count) return null;
  return formulaWarnings.textInNumericColumn(name, text, count, numbers + count);
}

// Two allocation sites, so that V8 keeps columns without missing values as unboxed doubles
// (columns with nulls need boxed elements, and V8 would otherwise start every later array
// allocated at the same site in that slower mode).
function doubleArray(values: Float64Array): number[] {
  const n = values.length;
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(values[i]!);
  return out;
}

function arrayWithNulls(values: Float64Array): (number | null)[] {
  const n = values.length;
  const out: (number | null)[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    out.push(Number.isNaN(v) ? null : v);
  }
  return out;
}

/**
 * The column as strings, each distinct value stored once, with its factor coding (levels in
 * code-point order) recorded for the model frame.
 */
function readStrings(
  fields: string[],
  starts: number[],
  j: number,
  nrow: number,
): (string | null)[] {
  const out: (string | null)[] = [];
  const codes = new Int32Array(nrow);
  const index = new Map<string, number>();
  const distinct: string[] = [];
  for (let r = 0; r < nrow; r++) {
    const v = fieldAt(fields, starts, r, j);
    if (v === null) {
      out.push(null);
      codes[r] = -1;
      continue;
    }
    let code = index.get(v);
    if (code === undefined) {
      code = distinct.length;
      index.set(v, code);
      distinct.push(v);
    }
    out.push(distinct[code]!);
    codes[r] = code;
  }
  const levels = [...distinct].sort(compareCodePoints);
  const remap = new Int32Array(distinct.length);
  levels.forEach((level, k) => {
    remap[index.get(level)!] = k;
  });
  for (let r = 0; r < nrow; r++) if (codes[r]! >= 0) codes[r] = remap[codes[r]!]!;
  stringColumnCodings.set(out, { levels, codes });
  return out;
}
