import { InvalidArgumentError } from '../errors.ts';
import { type CoefficientRow, type FitResultBase, isFitResult } from '../fit-result.ts';

/** One row of {@link tidy}: broom's `tidy()` columns in Muster's names. */
export interface TidyRow {
  /** R's coefficient name. */
  term: string;
  /** The estimate (exponentiated with `exponentiate: true`). */
  estimate: number | null;
  /** Standard error of the estimate on the model's scale (never exponentiated, as broom). */
  stdError: number | null;
  statistic: number | null;
  pValue: number | null;
  /** Interval limits at the fit's `confLevel` (exponentiated with `exponentiate: true`). */
  lower: number | null;
  upper: number | null;
}

/** Options of {@link tidy}. */
export interface TidyOptions {
  /**
   * Report exp(estimate) and exp(limits): odds ratios of a logit, hazard ratios of a Cox model,
   * time ratios of an AFT model (broom's `exponentiate = TRUE`). Default false.
   */
  exponentiate?: boolean;
}

const expOrNull = (x: number | null): number | null => (x === null ? null : Math.exp(x));

/**
 * The coefficients of any fit as plain rows, one per term: broom's `tidy(fit, conf.int = TRUE)`
 * with the columns `term, estimate, stdError, statistic, pValue, lower, upper` (broom's `term,
 * estimate, std.error, statistic, p.value, conf.low, conf.high`). The interval is the one the
 * fit reports in `lower`/`upper` (Wald from its `vcovType` unless the fit says otherwise) at its
 * `confLevel`. Reads a result object or its JSON (`--json` output).
 *
 * @param fit - a result of any Muster model (glm, Cox, AFT, Fine-Gray, glmer, ...)
 * @param options - `exponentiate`
 * @returns one row per coefficient, in the fit's order (null where R reports NA)
 * @throws InvalidArgumentError when `fit` is not a model result
 * @example
 * ```ts
 * const fit = { kind: 'glm', confLevel: 0.95, vcovType: 'classical', vcov: [[0.04]], nobs: 10,
 *   warnings: [], coefficients: [{ term: 'x', estimate: 0.5, stdError: 0.2, statistic: 2.5,
 *   pValue: 0.0124, lower: 0.108, upper: 0.892 }] };
 * tidy(fit, { exponentiate: true }).map((row) => row.estimate.toFixed(4));
 * // => ['1.6487']
 * ```
 */
export function tidy(fit: FitResultBase, options: TidyOptions = {}): TidyRow[] {
  if (!isFitResult(fit)) {
    throw new InvalidArgumentError('fit', 'tidy requires a model result (with coefficients)');
  }
  const exponentiate = options.exponentiate === true;
  return fit.coefficients.map((row: CoefficientRow) => ({
    term: row.term,
    estimate: exponentiate ? expOrNull(row.estimate) : row.estimate,
    stdError: row.stdError,
    statistic: row.statistic,
    pValue: row.pValue,
    lower: exponentiate ? expOrNull(row.lower) : row.lower,
    upper: exponentiate ? expOrNull(row.upper) : row.upper,
  }));
}
