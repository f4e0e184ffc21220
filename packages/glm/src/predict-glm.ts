import { checkOptionKeys, DataError, InvalidArgumentError, qnorm, qt } from '@muster/core';
import { applyDesign, type DataInput, type DesignMatrix, dataColumns } from '@muster/formula';
import { getLink } from './internal/link.ts';
import type { GlmResult } from './types.ts';
import { type GlmWarning, glmWarnings } from './warnings.ts';

/** Options of {@link predictGlm}. */
export interface PredictGlmOptions {
  /** `'link'` (linear predictor) or `'response'` (fitted mean; default). */
  type?: 'link' | 'response';
  /** Interval level (default: the fit's confLevel). */
  confLevel?: number;
  /**
   * Offset values for the new rows, one per row of `newData`. Required when the fit's offset was
   * given as values; when it was given as a column, that column of `newData` is used instead.
   */
  offset?: ArrayLike<number>;
}

/** Result of {@link predictGlm}: one entry per usable row of the new data. */
export interface GlmPrediction {
  type: 'link' | 'response';
  /** Level of the intervals. */
  confLevel: number;
  /** How the standard errors and intervals were formed. */
  method: string;
  /** Covariance the standard errors use (the fit's vcovType). */
  vcovType: string;
  /** 1-based rows of the new data predicted (rows with a missing variable are left out). */
  rows: number[];
  fit: number[];
  stdError: number[];
  lower: number[];
  upper: number[];
  warnings: GlmWarning[];
}

const PREDICT_GLM_OPTIONS = [
  'type',
  'confLevel',
  'offset',
] as const satisfies readonly (keyof PredictGlmOptions)[];

function columnNamesOf(data: DataInput): string[] {
  const table = data as { columnNames?: () => string[] };
  return typeof table.columnNames === 'function' ? table.columnNames() : Object.keys(data);
}

function rowCountOf(data: DataInput): number {
  const table = data as { numRows?: () => number; columnNames?: () => string[] };
  if (typeof table.numRows === 'function') return table.numRows();
  const first = columnNamesOf(data)[0];
  return first === undefined ? 0 : (data as Record<string, ArrayLike<unknown>>)[first].length;
}

/** A column name as a formula variable (backticked unless it is a syntactic R name). */
function rName(name: string): string {
  return /^[A-Za-z.][A-Za-z0-9._]*$/.test(name) ? name : `\`${name.replace(/`/g, '\\`')}\``;
}

/**
 * The column of newData that carries the fit's `offset` option (R evaluates the offset in the new
 * data), or null when there is none or the caller passes offset values.
 */
function optionOffsetColumn(
  fit: GlmResult,
  newData: DataInput,
  options: PredictGlmOptions,
): string | null {
  if (fit.offset === null || options.offset !== undefined) return null;
  const names = columnNamesOf(newData);
  if (fit.offset === 'values' && !names.includes('values')) {
    throw new InvalidArgumentError(
      'offset',
      'predictGlm requires offset values for the new data (options.offset), because the fit took its offset as values',
    );
  }
  if (!names.includes(fit.offset)) {
    throw new DataError(
      `predictGlm requires the offset column '${fit.offset}' in the new data, as the fit used it; columns: ${names.join(', ')}`,
      { column: fit.offset },
    );
  }
  return fit.offset;
}

function addOffsetValues(
  coded: { offset: Float64Array | null; rows: Int32Array; nrow: number },
  values: ArrayLike<number>,
  newData: DataInput,
): void {
  const total = rowCountOf(newData);
  if (values.length !== total) {
    throw new InvalidArgumentError(
      'offset',
      `predictGlm requires one offset value per row of the new data (${total}); received ${values.length}`,
    );
  }
  const offset = coded.offset ?? new Float64Array(coded.nrow);
  for (let r = 0; r < coded.nrow; r++) {
    const v = Number(values[coded.rows[r]]);
    if (!Number.isFinite(v)) {
      throw new DataError(
        `predictGlm requires finite offset values; row ${coded.rows[r] + 1} has ${values[coded.rows[r]]}`,
        { column: 'offset', row: coded.rows[r] + 1 },
      );
    }
    offset[r] += v;
  }
  coded.offset = offset;
}

