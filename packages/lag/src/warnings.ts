/**
 * The warning catalogue of @muster/lag: every code a lag result can carry, with one message
 * builder per code. Consumers switch on `warning.code`, never on the text.
 */
import { type MusterWarning, warning } from '@muster/core';

/**
 * Codes of the warnings of @muster/lag. `not-converged` is shared with every package; the others
 * are the package's own.
 */
export type WarningCode =
  | 'not-converged'
  | 'all-zero'
  | 'last-period-unidentified'
  | 'estimated-counts'
  | 'bootstrap-not-converged'
  | 'nowcast-undefined'
  | 'degenerate-reverse-hazard'
  | 'smoothing-at-bound'
  | 'figure-inconsistent'
  | 'figure-misfit'
  | 'duplicate-figure'
  | 'break-found'
  | 'calibration-at-edge';

/** A warning of @muster/lag. */
export type LagWarning = MusterWarning<WarningCode>;

/**
 * One message builder per {@link WarningCode}; `fn` is the function that warns.
 *
 * @example
 * ```ts
 * import { lagWarnings } from '@muster/lag';
 * lagWarnings.allZero('backProject');
 * // => { code: 'all-zero', message: 'backProject: every estimated lambda is 0 (all counts are 0 or the start is 0)' }
 * ```
 */
export const lagWarnings = {
  /** An iterative fit stopped at its iteration limit. */
  notConverged: (fn: string, detail: string): LagWarning =>
    warning('not-converged', `${fn} ${detail}`),
  allZero: (fn: string): LagWarning =>
    warning('all-zero', `${fn}: every estimated lambda is 0 (all counts are 0 or the start is 0)`),
  lastPeriodUnidentified: (fn: string): LagWarning =>
    warning(
      'last-period-unidentified',
      `${fn}: the delay pmf gives 0 to delay 0, so the last period has no information and its lambda is 0`,
    ),
  estimatedCounts: (fn: string): LagWarning =>
    warning(
      'estimated-counts',
      `${fn}: the counts are not whole numbers, as an estimated series (a reconstruction) is; the bootstrap intervals treat them as observed and ignore their uncertainty: pass the estimate's draws as bootstrap.countDraws`,
    ),
  bootstrapNotConverged: (fn: string, notConverged: number, replicates: number): LagWarning =>
    warning(
      'bootstrap-not-converged',
      `${fn}: ${notConverged} of ${replicates} bootstrap replicates stopped at maxIter`,
    ),
  nowcastUndefined: (fn: string, periods: string[], where: string): LagWarning =>
    warning(
      'nowcast-undefined',
      `${fn}: the chain-ladder estimate is undefined (null) for ${periods.join(', ')}: nothing in the ${where} was reported by that age, so F(age) = 0; the mean, median and interval there rest on the prior of the period totals and the hazards' Beta draws. Widen window or shorten maxDelay`,
      periods,
    ),
  degenerateReverseHazard: (fn: string, delay: number): LagWarning =>
    warning(
      'degenerate-reverse-hazard',
      `${fn}: every pair at risk at delay ${delay} has that delay, so the estimate puts no mass below it; more data on short delays is needed`,
    ),
  smoothingAtBound: (fn: string): LagWarning =>
    warning(
      'smoothing-at-bound',
      `${fn}: the marginal likelihood prefers the smoothest series allowed (tau = 1e8): the figures carry little information on the monthly shape`,
    ),
  figureInconsistent: (fn: string, id: string, detail: string): LagWarning =>
    warning(
      'figure-inconsistent',
      `${fn}: figure ${id} ${detail}; check what it counts or leave it out`,
      [id],
    ),
  figureMisfit: (fn: string, id: string, detail: string): LagWarning =>
    warning('figure-misfit', `${fn}: figure ${id} ${detail}`, [id]),
  duplicateFigure: (fn: string, id: string, twin: string): LagWarning =>
    warning('duplicate-figure', `${fn}: ${id} repeats ${twin} (same window and value); used once`, [
      id,
      twin,
    ]),
  breakFound: (fn: string, dates: string[], probability: number[]): LagWarning =>
    warning(
      'break-found',
      `${fn}: the series may jump at ${dates.map((d, i) => `${d} (posterior probability ${probability[i].toFixed(2)})`).join(', ')}, found among the figure window edges by marginal likelihood; pass breaks: [] to fit without breaks, or the dates you know`,
      dates,
    ),
  calibrationAtEdge: (fn: string, mean: number): LagWarning =>
    warning(
      'calibration-at-edge',
      `${fn}: the most likely mean delay, ${mean} months, is at the edge of the grid of means: widen means`,
    ),
} satisfies Record<string, (...args: never[]) => LagWarning>;
