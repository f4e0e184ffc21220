import { checkOptionKeys, InvalidArgumentError, qnorm } from '@muster/core';
import { applyDesign } from '@muster/formula';
import type { AftResult } from './fit-aft.ts';
import { baseOf, errorQuantile } from './internal/aft-distributions.ts';
import { recallDesign } from './internal/design-store.ts';

/** Options of {@link predictAft}. */
export interface PredictAftOptions {
  /**
   * 'quantile' (survival-time quantiles, default), 'uquantile' (quantiles of log time),
   * 'lp' (linear predictor) or 'response' (exp of the linear predictor), as predict.survreg.
   */
  type?: 'quantile' | 'uquantile' | 'lp' | 'response';
  /** Probabilities for the quantiles. Default [0.1, 0.5, 0.9]. */
  p?: readonly number[];
  /** Confidence level of the intervals. Default 0.95. */
  confLevel?: number;
}

/** One predicted value: a quantile (with its probability `p`) or the predictor. */
export interface AftPredictedValue {
  /** Probability of the quantile (null for 'lp' and 'response'). */
  p: number | null;
  /** Null when the fit has an aliased (NA) coefficient, as predict.survreg gives NA. */
  estimate: number | null;
  /** Delta-method standard error (predict.survreg's se.fit). */
  stdError: number | null;
  /** Interval from estimate -/+ z stdError on the log-time scale, transformed back for 'quantile' and 'response'. */
  lower: number | null;
  upper: number | null;
}

/** Predictions for one row of new data. */
export interface AftPrediction {
  /** 0-based row of `newData`. */
  row: number;
  /** x'b for the new row (offset left out, as predict.survreg); null with an aliased coefficient. */
  linearPredictor: number | null;
  values: AftPredictedValue[];
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { length?: unknown }).length === 'number'
  );
}

/**
 * Predicted survival-time quantiles (or linear predictors) of an AFT fit for covariate profiles,
 * as `predict(fit, newdata, type = 'quantile', p, se.fit = TRUE)`: the p-quantile of T for
 * covariates x is exp(x'b + sigma q_p), q_p the p-quantile of the error distribution; the
 * standard error is the delta method over (b, log sigma), multiplied by the quantile for the time
 * scale, as predict.survreg does. Intervals are formed on the log scale and transformed back.
 *
 * As predict.survreg (survival 3.5-3) does for new data: an `offset()` term of the model is left
 * out of the prediction (the linear predictor is x'b alone; add the offset yourself for
 * type 'lp', or multiply quantiles by exp(offset)), and a fit with an aliased (NA) coefficient
 * predicts null (NA) for every row, whatever the row's value of that term.
 *
 * @param fit - A result of {@link fitAft} from this session (new data are mapped through its
 *   design: factor levels, transforms), or a deserialised result with `newData` giving the
 *   design columns by term name (`'(Intercept)'` may be omitted).
 * @param newData - One profile `{ age: 60, sex: 2 }` or columns `{ age: [50, 70], sex: [1, 2] }`.
 * @param options - `type` (default 'quantile'), `p` (default [0.1, 0.5, 0.9]), `confLevel`.
 * @returns One entry per row with its `values`.
 * @throws InvalidArgumentError for a p outside (0, 1) or a missing term; DataError (from the
 *   formula package) for unknown factor levels.
 * @example
 * ```ts
 * predictAft(fit, { age: 60, sex: 1 }, { p: [0.5] })[0].values[0].estimate;
 * // => 282.9 (median survival in days, lung, Weibull ~ age + sex)
 * ```
 */
