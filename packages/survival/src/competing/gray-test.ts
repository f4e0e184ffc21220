import { checkOptionKeys, InvalidArgumentError, type ResultBase } from '@muster/core';
import type { CauseInfo, ColumnSpec, CompetingData, GrayTestRow } from '../types.ts';
import {
  causeWithoutEventsWarning,
  type SurvivalWarning,
  type SurvivalWarningCode,
} from '../warnings.ts';
import { prepareCompeting } from './internal/competing-input.ts';
import { grayStatistics } from './internal/gray-statistics.ts';

/** Options of {@link grayTest}. */
export interface GrayTestOptions {
  time: ColumnSpec;
  event: ColumnSpec;
  /** Groups to compare (at least two levels among complete rows). */
  group: ColumnSpec;
  /** Optional strata: scores and variances are summed over strata (cmprsk's `strata`). */
  strata?: ColumnSpec | null;
  /** Causes as `{ code: name }` or a list of codes; default every non-censoring code. */
  causes?: Record<string, string> | readonly (string | number)[] | null;
  /** Event code of censored observations. Default 0. */
  censorCode?: string | number;
  /** Power of the weight (1 - F(t-))^rho. Default 0. */
  rho?: number;
}

/** Result of {@link grayTest}. */
export interface GrayTestResult extends ResultBase<'gray-test', SurvivalWarningCode> {
  method: 'gray';
  rho: number;
  group: string;
  strata: string | null;
  groups: string[];
  causes: CauseInfo[];
  /** One test per cause. */
  tests: GrayTestRow[];
  nobs: number;
  nDropped: number;
}

/**
 * Gray's K-sample test that the cumulative incidence of a cause is the same in every group, for
 * each cause, as `cmprsk::cuminc(ftime, fstatus, group, strata, rho)`.
 *
 * Method: Gray (1988): a weighted comparison of the subdistribution hazards of each group with
 * the pooled one, weight (1 - F(t-))^rho, and its asymptotic variance (cmprsk's crstm); the
 * statistic s' V^-1 s is chi-square on (groups - 1) df. The p-value is the upper tail computed
 * directly (cmprsk reports 1 - pchisq, which loses precision below about 1e-15).
 * Reference: Gray RJ (1988) Ann Stat 16:1141-1154.
 *
 * @param data - Columns by name (as `readCsv` returns, or an arquero table).
 * @param options - `time`, `event`, `group` (required), `strata`, `causes`, `censorCode`, `rho`.
 * @returns `tests`: per cause `statistic`, `df`, `pValue` (null with a warning when the score
 *   variance is singular, e.g. a cause with no events).
 * @throws InvalidArgumentError when fewer than two groups remain; DataError for bad columns.
 * @example
 * ```ts
 * grayTest(mgus2, { time: 'etime', event: 'event', group: 'sex', causes: { 1: 'pcm', 2: 'death' } }).tests[0];
 * // => { cause: 'pcm', statistic: 1.1945, df: 1, pValue: 0.2744 }
 * ```
 */
export function grayTest(
  data: CompetingData | undefined,
  options: GrayTestOptions,
): GrayTestResult {
  checkOptionKeys('grayTest', options, [
    'time',
    'event',
    'group',
    'strata',
    'causes',
    'censorCode',
    'rho',
  ]);
  const fn = 'grayTest';
  if (options?.group === undefined || options.group === null) {
    throw new InvalidArgumentError('group', `${fn} requires a group column to compare`);
  }
  const rho = options.rho ?? 0;
  if (!Number.isFinite(rho)) {
    throw new InvalidArgumentError('rho', `${fn} requires a finite rho; received ${String(rho)}`);
  }
  const input = prepareCompeting(fn, data, options);
  if (input.groupLevels.length < 2) {
    throw new InvalidArgumentError(
      'group',
      `${fn} requires at least two groups among complete rows; received ${input.groupLevels.length} (${input.groupLevels.join(', ')})`,
    );
  }
  const warnings: SurvivalWarning[] = [];
  const totals = new Int32Array(input.causes.length + 1);
  for (let i = 0; i < input.status.length; i++) totals[input.status[i]]++;
  input.causes.forEach((c, k) => {
    if (totals[k + 1] === 0) {
      warnings.push(causeWithoutEventsWarning(fn, c.name, ''));
    }
  });
  const tests = grayStatistics(fn, input, rho, warnings);
  return {
    kind: 'gray-test',
    method: 'gray',
    rho,
    group: input.groupLabel!,
    strata: input.strataLabel,
    groups: input.groupLevels,
    causes: input.causes,
    tests,
    nobs: input.time.length,
    nDropped: input.nDropped,
    warnings,
  };
}
