/**
 * Fine-Gray subdistribution hazards regression: the objective, score, information, robust
 * variance and baseline jumps of `cmprsk::crr` (crr.f, R. Gray), computed in O(n p^2) per
 * evaluation instead of crr's O(n^2) (and O(n^3) for the variance).
 *
 * Contract (shared by every function here)
 *   Observations are sorted by time, ascending (ties in any order).
 *   time    Float64Array(n)
 *   status  Int8Array(n): 1 = failure from the cause of interest, 2 = another cause, 0 = censored
 *   x       Float64Array(n * p), column-major covariates
 *   gm      Float64Array(n): G(T_i-), the Kaplan-Meier estimate of the censoring distribution
 *           just before each subject's time (crr's `uuu`), of the subject's censoring group
 *   group   Int32Array(n): censoring group 0..ncg-1 (crr's `cengroup`; all 0 by default), each
 *           with its own G; failG holds every group's G at every failure time
 *   b       Float64Array(p) coefficients
 *
 * The risk set at a failure time t holds everyone with T_i >= t (weight 1) and everyone who
 * failed from another cause before t, with weight G(t-)/G(T_i-). With e_i = exp(b'x_i), every
 * weighted sum over that set splits into a suffix sum over T_i >= t and G(t-) times a prefix sum
 * of e_i/G(T_i-) over earlier other-cause failures, so one pass each way gives all of them.
 * The robust variance (Fine & Gray 1999, section 3; crrvv) is I^-1 (sum_i (eta_i + psi_i)^2) I^-1:
 * eta_i is subject i's score residual, psi_i the correction for estimating G. Both reduce to
 * cumulative sums over the failure times (derivation in docs/competing-risks.md).
 */

export interface FineGrayData {
  n: number;
  p: number;
  time: Float64Array;
  status: Int8Array;
  x: Float64Array;
  gm: Float64Array;
  /** Distinct failure times (status 1), ascending. */
  failTimes: Float64Array;
  /** Failures (status 1) at each distinct failure time. */
  failCount: Float64Array;
  /** First sorted index with time >= failTimes[k]. */
  failStart: Int32Array;
  /** G_g(t_k-) of each censoring group g at each distinct failure time k, at g * nf + k. */
  failG: Float64Array;
  /** Censoring group of each observation, 0..ncg-1. */
  group: Int32Array;
  /** Number of censoring groups. */
  ncg: number;
}

/**
 * Group the sorted data by distinct failure times. `gmAll` (optional, with `group`) holds every
 * censoring group's G(T_i-) at every time, at g * n + i; without it there is one group and `gm`
 * is its curve.
 */
export function fineGrayData(
  time: Float64Array,
  status: Int8Array,
  x: Float64Array,
  p: number,
  gm: Float64Array,
  groups?: { group: Int32Array; ncg: number; gmAll: Float64Array },
): FineGrayData {
  const n = time.length;
  const ncg = groups?.ncg ?? 1;
  const group = groups?.group ?? new Int32Array(n);
  const gmAll = groups?.gmAll ?? gm;
  const times: number[] = [];
  const count: number[] = [];
  const start: number[] = [];
  let i = 0;
  while (i < n) {
    let j = i;
    let d = 0;
    while (j < n && time[j] === time[i]) {
      if (status[j] === 1) d++;
      j++;
    }
    if (d > 0) {
      times.push(time[i]);
      count.push(d);
      start.push(i);
    }
    i = j;
  }
  const nf = start.length;
  const failG = new Float64Array(ncg * nf);
  for (let g = 0; g < ncg; g++) {
    for (let k = 0; k < nf; k++) failG[g * nf + k] = gmAll[g * n + start[k]];
  }
  return {
    n,
    p,
    time,
    status,
    x,
    gm: groups ? Float64Array.from(group, (g, k) => gmAll[g * n + k]) : gm,
    failTimes: Float64Array.from(times),
    failCount: Float64Array.from(count),
    failStart: Int32Array.from(start),
    failG,
    group,
    ncg,
  };
}

function linearPredictor(data: FineGrayData, b: Float64Array): Float64Array {
  const { n, p, x } = data;
  const eta = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    const bj = b[j];
    if (bj === 0) continue;
    const col = j * n;
    for (let i = 0; i < n; i++) eta[i] += bj * x[col + i];
  }
  return eta;
}

