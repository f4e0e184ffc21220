/**
 * A certificate that binomial data overlap (no complete or quasi-complete separation), read from
 * a converged maximum-likelihood fit, so that fitGlm can skip the linear program (and loading
 * its WebAssembly solver) on the many fits where separation is plainly absent.
 *
 * Why it is exact. With a_i = s_i x_i (s_i = +1 for a success, -1 for a failure), the data are
 * separated iff some b != 0 has a_i' b >= 0 for every row (Albert & Anderson 1984; Konis 2007, the
 * LP of ../detect-separation.ts). By Stiemke's lemma (the strict form of Farkas's), exactly one
 * of these holds: such a b exists, or there are weights v_i > 0 with sum_i v_i a_i = 0. At the
 * maximum-likelihood estimate of a logit the score equations say sum_i w_i (y_i - mu_i) x_i = 0,
 * and w_i (y_i - mu_i) = s_i v_i with v_i = w_i |y_i - mu_i| > 0: the fit hands us the weights.
 * The fit stops at a tolerance, so the candidate c_i = w_i (y_i - mu_i) is projected onto the
 * null space of X' (the least-squares residual of c on X, by a Householder QR); when every
 * projected s_i c_i of a 0/1 row exceeds 1e-6 max |c| (far above the rounding error of the
 * projection), the projected vector is a Stiemke certificate and the data overlap. A proportion
 * strictly between 0 and 1 is one success and one failure row, so its c_i may have either sign.
 * Under separation no such vector exists, so the certificate fails and the LP runs, as it does
 * whenever the fit is near a boundary (fitted probabilities within 1e-6 of 0 or 1 relative to
 * the largest residual). For links other than the logit the score carries positive factors
 * dmu/deta / V(mu), so c is no longer the exact null vector; the projection usually still leaves
 * every sign in place, and otherwise the LP runs.
 *
 * References: Albert A, Anderson JA (1984), Biometrika 71, 1-10; Stiemke E (1915), Math. Ann.
 * 76, 340-342; Konis K (2007), DPhil thesis, Oxford.
 */
import { qrDecompose, qrQty, qrQy } from '@muster/core';

/** Smallest admissible s_i c_i of a 0/1 row, relative to max |c_i|. */
const MARGIN = 1e-6;

/**
 * Contract: `x` is the nrow x ncol design (column-major), `y` the response (0/1 or proportions),
 * `weights` the prior weights (rows with weight 0 are not part of the data) and `fitted` the
 * fitted probabilities of a converged maximum-likelihood fit. Returns true only when the data
 * provably overlap; false means "not shown" (the caller then runs the exact LP).
 */
export function overlapCertified(
  x: Float64Array,
  nrow: number,
  ncol: number,
  y: Float64Array,
  weights: Float64Array,
  fitted: Float64Array,
): boolean {
  const rows: number[] = [];
  for (let i = 0; i < nrow; i++) if (weights[i] > 0) rows.push(i);
  const m = rows.length;
  if (m <= ncol) return false;
  const sub = new Float64Array(m * ncol);
  for (let j = 0; j < ncol; j++) {
    for (let r = 0; r < m; r++) sub[j * m + r] = x[j * nrow + rows[r]];
  }
  const candidate = new Float64Array(m);
  let largest = 0;
  for (let r = 0; r < m; r++) {
    const i = rows[r];
    const value = weights[i] * (y[i] - fitted[i]);
    if (!Number.isFinite(value)) return false;
    candidate[r] = value;
    largest = Math.max(largest, Math.abs(value));
  }
  if (!(largest > 0)) return false;
  // The least-squares residual of the candidate on X: Q' c with the effects of X's columns zeroed.
  const qr = qrDecompose(sub, m, ncol, 1e-7);
  const effects = qrQty(qr, candidate);
  effects.fill(0, 0, qr.rank);
  const projected = qrQy(qr, effects);
  const floor = MARGIN * largest;
  for (let r = 0; r < m; r++) {
    const response = y[rows[r]];
    if (response >= 1 && !(projected[r] > floor)) return false;
    if (response <= 0 && !(-projected[r] > floor)) return false;
  }
  return true;
}
