/**
 * Comparison helpers shared by the validation notebooks: put a Muster result beside R's expected
 * values (a reference case's `expected` object), value by value, with the relative difference
 * and the tolerance of the reference README.
 *
 * Tolerance (../../../shared/reference/README.md, copied here): a value passes when
 * |muster - r| <= 1e-6 |r| + 1e-10; p-values below 1e-10 and cox.zph results are compared with
 * 1e-4 relative instead. The relative difference shown is |muster - r| / |r|, or the absolute
 * difference |muster - r| where R's value is exactly 0.
 */

/** A tolerance |a - e| <= rtol |e| + atol, with how it is described in the reports. */
export interface Tolerance {
  rtol: number;
  atol: number;
  label: string;
}

/** The reference README's tolerance. */
export const README: Tolerance = { rtol: 1e-6, atol: 1e-10, label: '1e-6 relative + 1e-10' };
/** The README's looser tolerance for p-values below 1e-10 and for zph. */
export const LOOSE: Tolerance = { rtol: 1e-4, atol: 1e-10, label: '1e-4 relative + 1e-10' };

/** The README tolerance of one p-value: looser below 1e-10. */
export function pValueTolerance(expected: number): Tolerance {
  return Math.abs(expected) < 1e-10 ? LOOSE : README;
}

/** One value of a case: R's, Muster's, how far apart, and whether it passes. */
export interface Comparison {
  /** What the value is, e.g. `stdError` or `strata.table.surv`. */
  quantity: string;
  /** Which one, e.g. the term `inequality` or `sex 1, t = 11`. */
  where: string;
  r: number | string | boolean | null;
  muster: unknown;
  /** |muster - r| / |r| (|muster - r| when r = 0); null for text, logical and missing values. */
  relDiff: number | null;
  /** `1e-6 relative + 1e-10`, `1e-4 relative + 1e-10` or `exact` (text, logical, NA). */
  tolerance: string;
  pass: boolean;
}

/** Compare one value: numbers within the tolerance, anything else exactly (NA with NA). */
export function compareValue(
  quantity: string,
  where: string,
  r: unknown,
  muster: unknown,
  tolerance: Tolerance = README,
): Comparison {
  if (r === null || r === undefined) {
    const missing = muster === null || muster === undefined || Number.isNaN(muster);
    return {
      quantity,
      where,
      r: null,
      muster: missing ? null : muster,
      relDiff: null,
      tolerance: 'exact',
      pass: missing,
    };
  }
  if (typeof r === 'number') {
    if (typeof muster !== 'number' || !Number.isFinite(muster)) {
      return {
        quantity,
        where,
        r,
        muster: muster ?? null,
        relDiff: null,
        tolerance: tolerance.label,
        pass: false,
      };
    }
    const difference = Math.abs(muster - r);
    return {
      quantity,
      where,
      r,
      muster,
      relDiff: r === 0 ? difference : difference / Math.abs(r),
      tolerance: tolerance.label,
      pass: difference <= tolerance.rtol * Math.abs(r) + tolerance.atol,
    };
  }
  const same = JSON.stringify(r) === JSON.stringify(muster);
  return {
    quantity,
    where,
    r: r as string | boolean,
    muster,
    relDiff: null,
    tolerance: 'exact',
    pass: same,
  };
}

/** How to walk an expected object: which key identifies array elements, which tolerance applies. */
export interface TreeOptions {
  /** Fields that identify the elements of an array of objects (first one present wins). */
  keys?: string[];
  /** Label of element i of an array of numbers at a quantity (default `[i]` 1-based). */
  indexLabel?: (quantity: string, index: number) => string;
  /** The tolerance of a value (default: README, looser for p-values below 1e-10). */
  tolerance?: (quantity: string, expected: number) => Tolerance;
  /** Quantities left out of the comparison (compared elsewhere or not comparable). */
  skip?: string[];
}

const DEFAULT_KEYS = ['term', 'group', 'cause', 'time'];

function defaultTolerance(quantity: string, expected: number): Tolerance {
  if (/(^|\.)zph(\.|$)/.test(quantity)) return LOOSE;
  if (/pValue$/.test(quantity)) return pValueTolerance(expected);
  return README;
}