/** Weighted risk-set sums S0 at every distinct failure time (length nf). */
function riskSums0(data: FineGrayData, e: Float64Array): Float64Array {
  const { n, status, gm, failStart, failG, group, ncg } = data;
  const nf = failStart.length;
  const s0 = new Float64Array(nf);
  // Suffix sums over T_i >= t_k.
  let suffix = 0;
  let i = n - 1;
  for (let k = nf - 1; k >= 0; k--) {
    for (; i >= failStart[k]; i--) suffix += e[i];
    s0[k] = suffix;
  }
  // Prefix sums of e_i / G(T_i-) over other-cause failures before t_k, per censoring group.
  const prefix = new Float64Array(ncg);
  i = 0;
  for (let k = 0; k < nf; k++) {
    for (; i < failStart[k]; i++) if (status[i] === 2) prefix[group[i]] += e[i] / gm[i];
    for (let g = 0; g < ncg; g++) s0[k] += failG[g * nf + k] * prefix[g];
  }
  return s0;
}

/** crr's objective: the log pseudo-likelihood (crr minimises its negative). NaN on overflow. */
export function fineGrayLogLik(data: FineGrayData, b: Float64Array): number {
  const eta = linearPredictor(data, b);
  const e = new Float64Array(data.n);
  let total = 0;
  for (let i = 0; i < data.n; i++) {
    e[i] = Math.exp(eta[i]);
    if (data.status[i] === 1) total += eta[i];
  }
  const s0 = riskSums0(data, e);
  for (let k = 0; k < s0.length; k++) total -= data.failCount[k] * Math.log(s0[k]);
  return Number.isFinite(total) ? total : Number.NaN;
}

export interface FineGrayDerivatives {
  logLik: number;
  /** Score vector U (gradient of the log pseudo-likelihood). */
  score: Float64Array;
  /** Information matrix (minus the Hessian), p x p column-major. */
  information: Float64Array;
  /** Risk-set sums at each distinct failure time. */
  s0: Float64Array;
  /** Weighted covariate means at each failure time, nf x p (row k at k*p). */
  xbar: Float64Array;
  e: Float64Array;
}

/** Log pseudo-likelihood, score and information at b (crrfsv). */
export function fineGrayDerivatives(data: FineGrayData, b: Float64Array): FineGrayDerivatives {
  const { n, p, x, status, gm, failStart, failG, failCount, group, ncg } = data;
  const nf = failStart.length;
  const pp = p * p;
  const eta = linearPredictor(data, b);
  const e = new Float64Array(n);
  let logLik = 0;
  const score = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    e[i] = Math.exp(eta[i]);
    if (status[i] === 1) {
      logLik += eta[i];
      for (let j = 0; j < p; j++) score[j] += x[j * n + i];
    }
  }
  // S0, S1, S2 at each failure time: suffix part then prefix part.
  const s0 = new Float64Array(nf);
  const s1 = new Float64Array(nf * p);
  const s2 = new Float64Array(nf * pp);
  const acc1 = new Float64Array(p);
  const acc2 = new Float64Array(pp);
  const xi = new Float64Array(p);
  let acc0 = 0;
  let i = n - 1;
  for (let k = nf - 1; k >= 0; k--) {
    for (; i >= failStart[k]; i--) {
      const w = e[i];
      acc0 += w;
      for (let j = 0; j < p; j++) xi[j] = x[j * n + i];
      for (let j = 0; j < p; j++) {
        const wx = w * xi[j];
        acc1[j] += wx;
        for (let l = 0; l <= j; l++) acc2[j * p + l] += wx * xi[l];
      }
    }
    s0[k] = acc0;
    s1.set(acc1, k * p);
    s2.set(acc2, k * pp);
  }
  // Prefix sums over earlier other-cause failures, one set per censoring group.
  const gAcc0 = new Float64Array(ncg);
  const gAcc1 = new Float64Array(ncg * p);
  const gAcc2 = new Float64Array(ncg * pp);
  i = 0;
  for (let k = 0; k < nf; k++) {
    for (; i < failStart[k]; i++) {
      if (status[i] !== 2) continue;
      const w = e[i] / gm[i];
      const c = group[i];
      gAcc0[c] += w;
      for (let j = 0; j < p; j++) xi[j] = x[j * n + i];
      for (let j = 0; j < p; j++) {
        const wx = w * xi[j];
        gAcc1[c * p + j] += wx;
        for (let l = 0; l <= j; l++) gAcc2[c * pp + j * p + l] += wx * xi[l];
      }
    }
    for (let c = 0; c < ncg; c++) {
      const g = failG[c * nf + k];
      s0[k] += g * gAcc0[c];
      for (let j = 0; j < p; j++) s1[k * p + j] += g * gAcc1[c * p + j];
      for (let j = 0; j < pp; j++) s2[k * pp + j] += g * gAcc2[c * pp + j];
    }
  }

  const information = new Float64Array(pp);
  const xbar = new Float64Array(nf * p);
  for (let k = 0; k < nf; k++) {
    const d = failCount[k];
    const z0 = s0[k];
    logLik -= d * Math.log(z0);
    for (let j = 0; j < p; j++) {
      const m = s1[k * p + j] / z0;
      xbar[k * p + j] = m;
      score[j] -= d * m;
    }
    for (let j = 0; j < p; j++) {
      for (let l = 0; l <= j; l++) {
        information[j * p + l] +=
          d * (s2[k * pp + j * p + l] / z0 - xbar[k * p + j] * xbar[k * p + l]);
      }
    }
  }
  for (let j = 0; j < p; j++) {
    for (let l = 0; l < j; l++) information[l * p + j] = information[j * p + l];
  }
  return {
    logLik: Number.isFinite(logLik) ? logLik : Number.NaN,
    score,
    information,
    s0,
    xbar,
    e,
  };
}

