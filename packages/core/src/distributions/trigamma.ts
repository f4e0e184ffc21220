import trigammaStdlib from '@stdlib/math-base-special-trigamma';

/**
 * Trigamma function psi'(x), R's `trigamma` (@stdlib trigamma).
 *
 * @param x - argument
 * @returns psi'(x)
 * @example
 * ```ts
 * trigamma(1);
 * // => 1.6449340668482264
 * ```
 */
export function trigamma(x: number): number {
  return trigammaStdlib(x);
}
