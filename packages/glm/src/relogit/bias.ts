/**
 * King & Zeng's (2001) small-sample bias of the logistic-regression coefficients, for the
 * unweighted likelihood (w_i = 1, as under prior correction):
 *
 *   W = diag(pi_i (1 - pi_i)),  Q = X (X'WX)^-1 X',  xi_i = 0.5 Q_ii ((1 + w1) pi_i - w1), w1 = 1,
 *   bias(beta^) = (X'WX)^-1 X'W xi                                   (eq. 11)
 *
 * so that beta~ = beta^ - bias(beta^) (eq. 12). McCullagh & Nelder's (1989, sec. 15.2) O(1/n)
 * bias of a GLM, specialised to the logit.
 *
 * Contract: `x` nrow x ncol column-major and of full column rank, `fitted` the ML fitted
 * probabilities. Returns the bias (length ncol). Throws NumericalError from the inverse when
 * X'WX is singular.
 */
import { crossprod, symmetricInverse } from '@muster/core';

export function relogitBias(
  x: Float64Array,
  nrow: number,
  ncol: number,
  fitted: Float64Array,
): Float64Array {
  const w = new Float64Array(nrow);
  for (let i = 0; i < nrow; i++) w[i] = fitted[i] * (1 - fitted[i]);
  const inverse = symmetricInverse(crossprod(x, nrow, ncol, w), ncol);
  // X'W xi, with Q_ii = x_i' (X'WX)^-1 x_i accumulated row by row.
  const score = new Float64Array(ncol);
  const xi = new Float64Array(ncol);
  for (let i = 0; i < nrow; i++) {
    for (let a = 0; a < ncol; a++) xi[a] = x[a * nrow + i];
    let q = 0;
    for (let a = 0; a < ncol; a++) {
      let s = 0;
      for (let b = 0; b < ncol; b++) s += inverse[b * ncol + a] * xi[b];
      q += xi[a] * s;
    }
    const r = w[i] * 0.5 * q * (2 * fitted[i] - 1);
    for (let a = 0; a < ncol; a++) score[a] += xi[a] * r;
  }
  const bias = new Float64Array(ncol);
  for (let a = 0; a < ncol; a++) {
    let s = 0;
    for (let b = 0; b < ncol; b++) s += inverse[b * ncol + a] * score[b];
    bias[a] = s;
  }
  return bias;
}

/**
 * Prior correction of the intercept for case-control (choice-based) sampling with a known
 * population fraction of events tau (King & Zeng 2001, eq. 7; Manski & Lerman 1977):
 * log(((1 - tau) / tau) (ybar / (1 - ybar))), subtracted from the intercept.
 */
export function priorCorrection(tau: number, ybar: number): number {
  return Math.log(((1 - tau) / tau) * (ybar / (1 - ybar)));
}
