/**
 * The value an example prints after `// =>`, read as a JavaScript literal whose numbers hold to
 * the digits shown: `0.7592` matches 0.75923 (half a unit of the last digit), `15.636...` matches
 * any number that begins 15.636, `[1, 2, ...]` any array that begins 1, 2, and
 * `Float64Array [1, 2]` a Float64Array. A remark in parentheses after the value, `-250.194
 * (glmer: -250.194)`, is not part of it. Objects match on the keys shown.
 */

class Shown {
  constructor(
    readonly text: string,
    readonly truncated: boolean,
  ) {}
  get value(): number {
    return Number(this.text);
  }
  /** Value of one unit in the last digit shown. */
  get unit(): number {
    const [mantissa, exponent = '0'] = this.text.toLowerCase().split('e');
    const decimals = mantissa!.includes('.') ? mantissa!.split('.')[1]!.length : 0;
    return 10 ** (Number(exponent) - decimals);
  }
}

class Typed {
  constructor(
    readonly name: string,
    readonly values: unknown[],
  ) {}
}

const REST = Symbol('rest');
const TYPED_ARRAYS =
  /\b(Float64Array|Float32Array|Int32Array|Uint32Array|Int8Array|Uint8Array|Int16Array|Uint16Array)\s*\[/g;

/** The value part of an output text: up to a remark in parentheses or after two spaces. */
export function valueText(text: string): string {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c)) {
      if (c === '(' && depth === 0 && i > 0 && /\s/.test(text[i - 1]!))
        return text.slice(0, i).trim();
      depth++;
    } else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && c === ' ' && text[i + 1] === ' ') return text.slice(0, i).trim();
  }
  return text.trim();
}

/** Rewrite numbers as `__n('text')`, typed arrays as `__typed(name, [...])`, `...]` as a rest marker. */
function markup(text: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      quote = c;
      out += c;
      continue;
    }
    const previous = out.trimEnd().at(-1);
    const starts = /[0-9]/.test(c) || (c === '-' && /[0-9.]/.test(text[i + 1] ?? ''));
    if (
      starts &&
      !/[\w$.]/.test(out.at(-1) ?? '') &&
      (c !== '-' || previous === undefined || '[,({:'.includes(previous))
    ) {
      const match = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?(\.\.\.)?/i.exec(text.slice(i))!;
      const number = match[0].replace(/\.\.\.$/, '');
      out += `__n(${JSON.stringify(number)}, ${match[3] !== undefined})`;
      i += match[0].length - 1;
      continue;
    }
    out += c;
  }
  return out.replace(/(,\s*|\[\s*)\.\.\.\s*\]/g, '$1__rest]');
}

/** Parse an output text into the value it shows. */
export function parseShown(text: string): unknown {
  let source = markup(valueText(text));
  for (const match of [...source.matchAll(TYPED_ARRAYS)].reverse()) {
    const open = (match.index ?? 0) + match[0].length - 1;
    let depth = 0;
    let close = open;
    for (; close < source.length; close++) {
      if (source[close] === '[') depth++;
      else if (source[close] === ']' && --depth === 0) break;
    }
    source = `${source.slice(0, match.index)}__typed(${JSON.stringify(match[1])}, ${source.slice(open, close + 1)})${source.slice(close + 1)}`;
  }
  try {
    return new Function('__n', '__typed', '__rest', `"use strict"; return (${source});`)(
      (t: string, truncated: boolean) => new Shown(t, truncated),
      (name: string, values: unknown[]) => new Typed(name, values),
      REST,
    );
  } catch (error) {
    throw new Error(`'// => ${text}' is not a value (${(error as Error).message})`);
  }
}

function show(value: unknown): string {
  if (ArrayBuffer.isView(value))
    return `${value.constructor.name} [${Array.from(value as unknown as ArrayLike<number>).join(', ')}]`;
  try {
    const text = JSON.stringify(value, (_, v) =>
      typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
    );
    return text === undefined
      ? String(value)
      : text.length > 300
        ? `${text.slice(0, 300)}...`
        : text;
  } catch {
    return String(value);
  }
}

/** Null when `actual` matches the shown value, else a message saying where it differs. */
export function mismatch(actual: unknown, shown: unknown, path = 'value'): string | null {
  const fail = () => `${path}: ${show(actual)} does not print as shown`;
  if (shown instanceof Shown) {
    if (typeof actual !== 'number') return fail();
    const difference = Math.abs(actual - shown.value);
    const ok = shown.truncated
      ? Math.abs(actual) - Math.abs(shown.value) > -1e-12 * Math.abs(shown.value) &&
        Math.abs(actual) - Math.abs(shown.value) < shown.unit &&
        Math.sign(actual) === Math.sign(shown.value)
      : difference <= shown.unit / 2 + 1e-12 * Math.abs(shown.value);
    return actual === shown.value || ok
      ? null
      : `${path}: ${actual} is not ${shown.text}${shown.truncated ? '...' : ''}`;
  }
  if (shown instanceof Typed) {
    const type = (globalThis as Record<string, unknown>)[shown.name] as
      | (new () => unknown)
      | undefined;
    if (type === undefined || !(actual instanceof type))
      return `${path}: ${show(actual)} is not a ${shown.name}`;
    return mismatch(Array.from(actual as unknown as ArrayLike<number>), shown.values, path);
  }
  if (Array.isArray(shown)) {
    if (!Array.isArray(actual) && !ArrayBuffer.isView(actual)) return fail();
    const values = Array.from(actual as ArrayLike<unknown>);
    const rest = shown.at(-1) === REST;
    const items = rest ? shown.slice(0, -1) : shown;
    if (rest ? values.length < items.length : values.length !== items.length) {
      return `${path}: length ${values.length}, shown ${items.length}${rest ? ' or more' : ''}: ${show(actual)}`;
    }
    for (let i = 0; i < items.length; i++) {
      const m = mismatch(values[i], items[i], `${path}[${i}]`);
      if (m !== null) return m;
    }
    return null;
  }
  if (shown !== null && typeof shown === 'object') {
    if (actual === null || typeof actual !== 'object') return fail();
    for (const [key, value] of Object.entries(shown)) {
      const m = mismatch((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
      if (m !== null) return m;
    }
    return null;
  }
  if (typeof shown === 'number' && Number.isNaN(shown)) return Number.isNaN(actual) ? null : fail();
  return Object.is(actual, shown) ? null : fail();
}