/**
 * Middle of crr's sandwich: sum_i (eta_i + psi_i)(eta_i + psi_i)', p x p column-major, at the
 * derivatives `dv` of the final coefficients (crrvv).
 */
export function fineGrayMeat(data: FineGrayData, dv: FineGrayDerivatives): Float64Array {
  const { n, p, x, status, gm, time, failTimes, group, ncg } = data;
  const nf = failTimes.length;
  const { xbar, e } = dv;
  const sums = cumulativeFailureSums(data, dv);
  const { cumA, cumB, cumAg, cumBg, totalAg, totalBg, cumAq, cumBq, totalAq, totalBq } = sums;
  const meat = new Float64Array(p * p);
  const r = new Float64Array(p);
  const ss2 = new Float64Array(ncg * p);
  const qu = new Float64Array(ncg * p);
  const c1 = new Float64Array(ncg * p);
  const c0 = new Float64Array(ncg);
  const atRisk = new Float64Array(ncg);
  for (let i = 0; i < n; i++) atRisk[group[i]]++;
  const censoredAt = new Float64Array(ncg);
  let kNext = 0; // number of failure times < current time
  let i = 0;
  while (i < n) {
    const t = time[i];
    let end = i;
    censoredAt.fill(0);
    while (end < n && time[end] === t) {
      if (status[end] === 0) censoredAt[group[end]]++;
      end++;
    }
    while (kNext < nf && failTimes[kNext] < t) kNext++;
    // Failure times <= t: kNext, plus one if t itself is a failure time.
    const kk = kNext < nf && failTimes[kNext] === t ? kNext : kNext - 1;
    // q_g(t) = C1_g (Aq_g tot - Aq_g(<t)) - C0_g (Bq_g tot - Bq_g(<t)), C_g over the group's
    // other-cause failures < t, Aq and Bq over the group's own failures of the cause: the
    // change of the score when group g's censoring hazard at t moves, as cmprsk 2.2-11's crrvv
    // (qu(k, icg(j1)) sums failures j1 and other-cause failures j2 of one group).
    for (let g = 0; g < ncg; g++) {
      if (censoredAt[g] === 0) continue;
      const aqBefore = kNext > 0 ? cumAq[g * nf + kNext - 1] : 0;
      for (let j = 0; j < p; j++) {
        const bqBefore = kNext > 0 ? cumBq[(g * nf + kNext - 1) * p + j] : 0;
        const q = c1[g * p + j] * (totalAq[g] - aqBefore) - c0[g] * (totalBq[g * p + j] - bqBefore);
        qu[g * p + j] = q;
        ss2[g * p + j] -= (censoredAt[g] * q) / atRisk[g] ** 2;
      }
    }
    for (let m = i; m < end; m++) {
      const s = status[m];
      const em = e[m];
      const g = group[m];
      const aUpTo = kk >= 0 ? cumA[kk] : 0;
      for (let j = 0; j < p; j++) {
        const xj = x[j * n + m];
        const bUpTo = kk >= 0 ? cumB[kk * p + j] : 0;
        let v = -em * (xj * aUpTo - bUpTo);
        if (s === 1) v += xj - xbar[kk * p + j];
        else if (s === 2) {
          const agUpTo = kk >= 0 ? cumAg[g * nf + kk] : 0;
          const bgUpTo = kk >= 0 ? cumBg[(g * nf + kk) * p + j] : 0;
          v -= (em / gm[m]) * (xj * (totalAg[g] - agUpTo) - (totalBg[g * p + j] - bgUpTo));
        }
        v += ss2[g * p + j];
        if (s === 0) v += qu[g * p + j] / atRisk[g];
        r[j] = v;
      }
      for (let j = 0; j < p; j++) {
        for (let l = 0; l <= j; l++) meat[j * p + l] += r[j] * r[l];
      }
    }
    // Other-cause failures at t join their group's prefix sums for later times.
    for (let m = i; m < end; m++) {
      atRisk[group[m]]--;
      if (status[m] !== 2) continue;
      const w = e[m] / gm[m];
      c0[group[m]] += w;
      for (let j = 0; j < p; j++) c1[group[m] * p + j] += w * x[j * n + m];
    }
    i = end;
  }
  for (let j = 0; j < p; j++) {
    for (let l = 0; l < j; l++) meat[l * p + j] = meat[j * p + l];
  }
  return meat;
}

