/**
 * The data checks of a fit on a SQL source, in one aggregate pass: row counts (R's na.omit),
 * the response's range for the family, prior weights >= 0, values the in-memory fit would find
 * infinite, missing cluster ids; and the sums the result needs (weighted response, log weights).
 * Each failure is the in-memory fit's DataError, with counts in place of a row number (a SQL
 * relation has no row order).
 */
import { DataError } from '@muster/core';
import type { SqlDesign } from '@muster/formula';
import { sqlNumberValue } from '@muster/formula';
import type { FamilyName } from '../internal/family.ts';
import { baseRows } from './sql-irls.ts';

export interface SqlChecks {
  nTotal: number;
  /** Complete rows (the fit's rows, R's nobs before dropping zero weights). */
  nComplete: number;
  /** Rows with a positive prior weight. */
  nPositive: number;
  nZeroWeight: number;
  sumWeights: number;
  sumWeightedY: number;
  /** sum of log(pw) over rows with pw > 0. */
  sumLogWeights: number;
  /** Binomial: rows where pw * y is not within 1e-3 of an integer (R's non-integer #successes). */
  nonIntegerSuccesses: number;
  /** Poisson: rows with a non-integer count. */
  nonIntegerCounts: number;
}

function count(condition: string, alias: string): string {
  return `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS ${alias}`;
}

/** Run the checks; throws DataError as the in-memory fit does. */
export async function checkSqlData(
  model: SqlDesign,
  family: FamilyName,
  weightsColumn: string | undefined,
  caller: string,
): Promise<SqlChecks> {
  const { source } = model;
  const [total] = await source.query(`SELECT COUNT(*) AS n FROM ${source.relation}`);
  const extra = [
    ...(model.cluster?.keys ?? []).map((k, i) => `${k} AS k${i}`),
    ...model.nonFinite.map((c, i) => `CASE WHEN ${c.condition} THEN 1 ELSE 0 END AS nf${i}`),
  ];
  const sums = [
    'COUNT(*) AS n',
    count('pw > 0e+0', 'npos'),
    count('pw = 0e+0', 'nzero'),
    count('NOT (pw >= 0e+0)', 'negw'),
    'SUM(pw) AS sw',
    'SUM(pw * y) AS swy',
    'SUM(CASE WHEN pw > 0e+0 THEN LN(pw) ELSE 0e+0 END) AS slw',
    count('y <> 0e+0 AND y <> 1e+0', 'not01'),
    count('y < 0e+0', 'negy'),
    count('y <> FLOOR(y)', 'noninty'),
    count('ABS(pw * y - ROUND(pw * y)) > 1e-3', 'nonints'),
    ...(model.cluster?.keys ?? []).map((_, i) => count(`k${i} IS NULL`, `nullk${i}`)),
    ...model.nonFinite.map((_, i) => `SUM(nf${i}) AS nf${i}`),
  ];
  const [row] = await source.query(
    `WITH base AS (${baseRows(model, extra)}) SELECT ${sums.join(', ')} FROM base`,
  );
  const n = sqlNumberValue(row.n);
  const nTotal = sqlNumberValue(total.n);
  if (!(n > 0)) {
    throw new DataError(
      `${caller} requires at least one row without missing values; all ${nTotal} rows were dropped as missing`,
    );
  }
  if (sqlNumberValue(row.negw) > 0) {
    throw new DataError(
      `${caller} requires weights >= 0; column '${weightsColumn}' has ${sqlNumberValue(row.negw)} negative or non-finite values`,
      { column: weightsColumn },
    );
  }
  model.nonFinite.forEach((c, i) => {
    const bad = sqlNumberValue(row[`nf${i}`]);
    if (bad > 0) {
      throw new DataError(
        `${caller} requires finite values in the design; ${bad} rows give an infinite value of ${c.term}`,
      );
    }
  });
  model.cluster?.keys.forEach((k, i) => {
    const bad = sqlNumberValue(row[`nullk${i}`]);
    if (bad > 0) {
      throw new DataError(
        `${caller} requires a cluster id on every row used; ${k} is missing on ${bad} rows`,
        { column: k },
      );
    }
  });
  if (family === 'binomial' && sqlNumberValue(row.not01) > 0) {
    throw new DataError(
      `${caller} on a SQL source requires a 0/1 binomial response; '${model.responseName}' has ${sqlNumberValue(row.not01)} other values (aggregate rows to successes and weights in memory, or fit in memory)`,
      { column: model.responseName },
    );
  }
  if (family === 'poisson' && sqlNumberValue(row.negy) > 0) {
    throw new DataError(
      `${caller} requires non-negative counts for the poisson family; '${model.responseName}' has ${sqlNumberValue(row.negy)} negative values`,
      { column: model.responseName },
    );
  }
  return {
    nTotal,
    nComplete: n,
    nPositive: sqlNumberValue(row.npos),
    nZeroWeight: sqlNumberValue(row.nzero),
    sumWeights: sqlNumberValue(row.sw),
    sumWeightedY: sqlNumberValue(row.swy),
    sumLogWeights: sqlNumberValue(row.slw),
    nonIntegerSuccesses: sqlNumberValue(row.nonints),
    nonIntegerCounts: sqlNumberValue(row.noninty),
  };
}
