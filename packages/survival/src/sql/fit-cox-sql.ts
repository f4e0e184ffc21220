/**
 * fitCox on a SQL source: coxph's Newton-Raphson (../cox/internal/cox-kernel.ts, step halving,
 * convergence rule, centring and scaling, generalised Cholesky) with each evaluation of the
 * partial likelihood, score and information an aggregate query (./cox-sql-sweep.ts). The design is
 * @muster/formula's sqlDesign, levels kept when unused as coxph keeps them.
 *
 * Returned as in memory: coefficients, model-based covariance, log-likelihoods, the likelihood-
 * ratio, Wald and score tests, AIC, BIC, means, counts, strata. Not computed (they need the rows
 * in order): concordance (NaN) and cox.zph (null), said by a `sql-source-not-computed` warning;
 * robust and clustered variances, residuals and survival curves are refused.
 */
import { DataError, InvalidArgumentError, qnorm, type SqlSource } from '@muster/core';
import { sqlDesign, sqlNumber, sqlNumberValue } from '@muster/formula';
import type { CoxResult, FitCoxOptions } from '../cox/fit-cox.ts';
import { chinv2, cholesky2, chsolve2 } from '../cox/internal/cholesky2.ts';
import type { CoxKernelResult } from '../cox/internal/cox-kernel.ts';
import { type CoxSettings, readInit, validateCoxOptions } from '../cox/internal/cox-options.ts';
import { coxCoefficients, coxGlobalTests } from '../cox/internal/cox-outputs.ts';
import {
  aliasedWarning,
  infiniteCoefficientWarning,
  missingValuesDroppedWarning,
  notConvergedWarning,
  type SurvivalWarning,
  sqlSourceNotComputedWarning,
} from '../warnings.ts';
import { type CoxSqlRows, coxSumsSql } from './cox-sql-sweep.ts';

const CALLER = 'fitCox';

function refuse(options: FitCoxOptions): void {
  const refused: [keyof FitCoxOptions, boolean][] = [
    ['robust', options.robust === true],
    ['cluster', options.cluster !== undefined],
    ['residuals', options.residuals === true],
    ['survivalCurves', options.survivalCurves !== undefined],
    ['zphResiduals', options.zphResiduals === true],
    ['zph', options.zph === true],
    ['tt', options.tt !== undefined],
  ];
  for (const [name, bad] of refused) {
    if (bad) {
      throw new InvalidArgumentError(
        name,
        `${CALLER} on a SQL source computes the model-based fit and tests only; received ${name}: ${name === 'tt' ? 'a function' : JSON.stringify(options[name])} (it needs the rows in memory)`,
      );
    }
  }
}

/** coxph.fit's centring and scaling, from aggregates: weighted means and mean absolute deviations. */
async function centring(
  source: SqlSource,
  where: string,
  x: string[],
  weight: string,
): Promise<{ means: Float64Array; scale: Float64Array }> {
  const p = x.length;
  const [first] = await source.query(
    `SELECT SUM(${weight}) AS sw, ${x
      .map(
        (c, j) =>
          `SUM(${weight} * (${c})) AS s${j}, SUM(CASE WHEN (${c}) NOT IN (-1e+0, 0e+0, 1e+0) THEN 1 ELSE 0 END) AS o${j}`,
      )
      .join(', ')} FROM ${source.relation} WHERE ${where}`,
  );
  const sw = sqlNumberValue(first.sw);
  const means = new Float64Array(p);
  const centred: number[] = [];
  for (let j = 0; j < p; j++) {
    if (sqlNumberValue(first[`o${j}`]) === 0) continue;
    means[j] = sqlNumberValue(first[`s${j}`]) / sw;
    centred.push(j);
  }
  const scale = new Float64Array(p).fill(1);
  if (centred.length > 0) {
    const [second] = await source.query(
      `SELECT ${centred
        .map((j) => `SUM(${weight} * ABS((${x[j]}) - ${sqlNumber(means[j])})) AS a${j}`)
        .join(', ')} FROM ${source.relation} WHERE ${where}`,
    );
    for (const j of centred) {
      const abs = sqlNumberValue(second[`a${j}`]);
      scale[j] = abs > 0 ? sw / abs : 1;
    }
  }
  return { means, scale };
}

