/**
 * One pass of the Cox partial likelihood over a SQL source: log-likelihood, score and information
 * at beta, with Breslow or Efron ties, per stratum (../cox/internal/cox-sweep.ts as aggregate
 * queries). The engine reduces the rows to one row per (stratum, distinct time) with the sums
 * r = w exp(eta), r x and r x x' over the rows that stop there (all, and the events) and over the
 * rows that start there (counting-process data); the risk-set sums at each event time t are
 * cumulative sums of those rows in descending time order (window functions
 * `SUM(...) OVER (PARTITION BY stratum ORDER BY t DESC ROWS ...)`): for right-censored data
 * the sum over the times after t plus the censored rows at t, so no sum is subtracted; for
 * counting-process data the rows with stop >= t less those with start >= t (a row is at risk at t
 * when start < t <= stop).
 *
 * Efron's d terms at a time with d tied events (R_k = R + f_k D, f_k = (k + 1) / d, each with
 * weight W / d, R the risk set without the events, D the events' sum) are one row each, from a
 * join with the integers 0 .. max(d) - 1, carrying only the scalars 1/R_k, f/R_k, 1/R_k^2, ...
 * that the score and information need (summed per time, as the in-memory sweep factors them);
 * Breslow has one term per time. The final sums return p(p + 3) / 2 + 1 numbers, so memory does
 * not grow with the rows.
 *
 * Contract: `x` are the covariate columns already centred and scaled as coxph.fit does (the
 * caller's), `eventSql` a 0/1 DOUBLE expression; beta on the scaled covariates.
 */
import type { SqlSource } from '@muster/core';
import { sqlNumber, sqlNumberValue } from '@muster/formula';

export interface CoxSqlRows {
  source: SqlSource;
  where: string;
  /** Centred and scaled covariates (DOUBLE expressions). */
  x: string[];
  time: string;
  start: string | null;
  event: string;
  weight: string | null;
  offset: string | null;
  /** Strata key columns (quoted), or none. */
  strata: string[];
  efron: boolean;
  /** The largest number of tied events at one time in one stratum. */
  maxTies: number;
}

export interface CoxSums {
  loglik: number;
  u: Float64Array;
  imat: Float64Array;
}

function baseSql(rows: CoxSqlRows, beta: Float64Array): string {
  const keys = rows.strata.map((k, i) => `${k} AS k${i}`);
  const eta = [
    rows.offset ?? '0e+0',
    ...Array.from(beta, (b, j) => (b === 0 ? null : `${sqlNumber(b)} * (${rows.x[j]})`)),
  ]
    .filter((t) => t !== null)
    .join(' + ');
  return `SELECT ${[
    ...rows.x.map((x, j) => `${x} AS x${j}`),
    `${rows.time} AS t`,
    rows.start === null ? null : `${rows.start} AS t0`,
    `${rows.event} AS ev`,
    `${rows.weight ?? '1e+0'} AS w`,
    `${eta} AS eta`,
    ...keys,
  ]
    .filter((c) => c !== null)
    .join(', ')} FROM ${rows.source.relation} WHERE ${rows.where}`;
}

