import { isProbability } from './is-probability.ts';
import { qbeta } from './qbeta.ts';
import { qchisq } from './qchisq.ts';

/**
 * F quantile function, R's `qf` (central), from the beta quantile (@stdlib betaincinv): for the
 * lower tail (d2 / d1) x / (1 - x) with x = qbeta(p, d1/2, d2/2), for the upper tail
 * (d2 / d1) (1 / y - 1) with y = qbeta(p, d2/2, d1/2). Each form inverts the small probability of
 * its own tail directly, so qf(1e-12, 3, 17) is accurate where R's single formula
 * (1 / qbeta(p, d2/2, d1/2, !lowerTail) - 1) d2 / d1 loses about 7 digits.
 *
 * @param p - probability in [0, 1]
 * @param df1 - numerator degrees of freedom > 0
 * @param df2 - denominator degrees of freedom > 0
 * @param lowerTail - p is P(F <= q) when true (default), P(F > q) when false
 * @returns the quantile; NaN outside the domain
 * @example
 * ```ts
 * qf(0.95, 2, 10);
 * // => 4.1028210151304
 * ```
 */
export function qf(p: number, df1: number, df2: number, lowerTail = true): number {
  if (!isProbability(p) || !(df1 > 0) || !(df2 > 0)) return Number.NaN;
  if (!Number.isFinite(df2)) {
    if (!Number.isFinite(df1)) return 1;
    return qchisq(p, df1, lowerTail) / df1;
  }
  if (!Number.isFinite(df1)) return df2 / qchisq(p, df2, !lowerTail);
  if (lowerTail) {
    // F = (d2 / d1) x / (1 - x) with x ~ Beta(d1/2, d2/2): accurate for small lower-tail p
    const x = qbeta(p, df1 / 2, df2 / 2, true);
    return ((df2 / df1) * x) / (1 - x);
  }
  // F = (d2 / d1) (1 / y - 1) with y = 1 - x ~ Beta(d2/2, d1/2): accurate for small upper-tail p
  const y = qbeta(p, df2 / 2, df1 / 2, true);
  return (1 / y - 1) * (df2 / df1);
}
