import { pnorm, qnorm } from '@muster/core';
import type { GlmerCoefficient } from '../types.ts';
import type { BlockSystem } from './block-system.ts';

/**
 * Covariance of beta conditional on theta from the joint system's factor (lme4's
 * sigma^2 * unsc() = (RX'RX)^-1): with beta ordered last, the trailing p x p block of L is RX'.
 */
export function rxCovariance(system: BlockSystem, p: number): number[][] {
  const m = system.m;
  const off = system.mU;
  // Linv: inverse of the trailing lower-triangular block
  const inv = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let c = 0; c < p; c++) {
    for (let i = 0; i < p; i++) {
      let v = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) v -= system.e[(off + k) * m + off + i]! * inv[k]![c]!;
      inv[i]![c] = v / system.e[(off + i) * m + off + i]!;
    }
  }
  const out = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let v = 0;
      for (let k = 0; k < p; k++) v += inv[k]![i]! * inv[k]![j]!;
      out[i]![j] = v;
    }
  }
  return out;
}

/** Invert a symmetric positive definite matrix by Cholesky; null when it is not positive definite. */
export function invertSpd(a: number[][]): number[][] | null {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let d = a[j]![j]!;
    for (let k = 0; k < j; k++) d -= l[j]![k]! ** 2;
    if (!(d > 0) || !Number.isFinite(d)) return null;
    l[j]![j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let v = a[i]![j]!;
      for (let k = 0; k < j; k++) v -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = v / l[j]![j]!;
    }
  }
  const inv = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let c = 0; c < n; c++) {
    const y = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let v = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) v -= l[i]![k]! * y[k]!;
      y[i] = v / l[i]![i]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      let v = y[i]!;
      for (let k = i + 1; k < n; k++) v -= l[k]![i]! * inv[k]![c]!;
      inv[i]![c] = v / l[i]![i]!;
    }
  }
  return inv;
}

/**
 * glmer's default fixed-effects covariance: 2 H^-1 restricted to beta, H the Hessian of the
 * deviance over (theta, beta) (vcov.merMod with use.hessian = TRUE). Null when H is not positive
 * definite.
 */
export function hessianCovariance(hessian: number[][], nTheta: number): number[][] | null {
  const inv = invertSpd(hessian);
  if (inv === null) return null;
  const p = hessian.length - nTheta;
  const out = Array.from({ length: p }, (_, i) =>
    Array.from(
      { length: p },
      (_, j) => inv[nTheta + i]![nTheta + j]! + inv[nTheta + j]![nTheta + i]!,
    ),
  );
  return out;
}

/** Wald table of the fixed effects. */
export function fixedEffectsTable(
  names: string[],
  beta: ArrayLike<number>,
  vcov: number[][],
  level: number,
): GlmerCoefficient[] {
  const z = qnorm(1 - (1 - level) / 2);
  return names.map((term, j) => {
    const estimate = beta[j]!;
    const stdError = Math.sqrt(vcov[j]![j]!);
    const statistic = estimate / stdError;
    return {
      term,
      estimate,
      stdError,
      statistic,
      pValue: 2 * pnorm(-Math.abs(statistic)),
      lower: estimate - z * stdError,
      upper: estimate + z * stdError,
    };
  });
}
