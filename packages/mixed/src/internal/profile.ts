import { qchisq } from '@muster/core';
import type { GlmerProfileInterval } from '../types.ts';
import type { Objective } from './objective.ts';

/**
 * Profile-likelihood interval for the standard deviation sigma = theta of a single scalar
 * random effect: the roots of D(sigma) - D(sigma_hat) = qchisq(level, 1), D(sigma) the deviance
 * minimised over beta at fixed sigma. Roots by the Illinois method to 1e-6 relative; the lower
 * limit is 0 when D(0) is within the cut-off. The inner minimisation over beta is a
 * preconditioned gradient descent with central-difference gradients and `newtonInverse`, the
 * inverse of the beta-beta block of the deviance Hessian at the optimum, as the preconditioner
 * (a fixed-Hessian Newton method), with step halving. (lme4's confint(method = "profile") interpolates
 * its profile with splines; the exact roots differ from it by about 1e-4.)
 */
export function profileInterval(
  objective: Objective,
  optimum: { theta: number[]; beta: number[]; value: number },
  newtonInverse: number[][],
  pooledDeviance: number,
  level: number,
  names: { group: string; term: string },
): GlmerProfileInterval {
  const cutoff = qchisq(level, 1);
  let beta = optimum.beta.slice();
  const profiled = (sigma: number) => {
    const r = minimiseBeta((b) => objective.stage2([sigma, ...b]), beta, newtonInverse);
    beta = r.x;
    return r.value - optimum.value - cutoff;
  };
  const sigmaHat = optimum.theta[0]!;
  let lower = 0;
  let lowerAtBoundary = true;
  if (sigmaHat > 0) {
    // at sd = 0 the model is the pooled glm
    const atZero = pooledDeviance - optimum.value - cutoff;
    if (atZero > 0) {
      lower = illinois(profiled, 0, atZero, sigmaHat, -cutoff);
      lowerAtBoundary = false;
    }
  }
  beta = optimum.beta.slice();
  let hi = Math.max(2 * sigmaHat, 0.5);
  let fHi = profiled(hi);
  let lo = sigmaHat;
  let fLo = -cutoff;
  for (let k = 0; k < 30 && fHi < 0; k++) {
    lo = hi;
    fLo = fHi;
    hi *= 2;
    fHi = profiled(hi);
  }
  const upper = fHi < 0 ? Number.POSITIVE_INFINITY : illinois(profiled, lo, fLo, hi, fHi);
  return {
    ...names,
    lower,
    upper,
    confLevel: level,
    lowerAtBoundary,
    method: 'profile likelihood (exact roots)',
  };
}

/** Root of f between a and b (f(a), f(b) of opposite signs) by the Illinois variant of regula falsi. */
function illinois(f: (x: number) => number, a: number, fa: number, b: number, fb: number): number {
  let side = 0;
  for (let k = 0; k < 100; k++) {
    const c = (a * fb - b * fa) / (fb - fa);
    const fc = f(c);
    if (Math.abs(b - a) < 1e-7 * Math.max(1, Math.abs(c)) || Math.abs(fc) < 1e-6) return c;
    if (fc * fb > 0) {
      b = c;
      fb = fc;
      if (side === -1) fa /= 2;
      side = -1;
    } else {
      a = c;
      fa = fc;
      if (side === 1) fb /= 2;
      side = 1;
    }
    if (Math.abs(b - a) < 1e-7 * Math.max(1, Math.abs(c))) return c;
  }
  return (a + b) / 2;
}

/**
 * Quasi-Newton (BFGS) minimisation of f over beta, started with `inverse` as the inverse Hessian,
 * gradients by central differences, backtracking line search.
 */
function minimiseBeta(
  f: (b: number[]) => number,
  start: number[],
  inverse: number[][],
): { x: number[]; value: number } {
  const p = start.length;
  let h = inverse.map((row) => row.slice());
  let x = start.slice();
  let fx = f(x);
  const gradient = (at: number[]) =>
    at.map((v, j) => {
      const d = 1e-3 * Math.max(Math.sqrt(inverse[j]![j]!), 1e-3);
      const up = at.slice();
      const down = at.slice();
      up[j] = v + d;
      down[j] = v - d;
      return (f(up) - f(down)) / (2 * d);
    });
  let g = gradient(x);
  for (let iteration = 0; iteration < 30; iteration++) {
    const step = h.map((row) => -row.reduce((s, a, k) => s + a * g[k]!, 0));
    let t = 1;
    let next = x.map((v, j) => v + t * step[j]!);
    let fn = f(next);
    for (let k = 0; k < 20 && !(fn <= fx); k++) {
      t /= 2;
      next = x.map((v, j) => v + t * step[j]!);
      fn = f(next);
    }
    if (!(fn <= fx)) break;
    const change = fx - fn;
    const gn = gradient(next);
    const sv = next.map((v, j) => v - x[j]!);
    const yv = gn.map((v, j) => v - g[j]!);
    x = next;
    fx = fn;
    g = gn;
    if (change < 1e-8) break;
    const sy = sv.reduce((a, v, j) => a + v * yv[j]!, 0);
    if (sy > 1e-14) h = bfgsUpdate(h, sv, yv, sy, p);
  }
  return { x, value: fx };
}

/** H+ = (I - rho s y') H (I - rho y s') + rho s s', rho = 1 / (y's). */
function bfgsUpdate(h: number[][], s: number[], y: number[], sy: number, p: number): number[][] {
  const rho = 1 / sy;
  const hy = h.map((row) => row.reduce((a, v, k) => a + v * y[k]!, 0));
  const yhy = y.reduce((a, v, k) => a + v * hy[k]!, 0);
  return Array.from({ length: p }, (_, i) =>
    Array.from(
      { length: p },
      (_, j) =>
        h[i]![j]! -
        rho * (hy[i]! * s[j]! + s[i]! * hy[j]!) +
        (rho * rho * yhy + rho) * s[i]! * s[j]!,
    ),
  );
}