function keyOf(element: unknown, keys: string[]): string | null {
  if (element === null || typeof element !== 'object' || Array.isArray(element)) return null;
  for (const key of keys) if (key in (element as Record<string, unknown>)) return key;
  return null;
}

/**
 * Compare every value of R's `expected` with the value at the same place in Muster's result:
 * objects key by key, arrays of records matched on their identifying field (term, group, cause,
 * time), other arrays position by position. A value R has and Muster lacks fails.
 */
export function compareTree(
  expected: unknown,
  actual: unknown,
  options: TreeOptions = {},
): Comparison[] {
  const keys = options.keys ?? DEFAULT_KEYS;
  const skip = new Set(options.skip ?? []);
  const tolerance = options.tolerance ?? defaultTolerance;
  const indexLabel = options.indexLabel ?? ((_quantity: string, index: number) => `[${index + 1}]`);
  const out: Comparison[] = [];
  const walk = (
    e: unknown,
    a: unknown,
    quantity: string,
    where: string[],
    idKey: string | null = null,
  ) => {
    if (skip.has(quantity)) return;
    const here = where.join(', ');
    if (Array.isArray(e)) {
      const items = Array.isArray(a) ? a : [];
      const key = e.length > 0 ? keyOf(e[0], keys) : null;
      e.forEach((item, index) => {
        if (key !== null) {
          const id = (item as Record<string, unknown>)[key];
          const match = items.find(
            (other) =>
              other !== null &&
              typeof other === 'object' &&
              (other as Record<string, unknown>)[key] === id,
          );
          const label = key === 'time' ? `t = ${id}` : String(id);
          walk(item, match, quantity, [...where, label], key);
        } else {
          walk(item, items[index], quantity, [...where, indexLabel(quantity, index)]);
        }
      });
      if (Array.isArray(a) && a.length !== e.length) {
        out.push(compareValue(`${quantity} (length)`, here, e.length, a.length, README));
      }
      return;
    }
    if (e !== null && typeof e === 'object') {
      const object = (a !== null && typeof a === 'object' ? a : {}) as Record<string, unknown>;
      for (const [field, value] of Object.entries(e as Record<string, unknown>)) {
        // The identifying field was matched exactly when the element was found.
        if (field === idKey) continue;
        const name = quantity === '' ? field : `${quantity}.${field}`;
        walk(value, object[field], name, where);
      }
      return;
    }
    out.push(
      compareValue(quantity, here, e, a, typeof e === 'number' ? tolerance(quantity, e) : README),
    );
  };
  walk(expected, actual, '', []);
  return out;
}

/** The numeric comparison with the largest relative difference, or null when there is none. */
export function largest(comparisons: Comparison[]): Comparison | null {
  let worst: Comparison | null = null;
  for (const c of comparisons) {
    if (c.relDiff === null) continue;
    if (worst === null || c.relDiff > (worst.relDiff as number)) worst = c;
  }
  return worst;
}

/** A number with 10 significant digits (R's `format(x, digits = 10)` in spirit), NA for null. */
export function fmt(value: unknown): string {
  if (value === null || value === undefined) return 'NA';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value !== 'number') return String(value);
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Inf' : '-Inf';
  if (value === 0) return '0';
  if (Number.isInteger(value) && Math.abs(value) < 1e12) return String(value);
  const magnitude = Math.abs(value);
  const text =
    magnitude < 1e-4 || magnitude >= 1e10 ? value.toExponential(9) : value.toPrecision(10);
  const [mantissa, exponent] = text.split('e');
  const trimmed = mantissa.includes('.')
    ? mantissa.replace(/0+$/, '').replace(/\.$/, '')
    : mantissa;
  return exponent === undefined
    ? trimmed
    : `${trimmed}e${exponent[0] === '-' ? '-' : '+'}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

/** A relative difference with two significant digits (`0` when identical, `-` when not numeric). */
export function fmtRel(value: number | null): string {
  if (value === null) return '-';
  if (value === 0) return '0';
  const [mantissa, exponent] = value.toExponential(1).split('e');
  return `${mantissa}e${exponent[0] === '-' ? '-' : '+'}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

/** Where a value is, for the prose: `quantity` or `quantity, where`. */
export function placeText(c: Comparison): string {
  return c.where === '' ? c.quantity : `${c.quantity}, ${c.where}`;
}

