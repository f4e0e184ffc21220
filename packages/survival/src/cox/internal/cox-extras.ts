/**
 * Quantities computed from a fitted Cox model on request: residuals of every type
 * residuals.coxph offers, and predicted survival curves for covariate profiles (survfit.coxph).
 */
import { InvalidArgumentError } from '@muster/core';
import { applyDesign, type DataInput } from '@muster/formula';
import type { ConfType } from '../../types.ts';
import type { CoxResult, FitCoxOptions } from '../fit-cox.ts';
import type { CoxData } from './cox-data.ts';
import type { CoxFrame } from './cox-frame.ts';
import type { CoxKernelResult } from './cox-kernel.ts';
import type { CoxSettings } from './cox-options.ts';
import type { CoxCovariance, CoxFitted } from './cox-variance.ts';
import { martingaleResiduals, schoenfeldResiduals, scoreResiduals } from './residuals.ts';
import { hazardIncrements, type RiskSetTable, riskSetTable } from './risk-set-table.ts';
import { coxSurvivalCurve } from './survival-curve.ts';
import { zphScaledResiduals } from './zph-residuals.ts';

const orNull = (x: number) => (Number.isFinite(x) ? x : null);

/** sign(m) sqrt(-2 (m + delta log(delta - m))), residuals.coxph's deviance residual. */
function devianceResidual(m: number, event: number): number {
  const inner = event === 1 ? m + Math.log(1 - m) : m;
  return Math.sign(m) * Math.sqrt(-2 * inner);
}

/**
 * Martingale, deviance, score, Schoenfeld, dfbeta and dfbetas residuals, as residuals.coxph:
 * per data row (in data order) except Schoenfeld (one row per event, by stratum and time);
 * dfbeta = w_i L_i V and dfbetas = dfbeta / sqrt(diag V) with V the model-based variance
 * (coxph's naive.var for a robust fit) and w_i the case weight.
 */
export function coxResiduals(
  frame: CoxFrame,
  sorted: CoxData,
  eta: Float64Array,
  table: RiskSetTable,
  efron: boolean,
  kernel: CoxKernelResult,
): { residuals: NonNullable<CoxResult['residuals']>; schoenfeldPositions: number[] } {
  const { n, p, terms } = frame;
  const increments = hazardIncrements(table, efron);
  const martingale = martingaleResiduals(sorted, eta, table, increments);
  const score = scoreResiduals(sorted, eta, table, increments);
  const schoenfeld = schoenfeldResiduals(sorted, table, increments);
  const byRow = new Int32Array(n); // data order index -> position
  for (let k = 0; k < n; k++) byRow[sorted.row[k]] = k;
  const naive = kernel.variance;
  const dfbeta = terms.map((_, j) =>
    Array.from(byRow, (k) => {
      let s = 0;
      for (let i = 0; i < p; i++) s += score[k * p + i] * naive[i + j * p];
      return sorted.weight[k] * s;
    }),
  );
  const eventPositions: number[] = [];
  for (let k = 0; k < n; k++) if (sorted.event[k] === 1) eventPositions.push(k);
  eventPositions.sort(
    (u, v) =>
      sorted.stratum[u] - sorted.stratum[v] ||
      sorted.stop[u] - sorted.stop[v] ||
      sorted.row[u] - sorted.row[v],
  );
  const residuals = {
    rows: Array.from(frame.rows, (r) => r + 1),
    martingale: Array.from(byRow, (k) => martingale[k]),
    deviance: Array.from(byRow, (k) => devianceResidual(martingale[k], sorted.event[k])),
    score: terms.map((_, j) => Array.from(byRow, (k) => score[k * p + j])),
    dfbeta: dfbeta.map((column, j) => column.map((v) => (kernel.aliased[j] ? null : v))),
    dfbetas: dfbeta.map((column, j) =>
      column.map((v) => (kernel.aliased[j] ? null : v / Math.sqrt(naive[j + j * p]))),
    ),
    schoenfeld: eventPositions.map((k) => ({
      row: frame.rows[sorted.row[k]] + 1,
      time: sorted.stop[k],
      stratum: frame.strataLevels ? frame.strataLevels[sorted.stratum[k]] : null,
      values: terms.map((_, j) => (kernel.aliased[j] ? null : schoenfeld[k * p + j])),
    })),
  };
  return { residuals, schoenfeldPositions: eventPositions };
}