/**
 * Cumulative (inclusive) sums over the failure times for the sandwich: A = sum d/S0,
 * B = sum d xbar/S0, per censoring group A'_g = sum d G_g/S0, B'_g = sum d G_g xbar/S0, and the
 * same with d_g, the group's own failures, Aq_g and Bq_g (for q); with their totals.
 */
function cumulativeFailureSums(data: FineGrayData, dv: FineGrayDerivatives) {
  const { n, p, time, status, group, failTimes, failCount, failG, ncg } = data;
  const nf = failTimes.length;
  const { s0, xbar } = dv;
  const countByGroup = new Float64Array(ncg * nf);
  for (let i = 0, k = 0; i < n; i++) {
    if (status[i] !== 1) continue;
    while (failTimes[k] < time[i]) k++;
    countByGroup[group[i] * nf + k]++;
  }
  const cumAq = new Float64Array(ncg * nf);
  const cumBq = new Float64Array(ncg * nf * p);
  const totalAq = new Float64Array(ncg);
  const totalBq = new Float64Array(ncg * p);
  const cumA = new Float64Array(nf);
  const cumB = new Float64Array(nf * p);
  const cumAg = new Float64Array(ncg * nf);
  const cumBg = new Float64Array(ncg * nf * p);
  const totalAg = new Float64Array(ncg);
  const totalBg = new Float64Array(ncg * p);
  let a = 0;
  const bAcc = new Float64Array(p);
  for (let k = 0; k < nf; k++) {
    const inc = failCount[k] / s0[k];
    a += inc;
    cumA[k] = a;
    for (let j = 0; j < p; j++) {
      bAcc[j] += inc * xbar[k * p + j];
      cumB[k * p + j] = bAcc[j];
    }
    for (let g = 0; g < ncg; g++) {
      const w = inc * failG[g * nf + k];
      const wq = (countByGroup[g * nf + k] / s0[k]) * failG[g * nf + k];
      totalAg[g] += w;
      totalAq[g] += wq;
      cumAg[g * nf + k] = totalAg[g];
      cumAq[g * nf + k] = totalAq[g];
      for (let j = 0; j < p; j++) {
        totalBg[g * p + j] += w * xbar[k * p + j];
        totalBq[g * p + j] += wq * xbar[k * p + j];
        cumBg[(g * nf + k) * p + j] = totalBg[g * p + j];
        cumBq[(g * nf + k) * p + j] = totalBq[g * p + j];
      }
    }
  }
  return { cumA, cumB, cumAg, cumBg, totalAg, totalBg, cumAq, cumBq, totalAq, totalBq };
}