interface Newton {
  beta: Float64Array;
  variance: Float64Array;
  score: Float64Array;
  loglikInit: number;
  loglik: number;
  scoreTest: number;
  iterations: number;
  converged: boolean;
  rank: number;
}

/** coxKernel's loop with SQL sweeps (beta on the scaled covariates). */
async function newton(
  rows: CoxSqlRows,
  settings: CoxSettings,
  init: Float64Array | undefined,
  scale: Float64Array,
): Promise<Newton> {
  const p = rows.x.length;
  const { control } = settings;
  const beta = new Float64Array(p);
  if (init) for (let j = 0; j < p; j++) beta[j] = init[j] / scale[j];
  let sums = await coxSumsSql(rows, beta);
  let imat = sums.imat;
  let u = sums.u;
  const loglikInit = sums.loglik;
  let rank = cholesky2(imat, p, control.tolerChol);
  const step = Float64Array.from(u);
  chsolve2(imat, p, step);
  let scoreTest = 0;
  for (let j = 0; j < p; j++) scoreTest += u[j] * step[j];
  let best = loglikInit;
  let loglik = loglikInit;
  let iterations = 0;
  let converged = false;
  let halving = 0;
  let factor = imat;
  const newBeta = new Float64Array(p);
  if (control.maxIter > 0 && Number.isFinite(loglikInit)) {
    for (let j = 0; j < p; j++) newBeta[j] = beta[j] + step[j];
    for (iterations = 1; iterations <= control.maxIter; iterations++) {
      sums = await coxSumsSql(rows, newBeta);
      imat = sums.imat;
      u = sums.u;
      const newLoglik = sums.loglik;
      rank = cholesky2(imat, p, control.tolerChol);
      const finite =
        Number.isFinite(newLoglik) && u.every(Number.isFinite) && imat.every(Number.isFinite);
      if (finite && Math.abs(1 - best / newLoglik) <= control.tolerance) {
        beta.set(newBeta);
        loglik = newLoglik;
        converged = true;
        factor = imat;
        break;
      }
      if (!finite || newLoglik < best) {
        halving++;
        for (let j = 0; j < p; j++) newBeta[j] = (newBeta[j] + halving * beta[j]) / (halving + 1);
      } else {
        halving = 0;
        best = newLoglik;
        step.set(u);
        chsolve2(imat, p, step);
        for (let j = 0; j < p; j++) {
          beta[j] = newBeta[j];
          newBeta[j] += step[j];
        }
      }
    }
    if (!converged) {
      iterations = control.maxIter;
      sums = await coxSumsSql(rows, beta);
      loglik = sums.loglik;
      u = sums.u;
      imat = sums.imat;
      rank = cholesky2(imat, p, control.tolerChol);
      factor = imat;
    }
  } else {
    converged = control.maxIter === 0;
  }
  const variance = chinv2(factor, p);
  const out = new Float64Array(p);
  const score = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    out[i] = beta[i] * scale[i];
    score[i] = u[i] / scale[i];
    for (let j = 0; j < p; j++) variance[i + j * p] *= scale[i] * scale[j];
  }
  return { beta: out, variance, score, loglikInit, loglik, scoreTest, iterations, converged, rank };
}

