/**
 * The pass after convergence: everything R computes from the final fitted values and the last
 * step's working weights, as sums over the rows: the Pearson statistic (dispersion), the
 * log-likelihood terms of the AIC, the null deviance where it is a closed form, the counts behind
 * glm.fit's warnings and the separation signs, and the meat of the HC0/HC1 sandwich; the meat of
 * a clustered covariance is summed by cluster (GROUP BY the cluster keys) in a second query per
 * cluster dimension and intersection.
 *
 * Per row, with w the working weight of the last step (at the previous iterate, R's fit$weights)
 * and r = (y - mu) / mu.eta the working residual at the final mu, the score contribution is
 * psi_i = x_i w_i r_i (sandwich's estfun.glm before its dispersion scaling).
 */
import { lgamma } from '@muster/core';
import { sqlNumber, sqlNumberValue } from '@muster/formula';
import type { SqlFamily } from './sql-family.ts';
import { baseRows, type SqlRows } from './sql-irls.ts';

const EPS10 = 10 * 2.220446049250313e-16;

export interface FinalSums {
  pearson: number;
  /** sum over pw > 0 of the log-likelihood terms without the lgamma part (binomial, poisson). */
  logLikTerms: number;
  /** Poisson: sum pw lgamma(y + 1). */
  lgammaTerms: number;
  /** Null deviance at a constant mean or at g^-1(offset) (null when a refit is needed). */
  nullDeviance: number | null;
  /** Rows with fitted probabilities within 10 eps of 0 or 1 (binomial) or rates below 10 eps (poisson). */
  boundaryFits: number;
  /** Binomial rows whose fitted probability is within tau of its 0/1 outcome (separation sign). */
  separationSigns: number;
  /** sum_i psi_i psi_i' over rows with pw > 0 (p x p), when asked. */
  meat: Float64Array | null;
}

/** Per-row CTEs of the final pass: final eta/mu, the last step's weights, e = w r. */
function finalRows(
  rows: SqlRows,
  family: SqlFamily,
  eta: string,
  weightEta: string,
  extra: string[],
): string {
  return [
    `base AS (${baseRows(rows, extra)})`,
    `e AS (SELECT *, ${eta} AS eta, ${weightEta} AS eta0 FROM base)`,
    `f AS (SELECT *, ${family.mu('eta')} AS mu, ${family.muEta('eta')} AS me, ${family.mu('eta0')} AS mu0, ${family.muEta('eta0')} AS me0 FROM e)`,
    `g AS (SELECT *, CASE WHEN pw > 0e+0 AND me0 <> 0e+0 THEN pw * me0 * me0 / (${family.variance('mu0')}) ELSE 0e+0 END AS w, (y - mu) / me AS r FROM f)`,
    `h AS (SELECT *, w * r AS psi FROM g)`,
  ].join(', ');
}

/** R's round(): halves to even. */
function roundHalfEven(x: string): string {
  return `(CASE WHEN ${x} - FLOOR(${x}) = 5e-1 THEN FLOOR(${x}) + MOD(CAST(FLOOR(${x}) AS BIGINT), 2) ELSE FLOOR(${x} + 5e-1) END)`;
}

