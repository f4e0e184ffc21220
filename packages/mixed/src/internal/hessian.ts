/**
 * Finite-difference Hessian of f at x with step `delta` (lme4's deriv12, central differences):
 * H_jj = (f(x + d e_j) - 2 f(x) + f(x - d e_j)) / d^2 and
 * H_ij = (f(x + d e_i + d e_j) - f(x + d e_i - d e_j) - f(x - d e_i + d e_j) + f(x - d e_i - d e_j)) / (2d)^2.
 *
 * Contract: x away from any bound by more than delta (the caller checks); returns n x n row-major.
 */
export function finiteDifferenceHessian(
  f: (x: number[]) => number,
  x: number[],
  fx: number,
  delta = 1e-4,
): number[][] {
  const n = x.length;
  const h = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const at = (changes: [number, number][]) => {
    const y = x.slice();
    for (const [j, d] of changes) y[j] = y[j]! + d;
    return f(y);
  };
  for (let j = 0; j < n; j++) {
    const fadd = at([[j, delta]]);
    const fsub = at([[j, -delta]]);
    h[j]![j] = (fadd - 2 * fx + fsub) / (delta * delta);
    for (let i = 0; i < j; i++) {
      const v =
        (at([
          [i, delta],
          [j, delta],
        ]) -
          at([
            [i, delta],
            [j, -delta],
          ]) -
          at([
            [i, -delta],
            [j, delta],
          ]) +
          at([
            [i, -delta],
            [j, -delta],
          ])) /
        (4 * delta * delta);
      h[i]![j] = v;
      h[j]![i] = v;
    }
  }
  return h;
}