/** Predicted survival curves for 'means' or covariate profiles (survfit.coxph). */
export function coxCurves(
  frame: CoxFrame,
  profiles: 'means' | Record<string, unknown>[],
  table: RiskSetTable,
  efron: boolean,
  kernel: CoxKernelResult,
  betaUsed: Float64Array,
  variance: Float64Array,
  z: number,
  confType: ConfType,
): NonNullable<CoxResult['survivalCurves']> {
  const { n, p, design } = frame;
  const increments = hazardIncrements(table, efron);
  const list = profiles === 'means' ? ['means' as const] : profiles;
  const stratumNames: (string | null)[] = [];
  for (let b = 0; b + 1 < table.strataStart.length; b++) {
    const s = table.stratum[table.strataStart[b]];
    stratumNames.push(frame.strataLevels ? frame.strataLevels[s] : null);
  }
  return list.map((profile) => {
    const centred = new Float64Array(p);
    // survfit's default curve is at the mean offset (coxph centres offsets)
    let linear = 0;
    if (profile === 'means' && frame.offset) {
      for (let i = 0; i < n; i++) linear += frame.offset[i] / n;
    }
    if (profile !== 'means') {
      const columns: Record<string, unknown[]> = {};
      for (const [key, value] of Object.entries(profile)) columns[key] = [value];
      const coded = applyDesign(design, columns as DataInput);
      if (coded.nrow !== 1) {
        throw new InvalidArgumentError(
          'survivalCurves',
          `fitCox requires a value for every covariate in each survival-curve profile; received ${JSON.stringify(profile)}`,
        );
      }
      frame.columnIndex.forEach((col, j) => {
        centred[j] = coded.matrix[col] - kernel.means[j];
        linear += betaUsed[j] * centred[j];
      });
      if (coded.offset) linear += coded.offset[0];
    }
    const curves = coxSurvivalCurve(table, increments, variance, centred, linear, z, confType);
    return {
      profile,
      strata: curves.map((rows, b) => ({
        stratum: stratumNames[b],
        table: rows.map((row) => ({
          ...row,
          cumHazardStdErr: orNull(row.cumHazardStdErr) as number,
          stdErr: orNull(row.stdErr) as number,
          lower: (confType === 'none' ? null : orNull(row.lower)) as number,
          upper: (confType === 'none' ? null : orNull(row.upper)) as number,
        })),
      })),
    };
  });
}

/**
 * What fitCox computes only on request: residuals, scaled Schoenfeld residuals for plotting
 * beta(t), and predicted survival curves (all from one risk-set table at the estimate).
 */
export function addRequestedOutputs(
  result: CoxResult,
  options: FitCoxOptions,
  frame: CoxFrame,
  fitted: CoxFitted,
  kernel: CoxKernelResult,
  settings: CoxSettings,
  covariance: CoxCovariance,
  z: number,
): void {
  const wantResiduals = options.residuals || options.zphResiduals;
  if (!wantResiduals && !options.survivalCurves) return;
  const { sorted, eta } = fitted;
  const table = covariance.table ?? riskSetTable(sorted, eta);
  if (wantResiduals) {
    const { residuals, schoenfeldPositions } = coxResiduals(
      frame,
      sorted,
      eta,
      table,
      settings.efron,
      kernel,
    );
    if (options.residuals) result.residuals = residuals;
    if (options.zphResiduals && fitted.kept.length > 0) {
      result.zphResiduals = zphScaledResiduals(
        sorted,
        residuals.schoenfeld,
        schoenfeldPositions,
        kernel,
        frame.terms,
        settings.zphTransform,
      );
    }
  }
  if (options.survivalCurves) {
    result.survivalCurves = coxCurves(
      frame,
      options.survivalCurves,
      table,
      settings.efron,
      kernel,
      fitted.beta,
      covariance.vcov,
      z,
      settings.confType,
    );
  }
}
