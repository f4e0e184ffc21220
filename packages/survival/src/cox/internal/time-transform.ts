/**
 * coxph's time-transform terms: `tt(x)` in the formula with `tt = function(x, t, ...)`. As
 * coxph (survival 3.5-3), the data are expanded so that every event time t (within each stratum)
 * becomes its own stratum holding everyone at risk at t, with response (t, died at t) and the
 * transformed value f(x, t); the Cox partial likelihood of the expanded data is that of the
 * time-varying covariate f(x(t), t).
 */
import { DataError, FormulaError, InvalidArgumentError } from '@muster/core';
import { type DataInput, dataColumns, parseFormula } from '@muster/formula';
import { isMissing } from '../../competing/internal/columns.ts';
import { fixTies } from '../../competing/internal/time-index.ts';

/** A time transform: the value of a tt() term for covariate value x at event time t. */
export type TimeTransform = (x: number, t: number) => number;

export interface TimeTransformExpansion {
  formula: string;
  data: Record<string, unknown[]>;
  /** Expanded column name -> the term's name in R (`tt(age)`). */
  termNames: Map<string, string>;
  /** Data rows used (complete in every variable of the formula). */
  nRows: number;
  /** Labels of the formula's own strata (`sex=1`), or null without strata(). */
  strataLabels: string[] | null;
}

const TT_TERM = /\btt\s*\(\s*([^()]*?)\s*\)/g;
const STRATA_TERM = /\bstrata\s*\(([^()]*)\)/g;
const PREFIX = 'tt__';

/** Expand the data and rewrite the formula of a model with tt() terms (see the file comment). */
export function expandTimeTransform(
  fn: string,
  formula: string,
  data: DataInput,
  tt: TimeTransform | readonly TimeTransform[],
  extraColumns: string[],
): TimeTransformExpansion {
  const tilde = formula.indexOf('~');
  const lhs = parseFormula(formula).lhs;
  if (lhs === null || lhs.type !== 'call' || lhs.name !== 'Surv' || lhs.args.length < 2) {
    throw new FormulaError(formula, 0, `${fn} requires a Surv() response; received ${formula}`);
  }
  const survNames = lhs.args.map((arg) => {
    if (arg.value.type !== 'name') {
      throw new FormulaError(
        formula,
        arg.value.position,
        `${fn} with tt() terms requires the arguments of Surv() to be column names`,
      );
    }
    return arg.value.name;
  });
  let rhs = formula.slice(tilde + 1);
  const ttVars = [...rhs.matchAll(TT_TERM)].map((m) => m[1]);
  const functions: readonly TimeTransform[] = Array.isArray(tt)
    ? (tt as readonly TimeTransform[])
    : ttVars.map(() => tt as TimeTransform);
  if (functions.length !== ttVars.length || functions.some((f) => typeof f !== 'function')) {
    throw new InvalidArgumentError(
      'tt',
      `${fn} requires tt to be a function (x, t) => value, or one function per tt() term (${ttVars.length}); received ${Array.isArray(tt) ? `${tt.length} functions` : typeof tt}`,
    );
  }
  const strataVars = [...rhs.matchAll(STRATA_TERM)].flatMap((m) =>
    m[1].split(',').map((s) => s.trim()),
  );
  const columns = dataColumns(data, fn);
  for (const name of [...survNames, ...ttVars, ...strataVars]) {
    if (!(name in columns)) {
      throw new DataError(`${fn} requires a column '${name}'; it is not in the data`, {
        column: name,
      });
    }
  }
  // na.omit over every column the formula (and the weights/cluster options) names, as coxph's
  // model frame does before it expands the data.
  const used = new Set(
    [...formula.matchAll(/[A-Za-z.][\w.]*/g)].map((m) => m[0]).filter((w) => w in columns),
  );
  for (const name of extraColumns) used.add(name);
  const nAll = columns[survNames[0]].length;
  const rows: number[] = [];
  for (let i = 0; i < nAll; i++) {
    if ([...used].every((name) => !isMissing(columns[name][i]))) rows.push(i);
  }
  const risk = riskSets(fn, columns, survNames, strataVars, rows);
  const termNames = new Map<string, string>();
  ttVars.forEach((v, k) => {
    const column = `${PREFIX}${k + 1}`;
    termNames.set(column, `tt(${v})`);
  });
  let index = 0;
  rhs = rhs.replace(TT_TERM, () => `${PREFIX}${++index}`);
  rhs = rhs
    .replace(/\s*\+\s*strata\s*\([^()]*\)/g, '')
    .replace(/strata\s*\([^()]*\)\s*\+\s*/g, '')
    .trim();
  const out: Record<string, unknown[]> = {};
  for (const [name, values] of Object.entries(columns)) {
    out[name] = risk.source.map((r) => values[r]);
  }
  out[`${PREFIX}time`] = risk.time;
  out[`${PREFIX}status`] = risk.status;
  out[`${PREFIX}stratum`] = risk.stratum;
  ttVars.forEach((v, k) => {
    out[`${PREFIX}${k + 1}`] = risk.source.map((r, q) => {
      const x = Number(columns[v][r]);
      return functions[k](x, risk.time[q]);
    });
  });
  return {
    formula: `Surv(${PREFIX}time, ${PREFIX}status) ~ ${rhs} + strata(${PREFIX}stratum)`,
    data: out,
    termNames,
    nRows: rows.length,
    strataLabels: risk.strataLabels,
  };
}

