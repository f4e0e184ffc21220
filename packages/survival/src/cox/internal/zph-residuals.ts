/**
 * Scaled Schoenfeld residuals of cox.zph (terms = FALSE), for plotting beta(t) against the
 * transformed time: for the events of stratum s and the covariates k that vary within it,
 * y = solve(vmean[k, k], r[k]) + beta[k] with vmean = I / wtmat, I the information at the fit and
 * wtmat[j, l] = sum over strata of min(used[s, j], used[s, l]), used[s, j] the number of events of
 * stratum s when covariate j varies within it (0 otherwise); other entries are null (R's NA).
 * Unstratified, this is nevent r V + beta (Grambsch & Therneau 1994).
 */
import { cholesky, choleskySolve } from '@muster/core';
import type { ZphTransform } from '../../types.ts';
import type { CoxResult } from '../fit-cox.ts';
import type { CoxData } from './cox-data.ts';
import type { CoxKernelResult } from './cox-kernel.ts';
import { zphTimeScale } from './zph.ts';

function invert(matrix: Float64Array, size: number): Float64Array | null {
  const factor = cholesky(matrix, size);
  if (!factor) return null;
  const out = new Float64Array(size * size);
  for (let j = 0; j < size; j++) {
    const e = new Float64Array(size);
    e[j] = 1;
    out.set(choleskySolve(factor, size, e), j * size);
  }
  return out;
}

export function zphScaledResiduals(
  sorted: CoxData,
  schoenfeld: NonNullable<CoxResult['residuals']>['schoenfeld'],
  schoenfeldPositions: number[],
  kernel: CoxKernelResult,
  terms: string[],
  transform: ZphTransform,
): NonNullable<CoxResult['zphResiduals']> {
  const { p, nStrata } = sorted;
  const kept: number[] = [];
  for (let j = 0; j < p; j++) if (!kernel.aliased[j]) kept.push(j);
  const q = kept.length;
  // which covariates vary within each stratum, and events per stratum
  const varies: boolean[][] = Array.from({ length: nStrata }, () => kept.map(() => false));
  const first: (number | null)[][] = Array.from({ length: nStrata }, () => kept.map(() => null));
  const events = new Float64Array(nStrata);
  for (let k = 0; k < sorted.n; k++) {
    const s = sorted.stratum[k];
    if (sorted.event[k] === 1) events[s]++;
    kept.forEach((j, a) => {
      const v = sorted.x[k * p + j];
      const seen = first[s][a];
      if (seen === null) first[s][a] = v;
      else if (seen !== v) varies[s][a] = true;
    });
  }
  const used = varies.map((row, s) => row.map((v) => (v ? events[s] : 0)));
  const variance = new Float64Array(q * q);
  kept.forEach((i, a) => {
    kept.forEach((j, b) => {
      variance[a + b * q] = kernel.variance[i + j * p];
    });
  });
  const information = invert(variance, q) ?? new Float64Array(q * q).fill(Number.NaN);
  const vmean = new Float64Array(q * q);
  for (let a = 0; a < q; a++) {
    for (let b = 0; b < q; b++) {
      let w = 0;
      for (let s = 0; s < nStrata; s++) w += Math.min(used[s][a], used[s][b]);
      vmean[a + b * q] = information[a + b * q] / (w === 0 ? 1 : w);
    }
  }
  const scale = zphTimeScale(sorted, transform);
  const y: (number | null)[][] = kept.map(() => []);
  schoenfeld.forEach((row, e) => {
    const s = sorted.stratum[schoenfeldPositions[e]];
    const k = kept.map((_, a) => a).filter((a) => used[s][a] > 0);
    const size = k.length;
    const sub = new Float64Array(size * size);
    k.forEach((a, u) => {
      k.forEach((b, v) => {
        sub[u + v * size] = vmean[a + b * q];
      });
    });
    const factor = size > 0 ? cholesky(sub, size) : null;
    const solved = factor
      ? choleskySolve(
          factor,
          size,
          Float64Array.from(k, (a) => row.values[kept[a]] as number),
        )
      : null;
    kept.forEach((j, a) => {
      const u = k.indexOf(a);
      y[a].push(solved && u >= 0 ? solved[u] + (kernel.beta[j] as number) : null);
    });
  });
  return {
    transform,
    terms: kept.map((j) => terms[j]),
    time: schoenfeld.map((row) => row.time),
    x: schoenfeldPositions.map((k) => scale[k]),
    y,
  };
}
