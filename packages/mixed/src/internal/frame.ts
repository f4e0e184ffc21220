import { DataError, FormulaError, InvalidArgumentError } from '@muster/core';
import { type DataInput, dataColumns, designMatrix, modelFrame } from '@muster/formula';
import type { MixedFormula } from '../parse-mixed-formula.ts';
import type { MixedFamilyName } from './family.ts';

/** One random-effects term on the rows kept: `z` is n x p row-major, `codes` index `levels`. */
export interface RandomTermData {
  /** lme4's name of the term's group: the factor, with `.1`, `.2` for repeated factors (`war.1`). */
  group: string;
  /** The grouping factor itself (`war`). */
  factor: string;
  /** Column names of the term's model matrix: `(Intercept)`, `x`. */
  columns: string[];
  p: number;
  levels: string[];
  codes: Int32Array;
  z: Float64Array;
}

/** Everything the fit needs, on the rows without missing values. */
export interface MixedModelData {
  n: number;
  /** Response: 0/1 or a proportion (binomial), a count (poisson). */
  y: Float64Array;
  /** Prior weights: binomial trials for cbind responses, else 1. */
  weights: Float64Array;
  offset: Float64Array;
  /** Fixed-effects design, column-major n x p. */
  x: Float64Array;
  p: number;
  fixedNames: string[];
  /** Random-effects terms ordered by decreasing number of levels (lme4's order). */
  terms: RandomTermData[];
  nDropped: number;
  response: string;
}

type Columns = Record<string, ArrayLike<unknown>>;

function subsetColumns(columns: Columns, rows: Int32Array): Columns {
  const out: Columns = {};
  for (const [name, values] of Object.entries(columns)) {
    out[name] = Array.from(rows, (r) => values[r]);
  }
  return out;
}

/**
 * Evaluate the fixed and random parts of a mixed formula on the same complete rows (R's
 * model.frame over every variable with na.omit), and code the grouping factors with only the
 * levels that remain.
 */
export function buildMixedData(
  caller: string,
  formula: MixedFormula,
  data: DataInput,
  family: MixedFamilyName,
): MixedModelData {
  const columns = dataColumns(data);
  const extra: Record<string, string> = {};
  formula.random.forEach((term, k) => {
    term.groupColumns.forEach((column, j) => {
      if (!(column in columns)) {
        throw new FormulaError(
          formula.source,
          term.position,
          `${caller} requires the grouping column '${column}' in the data; it is missing`,
        );
      }
      extra[`group${k}_${j}`] = column;
    });
  });
  const combined = [formula.fixed, ...formula.random.map((t) => `(${t.lhs})`)].join(' + ');
  const frame = modelFrame(combined, columns, { extra });
  if (frame.nrow === 0) {
    throw new DataError(
      `${caller} requires at least one complete row; every row has a missing value`,
    );
  }
  const kept = subsetColumns(columns, frame.rows);
  const design = designMatrix(formula.fixed, kept, { dropUnusedLevels: true });
  const { y, weights } = responseValues(caller, design.response, family, frame.rows);
  const terms = formula.random.map((spec) => {
    const zDesign = designMatrix(`~ ${spec.lhs}`, kept, { dropUnusedLevels: true });
    const n = zDesign.nrow;
    const p = zDesign.ncol;
    const z = new Float64Array(n * p);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < p; j++) z[i * p + j] = zDesign.matrix[j * n + i]!;
    const labels = Array.from({ length: n }, (_, i) =>
      spec.groupColumns.map((c) => String(kept[c]![i])).join(':'),
    );
    const levels = [...new Set(labels)].sort(compareLevels);
    const index = new Map(levels.map((l, k) => [l, k]));
    const codes = Int32Array.from(labels, (l) => index.get(l)!);
    if (levels.length < 2) {
      throw new InvalidArgumentError(
        'formula',
        `${caller} requires a grouping factor with at least 2 levels; '${spec.group}' has ${levels.length} level (${levels[0]})`,
      );
    }
    return { group: spec.group, factor: spec.group, columns: zDesign.columns, p, levels, codes, z };
  });
  const order = terms
    .map((_, k) => k)
    .sort((a, b) => terms[b]!.levels.length - terms[a]!.levels.length || a - b);
  return {
    n: design.nrow,
    y,
    weights,
    offset: design.offset ?? new Float64Array(design.nrow),
    x: design.matrix,
    p: design.ncol,
    fixedNames: design.columns,
    terms: suffixRepeatedGroups(order.map((k) => terms[k]!)),
    nDropped: frame.nDropped,
    response: formula.fixed.slice(0, formula.fixed.indexOf('~')).trim(),
  };
}

/** As VarCorr names them: a second term on the same factor is `war.1`, a third `war.2`. */
function suffixRepeatedGroups(terms: RandomTermData[]): RandomTermData[] {
  const seen = new Map<string, number>();
  return terms.map((term) => {
    const count = seen.get(term.factor) ?? 0;
    seen.set(term.factor, count + 1);
    return count === 0 ? term : { ...term, group: `${term.factor}.${count}` };
  });
}

function compareLevels(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a !== '' && b !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

function responseValues(
  caller: string,
  response: ReturnType<typeof designMatrix>['response'],
  family: MixedFamilyName,
  rows: Int32Array,
): { y: Float64Array; weights: Float64Array } {
  if (response === null) {
    throw new InvalidArgumentError('formula', `${caller} requires a response on the left of '~'`);
  }
  if (response.kind === 'cbind') {
    if (family !== 'binomial') {
      throw new InvalidArgumentError(
        'formula',
        `${caller} accepts cbind(successes, failures) only for the binomial family; received family '${family}'`,
      );
    }
    const [s, f] = response.values;
    const n = s.length;
    const y = new Float64Array(n);
    const weights = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (!(s[i]! >= 0 && f[i]! >= 0)) {
        throw new DataError(
          `${caller} requires non-negative counts in cbind(); received ${s[i]}, ${f[i]}`,
          { column: response.names[s[i]! >= 0 ? 1 : 0], row: rows[i]! + 1 },
        );
      }
      weights[i] = s[i]! + f[i]!;
      y[i] = weights[i]! > 0 ? s[i]! / weights[i]! : 0;
    }
    return { y, weights };
  }
  if (response.kind === 'factor') {
    if (family !== 'binomial' || response.levels.length !== 2) {
      throw new DataError(
        `${caller} requires a numeric response, or a two-level factor for the binomial family; '${response.name}' has levels ${response.levels.join(', ')}`,
        { column: response.name },
      );
    }
    return {
      y: Float64Array.from(response.codes, (c) => (c > 0 ? 1 : 0)),
      weights: new Float64Array(response.codes.length).fill(1),
    };
  }
  if (response.kind !== 'vector') {
    throw new InvalidArgumentError(
      'formula',
      `${caller} requires a numeric or cbind() response; received a ${response.kind} response`,
    );
  }
  const y = response.values;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    const bad = family === 'binomial' ? !(v === 0 || v === 1) : !(v >= 0 && Number.isInteger(v));
    if (bad) {
      const need =
        family === 'binomial'
          ? 'a 0/1 response (or cbind(successes, failures))'
          : 'non-negative integer counts';
      throw new DataError(`${caller} requires ${need}; received ${v}`, {
        column: response.name,
        row: rows[i]! + 1,
      });
    }
  }
  return { y, weights: new Float64Array(y.length).fill(1) };
}
