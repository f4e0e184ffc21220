import { DataError, InvalidArgumentError } from '@muster/core';
import { parseNumber } from './internal/evaluate.ts';
import type { DataColumns } from './types.ts';

/** Split CSV text into records of fields (RFC 4180: quotes, doubled quotes, CRLF or LF). */
function parseRecords(text: string): { fields: string[]; quoted: boolean[]; line: number }[] {
  const records: { fields: string[]; quoted: boolean[]; line: number }[] = [];
  let fields: string[] = [];
  let quoted: boolean[] = [];
  let field = '';
  let isQuoted = false;
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  const endField = (): void => {
    fields.push(field);
    quoted.push(isQuoted);
    field = '';
    isQuoted = false;
  };
  const endRecord = (): void => {
    endField();
    // A blank line is no record.
    if (!(fields.length === 1 && fields[0] === '' && !quoted[0])) {
      records.push({ fields, quoted, line: recordLine });
    }
    fields = [];
    quoted = [];
  };
  while (i < n) {
    const c = text[i]!;
    if (c === '"' && field === '' && !isQuoted) {
      isQuoted = true;
      const open = line;
      i++;
      for (;;) {
        if (i >= n) {
          throw new DataError(
            `readCsv: expected a closing quote for the field opened on line ${open}`,
            {
              row: records.length,
            },
          );
        }
        const d = text[i]!;
        if (d === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (d === '\n') line++;
        field += d;
        i++;
      }
      continue;
    }
    if (c === ',') {
      endField();
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      if (c === '\r' && text[i + 1] === '\n') i++;
      i++;
      line++;
      recordLine = line;
      continue;
    }
    field += c;
    i++;
  }
  if (field !== '' || isQuoted || fields.length > 0) endRecord();
  return records;
}

/**
 * Read CSV text into columns, as R's `read.csv` reads numbers and missing values.
 *
 * The first record names the columns. Fields follow RFC 4180 (quoted fields may hold commas,
 * doubled quotes and line breaks; CRLF or LF line ends; a leading byte-order mark is skipped).
 * Empty fields and `NA` are missing (`null`). A column is numeric when every non-missing field
 * parses as a decimal number (`1`, `-2.5`, `1e-4`, `Inf`); otherwise it holds strings. A short
 * record is padded with missing values.
 *
 * @param text - The CSV text.
 * @returns Columns by name in file order: numbers or strings, `null` where missing.
 * @throws InvalidArgumentError when the text is empty or has no header; DataError when a record
 *   has more fields than the header (with the 1-based data row) or a quote is not closed.
 * @example
 * ```ts
 * readCsv('y,x,g\n1,2.5,"a"\n0,,b\n');
 * // => { y: [1, 0], x: [2.5, null], g: ['a', 'b'] }
 * ```
 */
export function readCsv(text: string): DataColumns {
  if (typeof text !== 'string') {
    throw new InvalidArgumentError('text', `readCsv requires CSV text; received ${typeof text}`);
  }
  const records = parseRecords(text);
  if (records.length === 0) {
    throw new InvalidArgumentError('text', 'readCsv requires a header record; received empty text');
  }
  const header = records[0]!.fields;
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
  const nrow = records.length - 1;
  const ncol = names.length;
  const raw: (string | null)[][] = names.map(() => new Array(nrow));
  for (let r = 0; r < nrow; r++) {
    const record = records[r + 1]!;
    if (record.fields.length > ncol) {
      throw new DataError(
        `readCsv requires at most ${ncol} fields per record; data row ${r + 1} has ${record.fields.length}`,
        { row: r + 1 },
      );
    }
    for (let j = 0; j < ncol; j++) {
      const value = record.fields[j];
      raw[j]![r] = value === undefined || value === '' || value === 'NA' ? null : value;
    }
  }
  const columns: DataColumns = {};
  names.forEach((name, j) => {
    const values = raw[j]!;
    const numbers: (number | null)[] = new Array(nrow);
    let numeric = true;
    for (let r = 0; r < nrow; r++) {
      const v = values[r]!;
      if (v === null) {
        numbers[r] = null;
        continue;
      }
      const x = parseNumber(v);
      if (Number.isNaN(x)) {
        if (v.trim() === 'NaN') {
          numbers[r] = null;
          continue;
        }
        numeric = false;
        break;
      }
      numbers[r] = x;
    }
    columns[name] = numeric ? numbers : values;
  });
  return columns;
}