/** Yes or NO, as the tables print a pass. */
export function passText(pass: boolean): string {
  return pass ? 'yes' : 'NO';
}

/** Rows of a side-by-side table: quantity, where (when any value has one), R, Muster, relative difference, pass. */
export function sideBySide(comparisons: Comparison[], prefix = ''): Record<string, string>[] {
  const withWhere = comparisons.some((c) => c.where !== '');
  return comparisons.map((c) => ({
    quantity: c.quantity.startsWith(prefix) ? c.quantity.slice(prefix.length) : c.quantity,
    ...(withWhere ? { where: c.where === '' ? '-' : c.where } : {}),
    R: fmt(c.r),
    Muster: fmt(c.muster),
    'rel. diff': fmtRel(c.relDiff),
    pass: passText(c.pass),
  }));
}

/**
 * One row per quantity: how many values were compared, the largest relative difference and
 * where it is, R's and Muster's values there, and whether every value of the quantity passes.
 */
export function byQuantity(
  comparisons: Comparison[],
  prefix = '',
): Record<string, string | number>[] {
  const groups = new Map<string, Comparison[]>();
  for (const c of comparisons) {
    const list = groups.get(c.quantity) ?? [];
    list.push(c);
    groups.set(c.quantity, list);
  }
  return [...groups].map(([quantity, list]) => {
    const failing = list.find((c) => !c.pass);
    const worst = failing ?? largest(list) ?? list[0];
    // Many values, all identical to R's: no single one to point at.
    const identical =
      failing === undefined && list.length > 1 && (largest(list)?.relDiff ?? 0) === 0;
    return {
      quantity: quantity.startsWith(prefix) ? quantity.slice(prefix.length) : quantity,
      values: list.length,
      'largest rel. diff': fmtRel(largest(list)?.relDiff ?? null),
      at: identical ? 'all identical' : worst.where === '' ? '-' : worst.where,
      R: identical ? '-' : fmt(worst.r),
      Muster: identical ? '-' : fmt(worst.muster),
      pass: passText(failing === undefined),
    };
  });
}

/** The verdict of a case: values compared, failures, the largest relative difference and where. */
export interface Verdict {
  id: string;
  compared: number;
  failed: number;
  largest: Comparison | null;
  pass: boolean;
}

export function verdict(id: string, comparisons: Comparison[]): Verdict {
  const failed = comparisons.filter((c) => !c.pass).length;
  return {
    id,
    compared: comparisons.length,
    failed,
    largest: largest(comparisons),
    pass: failed === 0,
  };
}

/** The verdict as one row of a summary table. */
export function verdictRow(v: Verdict): Record<string, string | number> {
  return {
    case: v.id,
    values: v.compared,
    'largest rel. diff': fmtRel(v.largest?.relDiff ?? null),
    at:
      v.largest === null || v.largest.relDiff === 0
        ? '-'
        : `${v.largest.quantity}${v.largest.where === '' ? '' : ` (${v.largest.where})`}`,
    failed: v.failed,
    pass: passText(v.pass),
  };
}

/** The verdict as a sentence for the prose. */
export function verdictText(v: Verdict): string {
  if (v.pass && (v.largest === null || v.largest.relDiff === 0)) {
    return `${v.compared} values compared; every value identical to R's: pass`;
  }
  const at =
    v.largest === null
      ? ''
      : ` (${v.largest.quantity}${v.largest.where === '' ? '' : `, ${v.largest.where}`})`;
  const outcome = v.pass
    ? 'every value is within the README tolerance: pass'
    : `${v.failed} of them outside the README tolerance: FAIL`;
  return `${v.compared} values compared; largest relative difference ${fmtRel(v.largest?.relDiff ?? null)}${at}; ${outcome}`;
}

/** Split rows into tables of at most `size` rows (the report shows 10 rows of a table). */
export function chunks<T>(rows: T[], size = 10): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Rows spread evenly over a long table (first and last included), for a side-by-side excerpt. */
export function spread<T>(rows: T[], count: number): T[] {
  if (rows.length <= count) return rows;
  const picked: T[] = [];
  for (let k = 0; k < count; k++)
    picked.push(rows[Math.round((k * (rows.length - 1)) / (count - 1))]);
  return picked;
}
