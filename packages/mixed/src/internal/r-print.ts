/**
 * The pieces of R's printing that lme4's print(summary(glmer)) relies on beyond core's number
 * formats: `cat(..., fill = TRUE)` line filling, `strwrap`, named-vector and left-aligned
 * character-matrix printing, `zapsmall` and `abbreviate`. R's default width of 80 columns.
 */
import { printMatrix } from '@muster/core';

/** R's getOption("width"). */
export const WIDTH = 80;

/**
 * `cat(items, sep = sep, fill = TRUE)`: the separator goes after each item (before the next), and
 * a new line starts before an item that would pass the width.
 */
export function catFill(items: readonly string[], sep = ' ', width = WIDTH): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  items.forEach((item, k) => {
    if (k > 0) line += sep;
    if (k > 0 && used + item.length + sep.length > width) {
      lines.push(line);
      line = '';
      used = 0;
    }
    line += item;
    used += item.length + sep.length;
  });
  if (used > 0) lines.push(line);
  return lines;
}

/** `strwrap(text, width, exdent)` for text without sentence ends: greedy, lines shorter than `width`. */
export function strwrap(text: string, width: number, exdent = 0): string[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const indent = lines.length === 0 ? '' : ' '.repeat(exdent);
    if (line === '') line = indent + word;
    else if (line.length + 1 + word.length < width) line += ` ${word}`;
    else {
      lines.push(line);
      line = ' '.repeat(exdent) + word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * `print()` of a named vector whose values are already formatted: every cell right-aligned to the
 * widest name or value, each followed by one space, as many a line as fit in the width.
 */
export function printNamedVector(names: readonly string[], values: readonly string[]): string[] {
  const w = Math.max(...names.map((n) => n.length), ...values.map((v) => v.length));
  const perLine = Math.max(1, Math.floor(WIDTH / (w + 1)));
  const lines: string[] = [];
  for (let start = 0; start < names.length; start += perLine) {
    const end = Math.min(names.length, start + perLine);
    lines.push(
      names
        .slice(start, end)
        .map((n) => `${n.padStart(w)} `)
        .join(''),
    );
    lines.push(
      values
        .slice(start, end)
        .map((v) => `${v.padStart(w)} `)
        .join(''),
    );
  }
  return lines;
}

/**
 * `print(m, quote = FALSE)` of a character matrix (core's printMatrix, left-aligned): row names,
 * cells and headers left-aligned, in blocks of columns that fit R's width of 80.
 */
export function printLeftMatrix(
  header: readonly string[],
  rowNames: readonly string[],
  cells: readonly (readonly string[])[],
): string[] {
  return printMatrix(
    header,
    rowNames.map((name, i) => [name, ...cells[i]!]),
    { right: false, width: WIDTH },
  );
}

/**
 * R 4.2's `zapsmall(x, digits)`: `round(x, digits - log10(max|x|))`, where round takes the nearest
 * whole number of decimals (R 4.4 uses the ceiling of log10 instead).
 */
export function zapsmall(values: readonly number[], digits: number): number[] {
  const mx = Math.max(...values.map(Math.abs));
  const decimals = mx > 0 ? Math.max(0, Math.floor(digits - Math.log10(mx) + 0.5)) : digits;
  return values.map((v) => roundHalfEven(v, decimals));
}

/** R's `round(x, digits)` for the values printed here (ties are not exact in binary anyway). */
export function roundHalfEven(v: number, decimals: number): number {
  const scale = 10 ** decimals;
  const r = (Math.sign(v) * Math.round(Math.abs(v) * scale)) / scale;
  return r === 0 ? 0 : r;
}

const LOWER_VOWEL = /[aeiou]/;
const LOWER = /[a-z]/;

/** One name through R's C abbreviation (use.classes = TRUE), for names longer than `minlength`. */
function stripChars(name: string, minlength: number): string {
  const s = [...name];
  if (s.length < minlength) return name;
  const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
  let nspace = 0;
  const done = () => s.length - nspace <= minlength;
  const firstChar = (i: number) => isSpace(s[i - 1]);
  const lastChar = (i: number) => !isSpace(s[i - 1]) && (i + 1 >= s.length || isSpace(s[i + 1]));
  const finish = () => {
    if (s.length > minlength) {
      for (let i = s.length - 1; i > 0; i--) if (isSpace(s[i])) s.splice(i, 1);
    }
    return s.join('');
  };
  let trailing = true;
  for (let i = s.length - 1; i > 0; i--) {
    if (isSpace(s[i])) {
      if (trailing) s.length = i;
      else nspace++;
    } else trailing = false;
    if (done()) return finish();
  }
  const passes: ((i: number) => boolean)[] = [
    (i) => LOWER_VOWEL.test(s[i]!) && lastChar(i),
    (i) => LOWER_VOWEL.test(s[i]!) && !firstChar(i),
    (i) => LOWER.test(s[i]!) && lastChar(i),
    (i) => LOWER.test(s[i]!) && !firstChar(i),
    (i) => !firstChar(i) && !isSpace(s[i]),
  ];
  for (const drop of passes) {
    for (let i = s.length - 1; i > 0; i--) {
      if (i < s.length && drop(i)) s.splice(i, 1);
      if (done()) return finish();
    }
  }
  return finish();
}

/**
 * R's `abbreviate(names, minlength)` (method "left.kept", use.classes = TRUE): lower-case vowels,
 * then lower-case letters, then any characters dropped from the right until `minlength` is
 * reached; names that collide are abbreviated again with one more character.
 */
export function abbreviate(names: readonly string[], minlength: number): string[] {
  const unique = [...new Set(names.map((n) => n.trim()))];
  const out = unique.map((n) => (n.length > minlength ? stripChars(n, minlength) : n));
  let redo = out.map(() => true);
  let length = minlength;
  for (;;) {
    const seen = new Set<string>();
    const dup = out.map((a) => {
      const d = seen.has(a);
      seen.add(a);
      return d;
    });
    if (!dup.some(Boolean)) break;
    length++;
    const clashing = new Set(out.filter((_, i) => dup[i]));
    redo = out.map((a, i) => dup[i]! || clashing.has(a));
    unique.forEach((n, i) => {
      if (redo[i]) out[i] = n.length > length ? stripChars(n, length) : n;
    });
  }
  return names.map((n) => out[unique.indexOf(n.trim())]!);
}
