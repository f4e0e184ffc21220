/**
 * The response of a fitGlm model as glm.fit takes it: y (0/1, proportions or counts), prior
 * weights (times the totals of a cbind response), binomial totals, R's checks of the values,
 * and, for a text response, which level is the success.
 */
import { DataError, FormulaError } from '@muster/core';
import type { DesignMatrix } from '@muster/formula';
import type { FamilyName } from '../internal/family.ts';
import type { LinkName } from '../internal/link.ts';
import { type GlmWarning, glmWarnings } from '../warnings.ts';

export const CALLER = 'fitGlm';

/** binomial and quasibinomial take the same responses (0/1, proportions, cbind, two levels). */
export function binomialLike(family: FamilyName): boolean {
  return family === 'binomial' || family === 'quasibinomial';
}

export function rowOf(design: DesignMatrix, i: number): number {
  return design.rows[i] + 1;
}

export const NUMBER_TEXT = /^\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$/;

export function numericExtra(design: DesignMatrix, role: string, column: string): Float64Array {
  const values = design.extra[role];
  const out = new Float64Array(design.nrow);
  for (let i = 0; i < design.nrow; i++) {
    let v = values[i];
    // A text column of numbers with one stray entry: the stray entry is the one to name.
    if (typeof v === 'string' && NUMBER_TEXT.test(v)) v = Number(v);
    if (typeof v !== 'number') {
      throw new DataError(
        `${CALLER} requires the ${role} column '${column}' to be numeric; data row ${rowOf(design, i)} has '${String(v)}'`,
        { column, row: rowOf(design, i) },
      );
    }
    out[i] = v;
  }
  return out;
}

export interface Response {
  y: Float64Array;
  weights: Float64Array;
  trials: Float64Array | null;
  warnings: GlmWarning[];
  /** For a text (factor) response: the failure level and the success levels. */
  levels?: { failure: string; success: string[] };
}

/**
 * The levels of a text response and, when no order was given and code-point order differs from
 * an order that ignores letter case ('Yes' < 'no' but 'no' < 'Yes'), a warning naming the success.
 */
export function factorResponseLevels(
  name: string,
  levels: string[],
  given: boolean,
): { levels: { failure: string; success: string[] }; warnings: GlmWarning[] } {
  const out = { failure: levels[0], success: levels.slice(1) };
  const caseless = [...levels].sort((a, b) => {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
  if (given || caseless[0] === levels[0]) return { levels: out, warnings: [] };
  return {
    levels: out,
    warnings: [glmWarnings.responseLevels(CALLER, name, levels, caseless, out)],
  };
}

export function prepareResponse(
  design: DesignMatrix,
  family: FamilyName,
  link: LinkName,
  priorWeights: Float64Array | null,
  givenLevels: Record<string, string[]> = {},
): Response {
  const n = design.nrow;
  const response = design.response;
  const weights = priorWeights ?? new Float64Array(n).fill(1);
  const warnings: GlmWarning[] = [];
  if (response === null) {
    throw new FormulaError(
      design.formula,
      0,
      `${CALLER} requires a formula with a response (y ~ ...)`,
    );
  }
  if (response.kind === 'surv') {
    throw new FormulaError(
      design.formula,
      0,
      `${CALLER} cannot fit a Surv() response; use the survival package`,
    );
  }
  if (response.kind === 'cbind') {
    if (!binomialLike(family)) {
      throw new FormulaError(
        design.formula,
        0,
        `${CALLER} accepts cbind(successes, failures) only for the binomial family; received family ${family}`,
      );
    }
    const [s, f] = response.values;
    const y = new Float64Array(n);
    const trials = new Float64Array(n);
    let nonInteger = false;
    for (let i = 0; i < n; i++) {
      for (const [k, v] of [
        [0, s[i]],
        [1, f[i]],
      ] as const) {
        if (!(v >= 0) || !Number.isFinite(v)) {
          throw new DataError(
            `${CALLER} requires non-negative counts in cbind(successes, failures); column '${response.names[k]}' data row ${rowOf(design, i)} has ${v}`,
            { column: response.names[k], row: rowOf(design, i) },
          );
        }
        if (Math.abs(v - Math.round(v)) > 1e-3) nonInteger = true;
      }
      const t = s[i] + f[i];
      trials[i] = t;
      y[i] = t === 0 ? 0 : s[i] / t;
      weights[i] *= t;
    }
    if (nonInteger) warnings.push(glmWarnings.nonInteger(CALLER, 'binomial-counts'));
    return { y, weights, trials, warnings };
  }
  if (response.kind === 'factor') {
    if (!binomialLike(family)) {
      throw new DataError(
        `${CALLER} requires a numeric response for the ${family} family; column '${response.name}' holds strings`,
        { column: response.name },
      );
    }
    // R: a factor response counts its first level as failure and every other level as success.
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = response.codes[i] === 0 ? 0 : 1;
    const named = factorResponseLevels(
      response.name,
      response.levels,
      givenLevels[response.name] !== undefined,
    );
    return {
      y,
      weights,
      trials: null,
      warnings: [...warnings, ...named.warnings],
      levels: named.levels,
    };
  }
  // The response is only read, never modified: no copy.
  const y = response.values;
  const name = response.name;
  // The requirement on each value, checked in a tight loop; the message is built on failure only.
  const requirement: [(v: number) => boolean, string] = binomialLike(family)
    ? priorWeights === null && family === 'binomial'
      ? [
          (v) => v === 0 || v === 1,
          'a 0/1 response for the binomial family (or proportions with weights, or cbind(successes, failures))',
        ]
      : [(v) => v >= 0 && v <= 1, 'binomial proportions between 0 and 1']
    : family === 'poisson' || family === 'quasipoisson' || family === 'negative.binomial'
      ? [(v) => v >= 0, `non-negative counts for the ${family} family`]
      : family === 'Gamma' || family === 'inverse.gaussian'
        ? [(v) => v > 0, `positive values for the ${family} family`]
        : link === 'log'
          ? [
              (v) => v > 0,
              'positive values to start the gaussian family with the log link (or start)',
            ]
          : link === 'inverse'
            ? [
                (v) => v !== 0,
                'non-zero values to start the gaussian family with the inverse link (or start)',
              ]
            : [() => true, ''];
  const [valid, text] = requirement;
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (Number.isFinite(v) && valid(v)) continue;
    const where = { column: name, row: rowOf(design, i) };
    throw new DataError(
      `${CALLER} requires ${Number.isFinite(v) ? text : 'a finite response'}; column '${name}' data row ${where.row} has ${v}`,
      where,
    );
  }
  if (family === 'binomial') {
    let nonInteger = false;
    for (let i = 0; i < n && !nonInteger; i++) {
      const m = weights[i] * y[i];
      if (Math.abs(m - Math.round(m)) > 1e-3) nonInteger = true;
    }
    if (nonInteger) {
      warnings.push(glmWarnings.nonInteger(CALLER, 'binomial-successes'));
    }
  }
  if (family === 'poisson') {
    let nonInteger = false;
    for (let i = 0; i < n && !nonInteger; i++) if (y[i] !== Math.round(y[i])) nonInteger = true;
    if (nonInteger) {
      warnings.push(glmWarnings.nonInteger(CALLER, 'poisson'));
    }
  }
  return { y, weights, trials: null, warnings };
}