/** Per (stratum, time) sums of the rows stopping there, and (counting) starting there. */
function timeSums(rows: CoxSqlRows): string {
  const p = rows.x.length;
  const keys = rows.strata.map((_, i) => `k${i}`);
  const group = [...keys, 't'].join(', ');
  const pairs: [number, number][] = [];
  for (let a = 0; a < p; a++) for (let b = a; b < p; b++) pairs.push([a, b]);
  const stopSums = [
    'SUM(CASE WHEN ev = 0e+0 THEN r ELSE 0e+0 END) AS c0',
    ...Array.from(
      { length: p },
      (_, a) => `SUM(CASE WHEN ev = 0e+0 THEN r * x${a} ELSE 0e+0 END) AS ca${a}`,
    ),
    ...pairs.map(
      ([a, b]) => `SUM(CASE WHEN ev = 0e+0 THEN r * x${a} * x${b} ELSE 0e+0 END) AS cc${a}_${b}`,
    ),
    'SUM(ev) AS d',
    'SUM(ev * w) AS dw',
    'SUM(ev * w * eta) AS weta',
    ...Array.from({ length: p }, (_, a) => `SUM(ev * w * x${a}) AS ew${a}`),
    'SUM(ev * r) AS e0',
    ...Array.from({ length: p }, (_, a) => `SUM(ev * r * x${a}) AS ea${a}`),
    ...pairs.map(([a, b]) => `SUM(ev * r * x${a} * x${b}) AS ec${a}_${b}`),
  ];
  const stopPart = `SELECT ${[...keys, 't'].join(', ')}, ${stopSums.join(', ')} FROM pr GROUP BY ${group}`;
  if (rows.start === null) return stopPart;
  // Counting process: rows starting at t leave the risk set of every time <= t.
  const zeros = (names: string[]) => names.map((n) => `0e+0 AS ${n}`);
  const startSums = [
    '-SUM(r) AS c0',
    ...Array.from({ length: p }, (_, a) => `-SUM(r * x${a}) AS ca${a}`),
    ...pairs.map(([a, b]) => `-SUM(r * x${a} * x${b}) AS cc${a}_${b}`),
    ...zeros(['d', 'dw', 'weta']),
    ...zeros(Array.from({ length: p }, (_, a) => `ew${a}`)),
    '0e+0 AS e0',
    ...zeros(Array.from({ length: p }, (_, a) => `ea${a}`)),
    ...zeros(pairs.map(([a, b]) => `ec${a}_${b}`)),
  ];
  const startPart = `SELECT ${[...keys, 't0 AS t'].join(', ')}, ${startSums.join(', ')} FROM pr GROUP BY ${[...keys, 't0'].join(', ')}`;
  const names = stopSums.map((s) => s.slice(s.lastIndexOf(' AS ') + 4));
  return `SELECT ${[...keys, 't'].join(', ')}, ${names.map((n) => `SUM(${n}) AS ${n}`).join(', ')} FROM (${stopPart} UNION ALL ${startPart}) u GROUP BY ${group}`;
}

