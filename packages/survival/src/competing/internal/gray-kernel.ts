/**
 * Score and variance of Gray's (1988) K-sample test for the cumulative incidence of one cause, in
 * one stratum: the algorithm of `crst` in cmprsk's crstm.f (R. Gray), run on tabulated counts.
 *
 * Contract
 *   counts  Int32Array, length ntime * ng * 3: at the j-th distinct time (ascending) and group g,
 *           counts[(j*ng + g)*3 + m] is the number censored (m = 0), failing from the cause of
 *           interest (m = 1) and failing from another cause (m = 2).
 *   ntime, ng (>= 2), rho (power of the weight (1 - F(t-))^rho; 0 gives cmprsk's default).
 * Output: `score` (length ng - 1, groups 1..ng-1) and `variance` ((ng-1) x (ng-1), column-major),
 *   to be summed over strata; the statistic is score' variance^-1 score on ng - 1 df.
 *
 * Notation follows the paper and the Fortran: skm/skmm are the right- and left-continuous
 * Kaplan-Meier estimates of each group, f1/f1m its cumulative incidence, f the pooled cumulative
 * incidence, tr = sum_r R_r/S_r(t-) and tq = sum_r R_r (1 - F_r(t-))/S_r(t-).
 */
export function grayKernel(
  counts: Int32Array,
  ntime: number,
  ng: number,
  rho: number,
): { score: Float64Array; variance: Float64Array } {
  const ng1 = ng - 1;
  const rs = new Float64Array(ng);
  for (let j = 0; j < ntime; j++) {
    for (let g = 0; g < ng; g++) {
      const o = (j * ng + g) * 3;
      rs[g] += counts[o] + counts[o + 1] + counts[o + 2];
    }
  }
  const s = new Float64Array(ng1);
  const v = new Float64Array(ng1 * ng1); // lower triangle used: v[i*ng1 + j], j <= i
  const f1m = new Float64Array(ng);
  const f1 = new Float64Array(ng);
  const skmm = new Float64Array(ng).fill(1);
  const skm = new Float64Array(ng).fill(1);
  const v3 = new Float64Array(ng);
  const v2 = new Float64Array(ng1 * ng); // v2[i*ng + k]
  const c = new Float64Array(ng * ng); // c[i*ng + j]
  const a = new Float64Array(ng * ng);
  let fm = 0;
  let f = 0;

  for (let j = 0; j < ntime; j++) {
    const base = j * ng * 3;
    let nd1 = 0;
    let nd2 = 0;
    for (let g = 0; g < ng; g++) {
      nd1 += counts[base + g * 3 + 1];
      nd2 += counts[base + g * 3 + 2];
    }
    if (nd1 > 0 || nd2 > 0) {
      let tr = 0;
      let tq = 0;
      for (let g = 0; g < ng; g++) {
        if (rs[g] <= 0) continue;
        const td = counts[base + g * 3 + 1] + counts[base + g * 3 + 2];
        skm[g] = (skmm[g] * (rs[g] - td)) / rs[g];
        f1[g] = f1m[g] + (skmm[g] * counts[base + g * 3 + 1]) / rs[g];
        tr += rs[g] / skmm[g];
        tq += (rs[g] * (1 - f1m[g])) / skmm[g];
      }
      f = fm + nd1 / tr;
      const fb = (1 - fm) ** rho;
      for (let i = 0; i < ng; i++) {
        for (let k = i; k < ng; k++) a[i * ng + k] = 0;
        if (rs[i] <= 0) continue;
        const t1 = rs[i] / skmm[i];
        a[i * ng + i] = fb * t1 * (1 - t1 / tr);
        c[i * ng + i] += (a[i * ng + i] * nd1) / (tr * (1 - fm));
        for (let k = i + 1; k < ng; k++) {
          if (rs[k] <= 0) continue;
          a[i * ng + k] = (-fb * t1 * rs[k]) / (skmm[k] * tr);
          c[i * ng + k] += (a[i * ng + k] * nd1) / (tr * (1 - fm));
        }
      }
      for (let i = 1; i < ng; i++) {
        for (let k = 0; k < i; k++) {
          a[i * ng + k] = a[k * ng + i];
          c[i * ng + k] = c[k * ng + i];
        }
      }
      for (let i = 0; i < ng1; i++) {
        if (rs[i] <= 0) continue;
        s[i] += fb * (counts[base + i * 3 + 1] - (nd1 * rs[i] * (1 - f1m[i])) / (skmm[i] * tq));
      }
      if (nd1 > 0) {
        for (let k = 0; k < ng; k++) {
          if (rs[k] <= 0) continue;
          let t4 = 1;
          if (skm[k] > 0) t4 = 1 - (1 - f) / skm[k];
          let t5 = 1;
          if (nd1 > 1) t5 = 1 - (nd1 - 1) / (tr * skmm[k] - 1);
          const t3 = (t5 * skmm[k] * nd1) / (tr * rs[k]);
          v3[k] += t4 * t4 * t3;
          for (let i = 0; i < ng1; i++) {
            const t1 = a[i * ng + k] - t4 * c[i * ng + k];
            v2[i * ng + k] += t1 * t4 * t3;
            for (let l = 0; l <= i; l++) {
              const t2 = a[l * ng + k] - t4 * c[l * ng + k];
              v[i * ng1 + l] += t1 * t2 * t3;
            }
          }
        }
      }
      if (nd2 > 0) {
        for (let k = 0; k < ng; k++) {
          const d2 = counts[base + k * 3 + 2];
          if (skm[k] <= 0 || d2 <= 0) continue;
          const t4 = (1 - f) / skm[k];
          let t5 = 1;
          if (d2 > 1) t5 = 1 - (d2 - 1) / (rs[k] - 1);
          const t3 = (t5 * skmm[k] * skmm[k] * d2) / (rs[k] * rs[k]);
          v3[k] += t4 * t4 * t3;
          for (let i = 0; i < ng1; i++) {
            const t1 = t4 * c[i * ng + k];
            v2[i * ng + k] -= t1 * t4 * t3;
            for (let l = 0; l <= i; l++) {
              const t2 = t4 * c[l * ng + k];
              v[i * ng1 + l] += t1 * t2 * t3;
            }
          }
        }
      }
    }
    if (j === ntime - 1) break;
    for (let g = 0; g < ng; g++) {
      const o = base + g * 3;
      rs[g] -= counts[o] + counts[o + 1] + counts[o + 2];
    }
    fm = f;
    for (let g = 0; g < ng; g++) {
      f1m[g] = f1[g];
      skmm[g] = skm[g];
    }
  }
  const variance = new Float64Array(ng1 * ng1);
  for (let i = 0; i < ng1; i++) {
    for (let l = 0; l <= i; l++) {
      let total = v[i * ng1 + l];
      for (let k = 0; k < ng; k++) {
        total += c[i * ng + k] * c[l * ng + k] * v3[k];
        total += c[i * ng + k] * v2[l * ng + k];
        total += c[l * ng + k] * v2[i * ng + k];
      }
      variance[i * ng1 + l] = total;
      variance[l * ng1 + i] = total;
    }
  }
  return { score: s, variance };
}
