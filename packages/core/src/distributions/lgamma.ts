import gammaln from '@stdlib/math-base-special-gammaln';

/**
 * Natural logarithm of the absolute value of the gamma function, R's `lgamma` (@stdlib gammaln).
 *
 * @param x - argument (poles at 0, -1, -2, ... give Infinity)
 * @returns log |Gamma(x)|
 * @example
 * ```ts
 * lgamma(10);
 * // => 12.80182748008147
 * ```
 */
export function lgamma(x: number): number {
  return gammaln(x);
}