/** The fit of {@link fitCox} when its data are a {@link SqlSource}. */
export async function fitCoxSql(
  formula: string,
  source: SqlSource,
  options: FitCoxOptions,
): Promise<CoxResult> {
  const settings = validateCoxOptions(options);
  refuse(options);
  const design = await sqlDesign(formula, source, {
    caller: CALLER,
    weights: options.weights,
    survival: true,
    dropUnusedLevels: false,
  });
  if (design.cluster !== null) {
    throw new InvalidArgumentError(
      'formula',
      `${CALLER} on a SQL source computes the model-based variance only; received a cluster() term`,
    );
  }
  const surv = design.surv as NonNullable<typeof design.surv>;
  const { layout } = design;
  const columns = layout.assign.flatMap((a, j) => (a > 0 ? [j] : []));
  const terms = columns.map((j) => layout.columns[j]);
  const xRaw = columns.map((j) => design.x[j]);
  const p = xRaw.length;
  const event =
    surv.statusKind === 'boolean'
      ? `(CASE WHEN ${surv.status} THEN 1e+0 ELSE 0e+0 END)`
      : `CAST(${surv.status} AS DOUBLE)`;
  const weight = design.weights ?? '1e+0';

  // Counts and checks in one pass.
  const [total] = await source.query(`SELECT COUNT(*) AS n FROM ${source.relation}`);
  const [check] = await source.query(
    `SELECT COUNT(*) AS n, SUM(CASE WHEN ${event} = 1e+0 THEN 1 ELSE 0 END) AS events, SUM(CASE WHEN ${event} NOT IN (0e+0, 1e+0) THEN 1 ELSE 0 END) AS badevent, SUM(CASE WHEN NOT (${weight} > 0e+0) THEN 1 ELSE 0 END) AS badweight, SUM(CASE WHEN ${weight} <> FLOOR(${weight}) THEN 1 ELSE 0 END) AS fractional${
      surv.start === null
        ? ''
        : `, SUM(CASE WHEN ${surv.start} >= ${surv.time} THEN 1 ELSE 0 END) AS empty`
    } FROM ${source.relation} WHERE ${design.where}`,
  );
  const n = sqlNumberValue(check.n);
  const nEvents = sqlNumberValue(check.events);
  if (sqlNumberValue(check.badevent) > 0) {
    throw new DataError(
      `${CALLER} requires event codes 0/1 or true/false; ${surv.status} has ${sqlNumberValue(check.badevent)} other values`,
    );
  }
  if (sqlNumberValue(check.badweight) > 0) {
    throw new DataError(
      `${CALLER} requires finite positive numeric weights; column '${options.weights}' has ${sqlNumberValue(check.badweight)} values <= 0`,
      { column: options.weights },
    );
  }
  if (sqlNumberValue(check.fractional) > 0 && options.robust !== false) {
    throw new InvalidArgumentError(
      'weights',
      `${CALLER} on a SQL source requires integer weights or robust: false (non-integer weights make coxph's variance robust, which needs the rows in memory)`,
    );
  }
  if (surv.start !== null && sqlNumberValue(check.empty) > 0) {
    throw new DataError(
      `${CALLER} requires start < stop; ${sqlNumberValue(check.empty)} rows have an empty (start, stop] interval (drop them in the source)`,
    );
  }
  if (nEvents === 0) {
    throw new InvalidArgumentError(
      'data',
      `${CALLER} requires at least one event; received 0 events in ${n} rows`,
    );
  }
  const init = readInit(options, p);
  const { means, scale } = await centring(source, design.where, xRaw, weight);
  const strataKeys = design.strata?.keys ?? [];
  const [ties] = await source.query(
    `SELECT MAX(d) AS d FROM (SELECT COUNT(*) AS d FROM ${source.relation} WHERE ${design.where} AND ${event} = 1e+0 GROUP BY ${[...strataKeys, surv.time].join(', ')}) t`,
  );
  const rows: CoxSqlRows = {
    source,
    where: design.where,
    x: xRaw.map((x, j) => `((${x}) - ${sqlNumber(means[j])}) * ${sqlNumber(scale[j])}`),
    time: surv.time,
    start: surv.start,
    event,
    weight: design.weights,
    offset: design.offset,
    strata: strataKeys,
    efron: settings.efron,
    maxTies: sqlNumberValue(ties.d),
  };
  const fit = await newton(rows, settings, init, scale);
  return coxSqlResult({
    formula,
    design,
    settings,
    fit,
    terms,
    means,
    n,
    nEvents,
    nTotal: sqlNumberValue(total.n),
    init,
    type: surv.start === null ? 'right' : 'counting',
  });
}

interface ResultParts {
  formula: string;
  design: Awaited<ReturnType<typeof sqlDesign>>;
  settings: CoxSettings;
  fit: Newton;
  terms: string[];
  means: Float64Array;
  n: number;
  nEvents: number;
  nTotal: number;
  init: Float64Array | undefined;
  type: 'right' | 'counting';
}

