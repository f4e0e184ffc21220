const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((ch, index) => [ch, index]));

/**
 * From a source map's `mappings`, the original 1-based line of each generated 1-based line
 * (index 0 unused; 0 where a line has no mapping). Only the first segment of a line counts.
 */
export function generatedToOriginalLines(mappings: string): number[] {
  const lines = mappings.split(';');
  const result = [0];
  let sourceLine = 0;
  for (const line of lines) {
    let first = 0;
    for (const segment of line.split(',')) {
      if (segment === '') continue;
      const fields = decodeVlq(segment);
      if (fields.length >= 4) {
        sourceLine += fields[2];
        if (first === 0) first = sourceLine + 1;
      }
    }
    result.push(first);
  }
  return result;
}

/** Map a generated line to its original line, falling back to the nearest mapped line above. */
export function originalLine(table: number[], generated: number): number | null {
  for (let line = Math.min(generated, table.length - 1); line >= 1; line -= 1) {
    if (table[line] > 0) return table[line];
  }
  return null;
}

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = DIGIT.get(ch);
    if (digit === undefined) break;
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}