export function predictAft(
  fit: AftResult,
  newData: Record<string, unknown>,
  options: PredictAftOptions = {},
): AftPrediction[] {
  checkOptionKeys('predictAft', options, ['type', 'p', 'confLevel']);
  const fn = 'predictAft';
  const type = options.type ?? 'quantile';
  if (!['quantile', 'uquantile', 'lp', 'response'].includes(type)) {
    throw new InvalidArgumentError(
      'type',
      `${fn} requires type quantile, uquantile, lp or response; received ${String(type)}`,
    );
  }
  const probabilities = options.p ?? [0.1, 0.5, 0.9];
  for (const p of probabilities) {
    if (!(p > 0 && p < 1)) {
      throw new InvalidArgumentError(
        'p',
        `${fn} requires probabilities in (0, 1); received ${String(p)}`,
      );
    }
  }
  const confLevel = options.confLevel ?? 0.95;
  const zCrit = qnorm(1 - (1 - confLevel) / 2);
  const columns: Record<string, ArrayLike<unknown>> = {};
  for (const [name, value] of Object.entries(newData))
    columns[name] = isArrayLike(value) && typeof value !== 'string' ? value : [value];

  if (fit.strataLevels && fit.strataLevels.length > 1) {
    throw new InvalidArgumentError(
      'fit',
      `${fn} does not predict for fits with strata(); fit one model per stratum`,
    );
  }
  const strataCount = fit.strataLevels ? fit.strataLevels.length : 1;
  const nvar = fit.coefficients.length - (fit.scaleEstimated ? strataCount : 0);
  const terms = fit.coefficients.slice(0, nvar).map((c) => c.term);
  const design = recallDesign(fit);
  let matrix: Float64Array;
  let nrow: number;
  if (design) {
    const applied = applyDesign(design, columns);
    matrix = applied.matrix;
    nrow = applied.nrow;
  } else {
    const lengths = Object.values(columns).map((c) => c.length);
    nrow = lengths.length > 0 ? Math.max(...lengths) : 1;
    matrix = new Float64Array(nrow * nvar);
    terms.forEach((term, j) => {
      const column = columns[term];
      for (let i = 0; i < nrow; i++) {
        const v =
          column === undefined && term === '(Intercept)'
            ? 1
            : Number(column?.[column.length === 1 ? 0 : i]);
        if (!Number.isFinite(v)) {
          throw new InvalidArgumentError(
            'newData',
            `${fn} requires a finite value for term '${term}'; row ${i + 1} has ${String(column?.[i])}`,
          );
        }
        matrix[j * nrow + i] = v;
      }
    });
  }

  const beta = fit.coefficients.slice(0, nvar).map((c) => c.estimate ?? 0);
  if (fit.coefficients.slice(0, nvar).some((c) => c.estimate === null)) {
    return aliasedPredictions(nrow, type, probabilities);
  }
  const vcov = fit.vcov;
  const base = baseOf[fit.dist];
  const scale = Array.isArray(fit.scale) ? fit.scale[0] : fit.scale;
  const nvar2 = vcov.length;
  const out: AftPrediction[] = [];
  for (let i = 0; i < nrow; i++) {
    const xi = new Float64Array(nvar2);
    let lp = 0;
    for (let j = 0; j < nvar; j++) {
      xi[j] = matrix[j * nrow + i];
      lp += beta[j] * xi[j];
    }
    const quadratic = (v: Float64Array) => {
      let s = 0;
      for (let a = 0; a < nvar2; a++)
        for (let b = 0; b < nvar2; b++) s += v[a] * (vcov[a][b] ?? 0) * v[b];
      return Math.sqrt(Math.max(0, s));
    };
    const values: AftPredictedValue[] = [];
    if (type === 'lp' || type === 'response') {
      const se = quadratic(xi);
      if (type === 'lp')
        values.push({
          p: null,
          estimate: lp,
          stdError: se,
          lower: lp - zCrit * se,
          upper: lp + zCrit * se,
        });
      else {
        const est = Math.exp(lp);
        values.push({
          p: null,
          estimate: est,
          stdError: se * est,
          lower: Math.exp(lp - zCrit * se),
          upper: Math.exp(lp + zCrit * se),
        });
      }
    } else {
      for (const p of probabilities) {
        const q = errorQuantile(base, p);
        const uq = lp + q * scale;
        const v = Float64Array.from(xi);
        if (fit.scaleEstimated) v[nvar] = q * scale;
        const se = quadratic(v);
        if (type === 'uquantile')
          values.push({
            p,
            estimate: uq,
            stdError: se,
            lower: uq - zCrit * se,
            upper: uq + zCrit * se,
          });
        else {
          const est = Math.exp(uq);
          values.push({
            p,
            estimate: est,
            stdError: se * est,
            lower: Math.exp(uq - zCrit * se),
            upper: Math.exp(uq + zCrit * se),
          });
        }
      }
    }
    out.push({ row: i, linearPredictor: lp, values });
  }
  return out;
}

/** predict.survreg's NA predictions for a fit with an aliased coefficient. */
function aliasedPredictions(
  nrow: number,
  type: NonNullable<PredictAftOptions['type']>,
  probabilities: readonly number[],
): AftPrediction[] {
  const ps = type === 'lp' || type === 'response' ? [null] : probabilities;
  return Array.from({ length: nrow }, (_, row) => ({
    row,
    linearPredictor: null,
    values: ps.map((p) => ({ p, estimate: null, stdError: null, lower: null, upper: null })),
  }));
}