export async function finalSums(
  rows: SqlRows,
  family: SqlFamily,
  eta: string,
  weightEta: string,
  options: {
    intercept: boolean;
    /** sum pw y / sum pw, for the null deviance with an intercept and no offset. */
    weightedMean: number | null;
    tau: number;
    meat: boolean;
  },
): Promise<FinalSums> {
  const p = rows.x.length;
  const sums = ['SUM(CASE WHEN w > 0e+0 THEN w * r * r ELSE 0e+0 END) AS pearson'];
  if (family.family === 'binomial') {
    sums.push(
      `SUM(CASE WHEN pw > 0e+0 THEN ${roundHalfEven('pw')} * (CASE WHEN y = 1e+0 THEN LN(mu) ELSE LN(1e+0 - mu) END) ELSE 0e+0 END) AS ll`,
      `SUM(CASE WHEN mu > 1e+0 - ${sqlNumber(EPS10)} OR mu < ${sqlNumber(EPS10)} THEN 1 ELSE 0 END) AS edge`,
      `SUM(CASE WHEN pw > 0e+0 AND ((y = 0e+0 AND mu < ${sqlNumber(options.tau)}) OR (y = 1e+0 AND 1e+0 - mu < ${sqlNumber(options.tau)})) THEN 1 ELSE 0 END) AS signs`,
    );
  } else if (family.family === 'poisson') {
    sums.push(
      'SUM(CASE WHEN pw > 0e+0 THEN pw * ((CASE WHEN y > 0e+0 THEN y * LN(mu) ELSE 0e+0 END) - mu) ELSE 0e+0 END) AS ll',
      `SUM(CASE WHEN mu < ${sqlNumber(EPS10)} THEN 1 ELSE 0 END) AS edge`,
    );
  }
  const nullMu = options.intercept
    ? options.weightedMean === null
      ? null
      : sqlNumber(options.weightedMean)
    : family.mu('off');
  if (nullMu !== null) sums.push(`SUM(${family.devResid(nullMu)}) AS nulldev`);
  if (options.meat) {
    for (let a = 0; a < p; a++)
      for (let b = a; b < p; b++)
        sums.push(
          `SUM(CASE WHEN pw > 0e+0 THEN psi * psi * x${a} * x${b} ELSE 0e+0 END) AS m${a}_${b}`,
        );
  }
  const [row] = await rows.source.query(
    `WITH ${finalRows(rows, family, eta, weightEta, [])} SELECT ${sums.join(', ')} FROM h`,
  );
  let lgammaTerms = 0;
  if (family.family === 'poisson') {
    const groups = await rows.source.query(
      `WITH base AS (${baseRows(rows)}) SELECT y, SUM(pw) AS sw FROM base WHERE pw > 0e+0 GROUP BY y`,
    );
    for (const g of groups) lgammaTerms += sqlNumberValue(g.sw) * lgamma(sqlNumberValue(g.y) + 1);
  }
  let meat: Float64Array | null = null;
  if (options.meat) {
    meat = new Float64Array(p * p);
    for (let a = 0; a < p; a++)
      for (let b = a; b < p; b++) {
        const v = sqlNumberValue(row[`m${a}_${b}`]);
        meat[b * p + a] = v;
        meat[a * p + b] = v;
      }
  }
  return {
    pearson: sqlNumberValue(row.pearson),
    logLikTerms: row.ll === undefined ? 0 : sqlNumberValue(row.ll),
    lgammaTerms,
    nullDeviance: nullMu === null ? null : sqlNumberValue(row.nulldev),
    boundaryFits: row.edge === undefined ? 0 : sqlNumberValue(row.edge),
    separationSigns: row.signs === undefined ? 0 : sqlNumberValue(row.signs),
    meat,
  };
}

/**
 * sum over the non-empty subsets S of the cluster dimensions of sign_S G_S / (G_S - 1)
 * sum_g s_g s_g' (s_g the summed psi of cluster g of the intersection S), and G of each single
 * dimension: sandwich::vcovCL's multiway meat before its (n - 1) / (n - k) factor.
 */
export async function clusterMeat(
  rows: SqlRows,
  family: SqlFamily,
  eta: string,
  weightEta: string,
  keys: string[],
): Promise<{ meat: Float64Array; nClustersByDimension: number[] }> {
  const p = rows.x.length;
  const meat = new Float64Array(p * p);
  const nClustersByDimension: number[] = [];
  const subsets: number[][] = [];
  for (let size = 1; size <= keys.length; size++) {
    const build = (from: number, chosen: number[]): void => {
      if (chosen.length === size) {
        subsets.push(chosen);
        return;
      }
      for (let m = from; m < keys.length; m++) build(m + 1, [...chosen, m]);
    };
    build(0, []);
  }
  const extra = keys.map((k, i) => `${k} AS k${i}`);
  for (const subset of subsets) {
    const group = subset.map((i) => `k${i}`).join(', ');
    const inner = Array.from(
      { length: p },
      (_, a) => `SUM(CASE WHEN pw > 0e+0 THEN psi * x${a} ELSE 0e+0 END) AS s${a}`,
    );
    const outer = ['COUNT(*) AS g'];
    for (let a = 0; a < p; a++)
      for (let b = a; b < p; b++) outer.push(`SUM(s${a} * s${b}) AS m${a}_${b}`);
    const sql = `WITH ${finalRows(rows, family, eta, weightEta, extra)}, c AS (SELECT ${group}, ${inner.join(', ')} FROM h WHERE pw > 0e+0 GROUP BY ${group}) SELECT ${outer.join(', ')} FROM c`;
    const [row] = await rows.source.query(sql);
    const g = sqlNumberValue(row.g);
    const sign = subset.length % 2 === 1 ? 1 : -1;
    const adjust = (sign * g) / (g - 1);
    for (let a = 0; a < p; a++)
      for (let b = a; b < p; b++) {
        const v = adjust * sqlNumberValue(row[`m${a}_${b}`]);
        meat[b * p + a] += v;
        if (a !== b) meat[a * p + b] += v;
      }
    if (subset.length === 1) nClustersByDimension.push(g);
  }
  return { meat, nClustersByDimension };
}
