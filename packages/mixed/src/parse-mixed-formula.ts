import { FormulaError } from '@muster/core';

/** One random-effects term `(lhs | group)` after expanding `a/b` into `a` and `b:a`. */
export interface RandomTermSpec {
  /** The left of the bar as written: `1`, `1 + x`, `x`, `0 + x`. */
  lhs: string;
  /** The grouping factor as lme4 names it: `war`, `belligerent:war`. */
  group: string;
  /** The data columns that make up the grouping factor, in the order of `group`. */
  groupColumns: string[];
  /** 0-based offset of the term's opening parenthesis in the formula. */
  position: number;
}

/** A mixed-model formula split into its fixed part and its random-effects terms. */
export interface MixedFormula {
  /** The formula text as given. */
  source: string;
  /** The fixed-effects formula (R's `lme4::nobars`): `y ~ x`. */
  fixed: string;
  random: RandomTermSpec[];
}

const CALLER = 'parseMixedFormula';

/**
 * Split an lme4 model formula into its fixed part and its random-effects terms, as
 * `lme4::findbars` and `lme4::nobars` do: `y ~ x + (1 | war)`, `(1 + x | war)`, nested
 * `(1 | war/belligerent)` (expanded to `(1 | war) + (1 | belligerent:war)`) and crossed
 * `(1 | war) + (1 | era)`.
 *
 * A random-effects term is a parenthesised `lhs | group` joined to the rest of the right-hand side
 * by `+`. The group is a column name, `a:b` (an interaction of columns) or `a/b` (nested).
 *
 * @param formula - the formula text
 * @returns the fixed formula (with `1` when only random terms remain) and the random terms
 * @throws FormulaError naming the position of a malformed or misplaced random-effects term, or
 *   when the formula has none
 * @example
 * ```ts
 * const f = parseMixedFormula('y ~ x + (1 | war/belligerent)');
 * f.fixed; // => 'y ~ x'
 * f.random.map((t) => t.group); // => ['war', 'belligerent:war']
 * ```
 */
export function parseMixedFormula(formula: string): MixedFormula {
  const tilde = findTopLevel(formula, '~', 0, formula.length);
  if (tilde < 0) {
    throw new FormulaError(
      formula,
      0,
      `${CALLER} requires a two-sided formula 'y ~ ...'; received '${formula}'`,
    );
  }
  const pieces: string[] = [];
  const random: RandomTermSpec[] = [];
  for (const { text, start, sign } of splitTerms(formula, tilde + 1)) {
    const trimmed = text.trim();
    const lead = start + text.indexOf(trimmed);
    if (trimmed.startsWith('(') && matchingParen(formula, lead) === lead + trimmed.length - 1) {
      const inner = formula.slice(lead + 1, lead + trimmed.length - 1);
      const bar = findTopLevel(inner, '|', 0, inner.length);
      if (bar >= 0) {
        if (sign === '-') {
          throw new FormulaError(
            formula,
            lead,
            `${CALLER} requires random-effects terms to be added with '+'; received '-${trimmed}'`,
          );
        }
        random.push(...randomTerms(formula, inner, bar, lead));
        continue;
      }
    }
    if (trimmed.includes('|')) {
      throw new FormulaError(
        formula,
        lead + trimmed.indexOf('|'),
        `${CALLER} requires a random-effects term in parentheses, '(lhs | group)'; received '${trimmed}'`,
      );
    }
    pieces.push(pieces.length === 0 && sign === '+' ? trimmed : `${sign} ${trimmed}`);
  }
  if (random.length === 0) {
    throw new FormulaError(
      formula,
      tilde,
      `${CALLER} requires at least one random-effects term such as '(1 | war)'; received '${formula}'`,
    );
  }
  const rhs = pieces.length === 0 ? '1' : pieces.join(' ').replace(/^\+ /, '');
  const lhs = formula.slice(0, tilde).trim();
  return { source: formula, fixed: `${lhs} ~ ${rhs.startsWith('-') ? `1 ${rhs}` : rhs}`, random };
}

function randomTerms(formula: string, inner: string, bar: number, lead: number): RandomTermSpec[] {
  const lhs = inner.slice(0, bar).trim();
  const groupText = inner.slice(bar + 1).trim();
  const position = lead;
  if (inner[bar + 1] === '|') {
    throw new FormulaError(
      formula,
      lead + 1 + bar,
      `${CALLER} does not support uncorrelated terms '||'; write separate terms '(1 | g) + (0 + x | g)'`,
    );
  }
  if (lhs === '') {
    throw new FormulaError(
      formula,
      lead + 1,
      `${CALLER} requires a left-hand side in a random-effects term such as '(1 | war)'; received '(${inner})'`,
    );
  }
  const name = /^[A-Za-z.][A-Za-z0-9._]*$/;
  const parts = groupText.split('/').map((s) => s.trim());
  for (const part of parts) {
    for (const column of part.split(':').map((s) => s.trim())) {
      if (!name.test(column)) {
        throw new FormulaError(
          formula,
          lead + 1 + bar,
          `${CALLER} requires the grouping factor to be column names joined by ':' or '/'; received '${groupText}'`,
        );
      }
    }
  }
  // a/b/c -> a, b:a, c:b:a (lme4's expandSlash names the inner factor first)
  const terms: RandomTermSpec[] = [];
  let outer: string[] = [];
  for (const part of parts) {
    const columns = [...part.split(':').map((s) => s.trim()), ...outer];
    terms.push({ lhs, group: columns.join(':'), groupColumns: columns, position });
    outer = columns;
  }
  return terms;
}

/** Split the right-hand side at top-level + and -, keeping each piece's sign and offset. */
function splitTerms(
  text: string,
  from: number,
): { text: string; start: number; sign: '+' | '-' }[] {
  const out: { text: string; start: number; sign: '+' | '-' }[] = [];
  let depth = 0;
  let start = from;
  let sign: '+' | '-' = '+';
  for (let i = from; i <= text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (i === text.length || (depth === 0 && (ch === '+' || ch === '-') && !isExponent(text, i))) {
      const piece = text.slice(start, i);
      if (piece.trim() !== '') out.push({ text: piece, start, sign });
      if (i < text.length) sign = ch as '+' | '-';
      start = i + 1;
    }
  }
  return out;
}

/** `1e-4` inside a number is not a term separator. */
function isExponent(text: string, i: number): boolean {
  return /[0-9.][eE]$/.test(text.slice(Math.max(0, i - 2), i)) && /[0-9]/.test(text[i + 1] ?? '');
}

function findTopLevel(text: string, target: string, from: number, to: number): number {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && ch === target) return i;
  }
  return -1;
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
