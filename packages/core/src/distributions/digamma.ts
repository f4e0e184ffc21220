import digammaStdlib from '@stdlib/math-base-special-digamma';

/**
 * Digamma function psi(x) = d/dx log Gamma(x), R's `digamma` (@stdlib digamma).
 *
 * @param x - argument
 * @returns psi(x)
 * @example
 * ```ts
 * digamma(1);
 * // => -0.5772156649015329
 * ```
 */
export function digamma(x: number): number {
  return digammaStdlib(x);
}