/** The log-likelihood, score and information at beta (scaled covariates). */
export async function coxSumsSql(rows: CoxSqlRows, beta: Float64Array): Promise<CoxSums> {
  const p = rows.x.length;
  const keys = rows.strata.map((_, i) => `k${i}`);
  const pairs: [number, number][] = [];
  for (let a = 0; a < p; a++) for (let b = a; b < p; b++) pairs.push([a, b]);
  const window = `(${keys.length > 0 ? `PARTITION BY ${keys.join(', ')} ` : ''}ORDER BY t DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)`;
  const counting = rows.start !== null;
  // Risk set without the events at t: later times (cumulative) plus the censored rows at t; for
  // counting data the start rows at t are already in c* (negative) and leave times <= t.
  const later = (name: string) => `COALESCE(SUM(${name}) OVER ${window}, 0e+0)`;
  const laterEvents = (name: string) =>
    counting ? `COALESCE(SUM(${name}) OVER ${window}, 0e+0)` : null;
  const risk = (c: string, e: string) =>
    [later(c), laterEvents(e), c].filter((t) => t !== null).join(' + ');
  const cumulative = [
    `${risk('c0', 'e0')} AS r0`,
    ...Array.from({ length: p }, (_, a) => `${risk(`ca${a}`, `ea${a}`)} AS ra${a}`),
    ...pairs.map(([a, b]) => `${risk(`cc${a}_${b}`, `ec${a}_${b}`)} AS rc${a}_${b}`),
  ];
  // Right-censored: later times hold events too; their event sums are in e*, so add them.
  const laterEventsRight = counting
    ? []
    : [
        `${later('e0')} AS le0`,
        ...Array.from({ length: p }, (_, a) => `${later(`ea${a}`)} AS lea${a}`),
        ...pairs.map(([a, b]) => `${later(`ec${a}_${b}`)} AS lec${a}_${b}`),
      ];
  const plus = (name: string) => (counting ? name : `${name} + l${name.replace(/^r/, 'e')}`);
  const steps = rows.efron ? 'CASE WHEN d > 1e+0 THEN d ELSE 1e+0 END' : '1e+0';
  // Per event time, the scalar sums over Efron's terms (R_k = R + f_k D): log R_k, 1/R_k, f/R_k,
  // 1/R_k^2, f/R_k^2, f^2/R_k^2; the p-vector and p x p terms then need one row per time.
  const scalars = [
    'SUM(LN(rk)) AS lk',
    'SUM(1e+0 / rk) AS s1',
    'SUM(f / rk) AS t1',
    'SUM(1e+0 / (rk * rk)) AS s2',
    'SUM(f / (rk * rk)) AS t2',
    'SUM(f * f / (rk * rk)) AS u2',
  ];
  const a = (i: number) => `(${plus(`ra${i}`)})`;
  const finalSums = [
    'SUM(share * lk) AS lden',
    ...Array.from({ length: p }, (_, i) => `SUM(share * (${a(i)} * s1 + ea${i} * t1)) AS ua${i}`),
    ...pairs.map(
      ([i, j]) =>
        `SUM(share * ((${plus(`rc${i}_${j}`)}) * s1 + ec${i}_${j} * t1 - (${a(i)} * ${a(j)} * s2 + (${a(i)} * ea${j} + ea${i} * ${a(j)}) * t2 + ea${i} * ea${j} * u2))) AS im${i}_${j}`,
    ),
    'SUM(weta) AS weta',
    ...Array.from({ length: p }, (_, i) => `SUM(ew${i}) AS ew${i}`),
  ];
  // An event time is identified by its stratum keys and time.
  const idColumns = [...keys, 't'];
  const ks = `SELECT CAST(range AS DOUBLE) AS k FROM range(0, ${Math.max(1, rows.efron ? rows.maxTies : 1)})`;
  const sql = [
    `WITH base AS (${baseSql(rows, beta)})`,
    `pr AS (SELECT *, w * EXP(eta) AS r FROM base)`,
    `ts AS (${timeSums(rows)})`,
    `cum AS (SELECT *, ${[...cumulative, ...laterEventsRight].join(', ')} FROM ts)`,
    `ev AS (SELECT *, ${steps} AS steps, dw / ${steps} AS share FROM cum WHERE d > 0e+0)`,
    `ks AS (${ks})`,
    `kx AS (SELECT ${idColumns.map((c) => `ev.${c}`).join(', ')}, (ks.k + 1e+0) / ev.steps AS f, (${plus('r0')}) + (ks.k + 1e+0) / ev.steps * ev.e0 AS rk FROM ev JOIN ks ON ks.k < ev.steps)`,
    `kt AS (SELECT ${idColumns.join(', ')}, ${scalars.join(', ')} FROM kx GROUP BY ${idColumns.join(', ')})`,
  ].join(', ');
  const query = `${sql} SELECT ${finalSums.join(', ')} FROM ev JOIN kt ON ${idColumns.map((c) => `ev.${c} = kt.${c}`).join(' AND ')}`;
  const [row] = await rows.source.query(query);
  const u = new Float64Array(p);
  const imat = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    u[a] = sqlNumberValue(row[`ew${a}`]) - sqlNumberValue(row[`ua${a}`]);
    for (let b = a; b < p; b++) {
      const v = sqlNumberValue(row[`im${a}_${b}`]);
      imat[a + b * p] = v;
      imat[b + a * p] = v;
    }
  }
  return { loglik: sqlNumberValue(row.weta) - sqlNumberValue(row.lden), u, imat };
}