/**
 * Predictions of a fitted GLM for new data, with standard errors and confidence intervals:
 * R's `predict.glm(fit, newdata, type, se.fit = TRUE)`.
 *
 * Method: the new rows are coded like the fitted data (`applyDesign`: same columns, factor
 * levels, transformations and offset() terms, and the column given as the `offset` option, as
 * R evaluates it in `newdata`); eta = X beta + offset with standard error
 * sqrt(x' V x), V the fit's covariance (its `vcov` type). On the link scale the interval is
 * eta -/+ q se. On the response scale the fit is g^-1(eta), the standard error the delta-method
 * se |d mu / d eta| (as R), and the interval g^-1 of the link-scale limits, which stays inside the
 * parameter space (probabilities in [0, 1]). q is the normal quantile, or the t quantile with
 * the residual df when the dispersion is estimated.
 *
 * @param fit - a {@link fitGlm} result
 * @param newData - columns by name, an array of row objects (as d3.csv and Vega-Lite hold data; a
 *   row without a key is missing there) or an arquero table with the model's variables
 * @param options - scale (`type`) and interval level
 * @returns predictions aligned with `rows`
 * @throws InvalidArgumentError for a bad fit or level; DataError / FormulaError from coding the
 *   new data (a missing column, an unseen factor level)
 * @example
 * ```ts
 * const fit = await fitGlm('y ~ x', { y: [0, 0, 1, 0, 1, 1], x: [1, 2, 3, 4, 5, 6] }, { family: 'binomial' });
 * predictGlm(fit, { x: [3.5] }).fit[0].toFixed(4);
 * // => '0.5000'
 * predictGlm(fit, [{ x: 3.5 }, { x: 6 }]).rows;
 * // => [1, 2]
 * ```
 */
export function predictGlm(
  fit: GlmResult,
  newData: DataInput,
  options: PredictGlmOptions = {},
): GlmPrediction {
  if (fit?.kind !== 'glm' || fit.design === undefined) {
    throw new InvalidArgumentError('fit', 'predictGlm requires a result of fitGlm');
  }
  // Rows become columns first, so that the offset column and row count read them as any columns.
  const table = Array.isArray(newData) ? dataColumns(newData, 'predictGlm') : newData;
  checkOptionKeys('predictGlm', options, PREDICT_GLM_OPTIONS);
  const type = options.type ?? 'response';
  if (type !== 'link' && type !== 'response') {
    throw new InvalidArgumentError(
      'type',
      `predictGlm requires type 'link' or 'response'; received '${type}'`,
    );
  }
  const confLevel = options.confLevel ?? fit.confLevel;
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(
      'confLevel',
      `predictGlm requires 0 < confLevel < 1; received ${confLevel}`,
    );
  }
  const terms = fit.coefficients.map((c) => c.term);
  const offsetColumn = optionOffsetColumn(fit, table, options);
  const spec =
    offsetColumn === null
      ? fit.design
      : { ...fit.design, offsets: [...fit.design.offsets, rName(offsetColumn)] };
  const coded = applyDesign({ spec, columns: terms } as unknown as DesignMatrix, table);
  if (options.offset !== undefined) addOffsetValues(coded, options.offset, table);
  const n = coded.nrow;
  const p = terms.length;
  const link = getLink(fit.link);
  const warnings: GlmWarning[] = [];
  const aliased = fit.coefficients.filter((c) => c.estimate === null).map((c) => c.term);
  if (aliased.length > 0) warnings.push(glmWarnings.aliased('predictGlm', aliased));
  const q =
    fit.statisticType === 't'
      ? qt(1 - (1 - confLevel) / 2, fit.dfResidual)
      : qnorm(1 - (1 - confLevel) / 2);
  const out: GlmPrediction = {
    type,
    confLevel,
    method:
      type === 'link'
        ? `eta -/+ ${fit.statisticType === 't' ? 't' : 'z'} se`
        : `inverse link of eta -/+ ${fit.statisticType === 't' ? 't' : 'z'} se; se by the delta method`,
    vcovType: fit.vcovType,
    rows: Array.from(coded.rows, (r) => r + 1),
    fit: [],
    stdError: [],
    lower: [],
    upper: [],
    warnings,
  };
  const beta = fit.coefficients.map((c) => c.estimate ?? 0);
  const xi = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    let eta = coded.offset === null ? 0 : coded.offset[i];
    for (let j = 0; j < p; j++) {
      xi[j] = coded.matrix[j * n + i];
      eta += beta[j] * xi[j];
    }
    let variance = 0;
    for (let a = 0; a < p; a++) {
      if (fit.coefficients[a].estimate === null) continue;
      for (let b = 0; b < p; b++) {
        const v = fit.vcov[a][b];
        if (v !== null) variance += xi[a] * v * xi[b];
      }
    }
    const se = Math.sqrt(Math.max(variance, 0));
    if (type === 'link') {
      out.fit.push(eta);
      out.stdError.push(se);
      out.lower.push(eta - q * se);
      out.upper.push(eta + q * se);
    } else {
      const a = link.linkinv(eta - q * se);
      const b = link.linkinv(eta + q * se);
      out.fit.push(link.linkinv(eta));
      out.stdError.push(se * Math.abs(link.muEta(eta)));
      out.lower.push(Math.min(a, b));
      out.upper.push(Math.max(a, b));
    }
  }
  return out;
}
