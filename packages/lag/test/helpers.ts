import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export { expectClose } from '@muster/test-support';

/** Read a JSON fixture from test/fixtures. */
export function readFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(
    readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8'),
  ) as T;
}

/** Rows of a CSV fixture, header first; double-quoted fields may hold commas and "" quotes. */
export function readCsvRows(name: string): string[][] {
  const text = readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

/** A CSV fixture as objects keyed by the header. */
export function readCsvObjects(name: string): Record<string, string>[] {
  const [header, ...rows] = readCsvRows(name);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** The reference README tolerance: |a - e| <= 1e-6 |e| + 1e-10. */
export const README_TOLERANCE = { rtol: 1e-6, atol: 1e-10 } as const;