/** Jumps of the baseline cumulative subdistribution hazard at each failure time (crrfit). */
export function fineGrayBaselineJumps(data: FineGrayData, b: Float64Array): Float64Array {
  const eta = linearPredictor(data, b);
  const e = new Float64Array(data.n);
  for (let i = 0; i < data.n; i++) e[i] = Math.exp(eta[i]);
  const s0 = riskSums0(data, e);
  const jumps = new Float64Array(s0.length);
  for (let k = 0; k < s0.length; k++) jumps[k] = data.failCount[k] / s0[k];
  return jumps;
}

/**
 * G(T_i * (1 - 100 eps)) for each sorted subject: the Kaplan-Meier estimate of the censoring
 * distribution (censored = "event") evaluated as crr evaluates it, through approx(method =
 * "constant", rule = 2) at a time just below T_i, on the survfit curve whose times went through
 * aeqSurv (`kmTime`, same order as `time`). Both are sorted ascending.
 */
export function censoringSurvivalBefore(
  time: Float64Array,
  kmTime: Float64Array,
  status: Int8Array,
): Float64Array {
  return evaluateBefore(censoringKnots(kmTime, status), time);
}

/**
 * crr's `uuu` with `cengroup`: for each censoring group g, the Kaplan-Meier of censoring among
 * the group's subjects (their times through aeqSurv, as survfit on the subset), evaluated just
 * below every subject's time as {@link censoringSurvivalBefore}; at g * n + i.
 */
export function censoringSurvivalByGroup(
  time: Float64Array,
  status: Int8Array,
  group: Int32Array,
  ncg: number,
  fixTimes: (t: Float64Array) => Float64Array,
): Float64Array {
  const n = time.length;
  const out = new Float64Array(ncg * n);
  for (let g = 0; g < ncg; g++) {
    const members: number[] = [];
    for (let i = 0; i < n; i++) if (group[i] === g) members.push(i);
    const groupTime = Float64Array.from(members, (i) => time[i]);
    const knots = censoringKnots(
      fixTimes(groupTime),
      Int8Array.from(members, (i) => status[i]),
    );
    out.set(evaluateBefore(knots, time), g * n);
  }
  return out;
}

/** Kaplan-Meier of censoring (censored = "event") on the ascending `kmTime`: knots and values. */
function censoringKnots(
  kmTime: Float64Array,
  status: Int8Array,
): { knots: number[]; values: number[] } {
  const n = kmTime.length;
  const knots: number[] = [];
  const values: number[] = [];
  let surv = 1;
  let idx = 0;
  while (idx < n) {
    const t = kmTime[idx];
    let end = idx;
    let c = 0;
    while (end < n && kmTime[end] === t) {
      if (status[end] === 0) c++;
      end++;
    }
    surv *= 1 - c / (n - idx);
    knots.push(t);
    values.push(surv);
    idx = end;
  }
  return { knots, values };
}

/** crr's approx(c(min(0, t) - 10 eps, t, max(t) (1 + 10 eps)), c(1, surv, 0), xout = T (1 - 100 eps), "constant", rule = 2). */
function evaluateBefore(
  curve: { knots: number[]; values: number[] },
  time: Float64Array,
): Float64Array {
  const { knots, values } = curve;
  const eps = 2.220446049250313e-16;
  const first = Math.min(0, knots[0]) - 10 * eps;
  const last = knots[knots.length - 1] * (1 + 10 * eps);
  const gm = new Float64Array(time.length);
  for (let i = 0; i < time.length; i++) {
    const xout = time[i] * (1 - 100 * eps);
    if (xout < first || xout < knots[0]) {
      gm[i] = 1;
      continue;
    }
    if (xout >= last) {
      gm[i] = 0;
      continue;
    }
    // Largest knot <= xout.
    let lo = 0;
    let hi = knots.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (knots[mid] <= xout) lo = mid;
      else hi = mid - 1;
    }
    gm[i] = values[lo];
  }
  return gm;
}
