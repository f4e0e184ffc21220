/**
 * Aalen-Johansen estimate of the state probabilities for one curve of a competing-risks process
 * (everyone starts event-free in state 0 and moves, at most once, to an absorbing cause 1..K),
 * with the infinitesimal-jackknife standard errors of R survival's `survfitci.c`.
 *
 * Contract
 *   counts  Int32Array, length ntime * (K + 1): row j holds, at the j-th distinct time of this
 *           curve (ascending), counts[j*(K+1)] censored and counts[j*(K+1) + k] events of cause k.
 *           Every row has at least one observation.
 *   n       number of observations in the curve (all at risk before the first time).
 *   K       number of causes (>= 1).
 * Output (per time j): nRisk[j] (at risk just before t_j), survival[j] = P(state 0 at t_j),
 *   survivalStdErr[j], cif[j*K + k-1] = P(cause k by t_j), cifStdErr[j*K + k-1].
 *
 * Method. At a time with n at risk and d_k events of cause k (d = sum d_k) the transition matrix
 * H has H[0][0] = 1 - d/n, H[0][k] = d_k/n, and p <- p H. survfitci.c keeps, for every subject i,
 * an influence vector U_i (one entry per state) updated as U_i <- U_i H, then, for subjects at
 * risk, U_i[s] -= H[0][s] p0/n and U_i[new state] += p0/n; the variance of p_s is sum_i U_i[s]^2.
 * That is O(n) work per event time. Here the same sums are kept exactly in O(K) per time:
 * every subject still at risk shares one vector `a`; subjects who have left contribute only
 * through the running sums E00 = sum u0^2, E0k = sum u0 uk and Ekk = sum uk^2, which the linear
 * map U <- U H carries forward as E00 <- r^2 E00, E0k <- r (E0k + c_k E00) and
 * Ekk <- Ekk + 2 c_k E0k + c_k^2 E00 (r = 1 - d/n, c_k = d_k/n). Ties are handled exactly: all
 * d events at a time enter one H.
 */
export interface AalenJohansenCurve {
  nRisk: Int32Array;
  survival: Float64Array;
  survivalStdErr: Float64Array;
  cif: Float64Array;
  cifStdErr: Float64Array;
}

export function aalenJohansenKernel(
  counts: Int32Array,
  ntime: number,
  n: number,
  K: number,
): AalenJohansenCurve {
  const width = K + 1;
  const nRisk = new Int32Array(ntime);
  const survival = new Float64Array(ntime);
  const survivalStdErr = new Float64Array(ntime);
  const cif = new Float64Array(ntime * K);
  const cifStdErr = new Float64Array(ntime * K);

  const F = new Float64Array(K + 1); // F[k], k >= 1: cumulative incidence of cause k
  const a = new Float64Array(K + 1); // shared influence vector of the subjects at risk
  const e0k = new Float64Array(K + 1);
  const ekk = new Float64Array(K + 1);
  const ck = new Float64Array(K + 1);
  let e00 = 0;
  let S = 1;
  let atRisk = n;

  for (let j = 0; j < ntime; j++) {
    const row = j * width;
    const censored = counts[row];
    let d = 0;
    for (let k = 1; k <= K; k++) d += counts[row + k];
    nRisk[j] = atRisk;

    if (d > 0) {
      const r = 1 - d / atRisk;
      for (let k = 1; k <= K; k++) ck[k] = counts[row + k] / atRisk;
      // Carry the sums of the subjects who already left through U <- U H.
      for (let k = 1; k <= K; k++) {
        ekk[k] += 2 * ck[k] * e0k[k] + ck[k] * ck[k] * e00;
        e0k[k] = r * (e0k[k] + ck[k] * e00);
      }
      e00 *= r * r;
      // Subjects at risk: U <- U H, then the dH term with dstate = 0.
      const h = S / atRisk;
      const a0 = a[0];
      for (let k = 1; k <= K; k++) a[k] += a0 * ck[k] - ck[k] * h;
      a[0] = a0 * r + (1 - r) * h;
      // Censored at this time keep the at-risk vector.
      if (censored > 0) {
        e00 += censored * a[0] * a[0];
        for (let k = 1; k <= K; k++) {
          e0k[k] += censored * a[0] * a[k];
          ekk[k] += censored * a[k] * a[k];
        }
      }
      // Events of cause k: dstate = k, so u0 loses h and uk gains h.
      const u0 = a[0] - h;
      for (let k = 1; k <= K; k++) {
        const m = counts[row + k];
        if (m === 0) continue;
        e00 += m * u0 * u0;
        for (let l = 1; l <= K; l++) {
          const ul = l === k ? a[l] + h : a[l];
          e0k[l] += m * u0 * ul;
          ekk[l] += m * ul * ul;
        }
      }
      for (let k = 1; k <= K; k++) F[k] += S * ck[k];
      S *= r;
    } else if (censored > 0) {
      e00 += censored * a[0] * a[0];
      for (let k = 1; k <= K; k++) {
        e0k[k] += censored * a[0] * a[k];
        ekk[k] += censored * a[k] * a[k];
      }
    }

    const remaining = atRisk - d - censored;
    survival[j] = S;
    survivalStdErr[j] = Math.sqrt(Math.max(0, remaining * a[0] * a[0] + e00));
    for (let k = 1; k <= K; k++) {
      cif[j * K + k - 1] = F[k];
      cifStdErr[j * K + k - 1] = Math.sqrt(Math.max(0, remaining * a[k] * a[k] + ekk[k]));
    }
    atRisk = remaining;
  }
  return { nRisk, survival, survivalStdErr, cif, cifStdErr };
}
