import { convolveInto } from './internal/ems.ts';
import { checkNumber, toCounts, toPmf } from './internal/validate.ts';
import type { DelayInput } from './types.ts';

/** Options of {@link forwardProject}. */
export interface ForwardProjectOptions {
  /** Extra periods to project past the end of the series (offences after it count as 0). Default 0. */
  horizon?: number;
}

/**
 * Expected lagged counts from an offence series: mu_t = sum_{d=0}^{min(t, D)} lambda_{t-d} f_d,
 * the forward model of back-projection (offences before the first period count as 0).
 *
 * @param offences - offences (or expected offences) per period, finite and >= 0
 * @param delay - delay distribution or pmf (sums to 1 within 1e-9)
 * @param options - horizon: periods to add after the last (default 0)
 * @returns expected counts per period, length offences.length + horizon
 * @throws DataError for a negative or non-finite value; InvalidArgumentError for a bad pmf
 * @example
 * ```ts
 * forwardProject([100, 100, 100], [0.5, 0.5]);
 * // => [50, 100, 100]
 * ```
 */
export function forwardProject(
  offences: ArrayLike<number>,
  delay: DelayInput,
  options: ForwardProjectOptions = {},
): number[] {
  const fn = 'forwardProject';
  const x = toCounts(offences, fn, 'offences');
  const pmf = toPmf(delay, fn);
  const horizon = checkNumber(options.horizon ?? 0, fn, 'horizon', { min: 0, integer: true });
  const padded = new Float64Array(x.length + horizon);
  padded.set(x);
  const out = new Float64Array(padded.length);
  convolveInto(padded, pmf, out);
  return Array.from(out);
}