/**
 * Everyone at risk at each event time of each stratum: the source row, the event time, whether
 * the row's event is at that time, and the (stratum, time) index. Times go through aeqSurv.
 */
function riskSets(
  fn: string,
  columns: Record<string, ArrayLike<unknown>>,
  survNames: string[],
  strataVars: string[],
  rows: number[],
) {
  const counting = survNames.length === 3;
  const n = rows.length;
  const num = (name: string, i: number) => {
    const v = columns[name][i];
    const x = typeof v === 'boolean' ? Number(v) : Number(v);
    if (!Number.isFinite(x)) {
      throw new DataError(
        `${fn} requires numeric values in column '${name}'; row ${i + 1} has ${String(v)}`,
        {
          column: name,
          row: i + 1,
        },
      );
    }
    return x;
  };
  const statusName = survNames[survNames.length - 1];
  const rawStatus = rows.map((i) =>
    columns[statusName][i] === 'TRUE'
      ? 1
      : columns[statusName][i] === 'FALSE'
        ? 0
        : num(statusName, i),
  );
  const oneTwo = rawStatus.every((s) => s === 1 || s === 2);
  const status = rawStatus.map((s) => (oneTwo ? s - 1 : s));
  let stop: Float64Array = Float64Array.from(rows, (i) => num(survNames[counting ? 1 : 0], i));
  let start: Float64Array | null = null;
  if (counting) {
    const joint = new Float64Array(2 * n);
    rows.forEach((i, k) => {
      joint[k] = num(survNames[0], i);
    });
    joint.set(stop, n);
    const fixed = fixTies(joint).time;
    start = fixed.slice(0, n);
    stop = fixed.slice(n);
  } else {
    stop = fixTies(stop).time;
  }
  const strataKey = rows.map((i) =>
    strataVars.map((v) => `${v}=${String(columns[v][i])}`).join(', '),
  );
  const strataLabels = strataVars.length > 0 ? [...new Set(strataKey)].sort() : null;
  const out = {
    source: [] as number[],
    time: [] as number[],
    status: [] as number[],
    stratum: [] as number[],
  };
  let stratumIndex = 0;
  for (const label of strataLabels ?? ['']) {
    const members: number[] = [];
    for (let k = 0; k < n; k++)
      if (strataLabels === null || strataKey[k] === label) members.push(k);
    const times = [...new Set(members.filter((k) => status[k] === 1).map((k) => stop[k]))].sort(
      (a, b) => a - b,
    );
    for (const t of times) {
      stratumIndex++;
      for (const k of members) {
        if (stop[k] < t || (start !== null && start[k] >= t)) continue;
        out.source.push(rows[k]);
        out.time.push(t);
        out.status.push(stop[k] === t && status[k] === 1 ? 1 : 0);
        out.stratum.push(stratumIndex);
      }
    }
  }
  return { ...out, strataLabels };
}
