/**
 * The error distributions of survreg's location-scale models on log time: extreme value
 * (Weibull, exponential), logistic (log-logistic) and Gaussian (log-normal). The functions mirror
 * survregc1.c (`exvalue_d`, `logistic_d`, `gauss_d`) and the R-level `survreg.distributions`
 * (`init`, `density`, `quantile`), which survreg.fit uses for starting values.
 */
import { dnorm, pnorm, qnorm } from '@muster/core';
import type { AftDistribution } from '../../types.ts';

export type BaseDistribution = 'extreme' | 'logistic' | 'gaussian';

export const baseOf: Record<AftDistribution, BaseDistribution> = {
  weibull: 'extreme',
  exponential: 'extreme',
  lognormal: 'gaussian',
  loglogistic: 'logistic',
};

const SMALL = -200;
const SPI = 2.506628274631001;

/**
 * Case 1 (exact observation): out[1] = f(z), out[2] = f'(z)/f(z), out[3] = f''(z)/f(z).
 * Case 2 (censored): out[0] = F(z), out[1] = 1 - F(z), out[2] = f(z), out[3] = f'(z).
 */
export function densityTerms(
  base: BaseDistribution,
  z: number,
  exact: boolean,
  out: Float64Array,
): void {
  if (base === 'extreme') {
    const w = z < SMALL ? Math.exp(SMALL) : -z < SMALL ? Math.exp(-SMALL) : Math.exp(z);
    const temp = Math.exp(-w);
    if (exact) {
      out[1] = w * temp;
      out[2] = 1 - w;
      out[3] = w * (w - 3) + 1;
    } else {
      out[0] = 1 - temp;
      out[1] = temp;
      out[2] = w * temp;
      out[3] = w * temp * (1 - w);
    }
    return;
  }
  if (base === 'logistic') {
    let w: number;
    let sign: number;
    let ii: number;
    if (z > 0) {
      w = Math.exp(-z);
      sign = -1;
      ii = 0;
    } else {
      w = Math.exp(z);
      sign = 1;
      ii = 1;
    }
    const temp = 1 + w;
    if (exact) {
      out[1] = w / (temp * temp);
      out[2] = (sign * (1 - w)) / temp;
      out[3] = (w * w - 4 * w + 1) / (temp * temp);
    } else {
      out[1 - ii] = w / temp;
      out[ii] = 1 / temp;
      out[2] = w / (temp * temp);
      out[3] = (sign * out[2] * (1 - w)) / temp;
    }
    return;
  }
  const f = Math.exp((-z * z) / 2) / SPI;
  if (exact) {
    out[1] = f;
    out[2] = -z;
    out[3] = z * z - 1;
  } else {
    out[0] = pnorm(z);
    out[1] = pnorm(-z);
    out[2] = f;
    out[3] = -z * f;
  }
}

/** R's `survreg.distributions[[d]]$density(x)`: F, 1 - F, f, f'/f, f''/f. */
export function densityRow(
  base: BaseDistribution,
  x: number,
): [number, number, number, number, number] {
  if (base === 'extreme') {
    const w = Math.exp(x);
    const ww = Math.exp(-w);
    return [1 - ww, ww, w * ww, 1 - w, w * (w - 3) + 1];
  }
  if (base === 'logistic') {
    const w = Math.exp(x);
    return [
      w / (1 + w),
      1 / (1 + w),
      w / (1 + w) ** 2,
      (1 - w) / (1 + w),
      (w * (w - 4) + 1) / (1 + w) ** 2,
    ];
  }
  return [pnorm(x), pnorm(-x), dnorm(x), -x, x * x - 1];
}

/** R's `$init(x, weights)`: starting location and variance (weighted, denominator sum(w)). */
export function initialValues(
  base: BaseDistribution,
  y: Float64Array,
  w: Float64Array,
): [number, number] {
  let sw = 0;
  let sy = 0;
  for (let i = 0; i < y.length; i++) {
    sw += w[i];
    sy += w[i] * y[i];
  }
  const mean = sy / sw;
  let ss = 0;
  for (let i = 0; i < y.length; i++) ss += w[i] * (y[i] - mean) ** 2;
  const variance = ss / sw;
  if (base === 'extreme') return [mean + 0.572, variance / 1.64];
  if (base === 'logistic') return [mean, variance / 3.2];
  return [mean, variance];
}

/** R's `$quantile(p)` of the standardised error distribution. */
export function errorQuantile(base: BaseDistribution, p: number): number {
  if (base === 'extreme') return Math.log(-Math.log(1 - p));
  if (base === 'logistic') return Math.log(p / (1 - p));
  return qnorm(p);
}