function coxSqlResult(parts: ResultParts): CoxResult {
  const { design, settings, fit, terms, n, nEvents } = parts;
  const p = terms.length;
  const singular = fit.rank < p;
  const aliased = terms.map((_, j) => singular && fit.variance[j + j * p] === 0);
  const beta = fit.beta.map((b, j) => (aliased[j] ? Number.NaN : b));
  const kernel = { ...fit, beta, aliased } as unknown as CoxKernelResult;
  const z = qnorm(1 - (1 - settings.confLevel) / 2);
  const kept = terms.flatMap((_, j) => (aliased[j] ? [] : [j]));
  const df = kept.length;
  const nDropped = parts.nTotal - n;
  const warnings: SurvivalWarning[] = [];
  if (nDropped > 0) warnings.push(missingValuesDroppedWarning(CALLER, nDropped));
  if (!fit.converged && settings.control.maxIter > 0) {
    warnings.push(
      notConvergedWarning(
        CALLER,
        settings.control.maxIter,
        'estimates are from the last accepted step. Check for separation (a covariate that perfectly predicts the order of events) or raise maxIter',
      ),
    );
  }
  const aliasedTerms = terms.filter((_, j) => aliased[j]);
  if (aliasedTerms.length > 0) {
    warnings.push(
      aliasedWarning(
        CALLER,
        aliasedTerms,
        'the information matrix is singular, e.g. a covariate constant within every stratum or collinear with others',
      ),
    );
  }
  const infinite = possiblyInfinite(fit, aliased, settings, parts.type === 'counting');
  if (infinite.length > 0)
    warnings.push(
      infiniteCoefficientWarning(
        CALLER,
        infinite.map((j) => terms[j]),
      ),
    );
  warnings.push(
    sqlSourceNotComputedWarning(
      CALLER,
      "Harrell's concordance and the cox.zph test",
      'concordance is NaN and zph null',
    ),
  );
  return {
    kind: 'cox',
    formula: design.layout.formula,
    method: 'partial-likelihood',
    ties: settings.ties,
    type: parts.type,
    confLevel: settings.confLevel,
    vcovType: 'classical',
    vcov: terms.map((_, i) =>
      terms.map((__, j) => (aliased[i] || aliased[j] ? null : fit.variance[i + j * p])),
    ),
    statisticType: 'z',
    dfResidual: null,
    coefficients: coxCoefficients(terms, kernel, fit.variance, z),
    means: Array.from(parts.means),
    nobs: n,
    nEvents,
    nDropped,
    strata: design.strata?.levels ?? null,
    nClusters: null,
    logLik: fit.loglik,
    logLikNull: fit.loglikInit,
    df,
    aic: -2 * fit.loglik + 2 * df,
    bic: -2 * fit.loglik + Math.log(nEvents) * df,
    converged: fit.converged,
    iterations: fit.iterations,
    concordance: Number.NaN,
    concordanceStdError: Number.NaN,
    concordanceCounts: { concordant: 0, discordant: 0, tiedX: 0, tiedY: 0, tiedXY: 0 },
    ...coxGlobalTests(kernel, fit.variance, kept, p, parts.init, settings.control.tolerChol),
    robustScoreTest: null,
    zph: null,
    zphTransform: settings.zphTransform,
    warnings,
  };
}

/** coxph.fit's check for coefficients that may be infinite (as the in-memory kernel). */
function possiblyInfinite(
  fit: Newton,
  aliased: boolean[],
  settings: CoxSettings,
  counting: boolean,
): number[] {
  const { control } = settings;
  const p = aliased.length;
  const out: number[] = [];
  if (!(control.maxIter > 1 && fit.converged)) return out;
  for (let j = 0; j < p; j++) {
    if (aliased[j]) continue;
    let infs = 0;
    for (let k = 0; k < p; k++) infs += fit.score[k] * fit.variance[k + j * p];
    infs = Math.abs(infs);
    const threshold = counting
      ? control.tolerInf * (1 + Math.abs(fit.beta[j]))
      : Math.max(control.tolerance, control.tolerInf * Math.abs(fit.beta[j]));
    if (!Number.isFinite(fit.score[j]) || infs > threshold) out.push(j);
  }
  return out;
}
