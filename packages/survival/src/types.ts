/**
 * Types shared by several public functions of @muster/survival (the result and option types of
 * each function live beside it).
 */

/** Scale of pointwise survival intervals: log (R's default), log-log, plain, or none. */
export type ConfType = 'log' | 'log-log' | 'plain' | 'none';

/** Restricted mean survival time to a horizon with its standard error (survival's survmean). */
export interface RestrictedMean {
  horizon: number;
  estimate: number;
  stdError: number;
}

/** Table-like input: plain columns (as `readCsv` returns) or anything with `array(name)` (arquero). */
export type CompetingData =
  | Record<string, ArrayLike<unknown>>
  | {
      columnNames(): string[];
      array?(name: string): ArrayLike<unknown>;
      getter?(name: string): (row: number) => unknown;
      numRows?(): number;
    };

/** A column of the competing-risks functions: its name in `data`, or the values. */
export type ColumnSpec = string | ArrayLike<unknown>;

/** A cause: its code in the event column and the name used in results. */
export interface CauseInfo {
  code: string;
  name: string;
}

/** One row of Gray's test: one cause compared across the groups. */
export interface GrayTestRow {
  /** Cause name. */
  cause: string;
  /** Chi-square statistic; null when the score variance is singular (no events of the cause). */
  statistic: number | null;
  /** Degrees of freedom: number of groups - 1. */
  df: number;
  /** Upper-tail chi-square probability of `statistic`; null with it. */
  pValue: number | null;
}

/** The AFT distributions, named as in survreg. */
export type AftDistribution = 'weibull' | 'exponential' | 'lognormal' | 'loglogistic';

/** The time transforms of cox.zph. */
export type ZphTransform = 'km' | 'rank' | 'identity' | 'log';

/** One row of a predicted Cox survival curve (survfit.coxph). */
export interface CoxCurveRow {
  time: number;
  nRisk: number;
  nEvent: number;
  nCensor: number;
  cumHazard: number;
  /** Standard error of the cumulative hazard (R's std.err of survfit.coxph). */
  cumHazardStdErr: number;
  surv: number;
  /** Standard error of S(t): cumHazardStdErr times S. */
  stdErr: number;
  lower: number;
  upper: number;
}
