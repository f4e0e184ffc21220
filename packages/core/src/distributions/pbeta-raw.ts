import betainc from '@stdlib/math-base-special-betainc';

/** Regularised incomplete beta with R's lower/upper switch: pbeta(x, a, b, lowerTail). */
export function pbetaRaw(x: number, a: number, b: number, lowerTail: boolean): number {
  if (x <= 0) return lowerTail ? 0 : 1;
  if (x >= 1) return lowerTail ? 1 : 0;
  return betainc(x, a, b, true, !lowerTail);
}
