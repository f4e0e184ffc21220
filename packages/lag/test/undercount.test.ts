import { lgamma } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { undercount } from '../src/index.ts';
import { expectClose, readFixture } from './helpers.ts';

/** Quantile of the beta-negative-binomial by the direct pmf formula (independent of the recurrence). */
function directQuantile(n: number, a: number, b: number, p: number): number {
  const lbeta = (x: number, y: number) => lgamma(x) + lgamma(y) - lgamma(x + y);
  let cdf = 0;
  for (let m = 0; ; m++) {
    cdf += Math.exp(lgamma(n + m) - lgamma(n) - lgamma(m + 1) + lbeta(a + n, b + m) - lbeta(a, b));
    if (cdf >= p) return m;
  }
}

describe('undercount', () => {
  it('undercount with a fixed capture probability matches R qnbinom in the sensitivity table', () => {
    const r = readFixture<{ qnbinom: { q: number[] } }>('r-delay-families.json');
    const result = undercount({ caught: 5593, capture: { mean: 0.15, sd: 0.03 } });
    const row = result.sensitivity.find((s) => s.capture === 0.15)!;
    expectClose(row.estimate, 5593 / 0.15, { rtol: 1e-15, atol: 0 });
    expect([row.lower, row.upper]).toEqual([5593 + r.qnbinom.q[0], 5593 + r.qnbinom.q[1]]);
    expect(result.sensitivity.map((s) => s.capture)).toEqual([
      0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5,
    ]);
  });

  it('undercount converts mean/sd to Beta(alpha, beta) and gives beta-negative-binomial quantiles', () => {
    const result = undercount({ caught: 400, capture: { mean: 0.15, sd: 0.05 } });
    // kappa = 0.15 * 0.85 / 0.0025 - 1 = 50: alpha 7.5, beta 42.5
    expectClose([result.capture.alpha, result.capture.beta], [7.5, 42.5], { rtol: 1e-12, atol: 0 });
    expect(result.lower).toBe(400 + directQuantile(400, 7.5, 42.5, 0.05));
    expect(result.estimate).toBe(400 + directQuantile(400, 7.5, 42.5, 0.5));
    expect(result.upper).toBe(400 + directQuantile(400, 7.5, 42.5, 0.95));
    expectClose(result.mean, (400 * (7.5 + 42.5 - 1)) / (7.5 - 1), { rtol: 1e-15, atol: 0 });
    expectClose(result.plugIn, 400 / 0.15, { rtol: 1e-15, atol: 0 });
    // the Beta's own 90% interval (R: qbeta(c(0.05, 0.95), 7.5, 42.5))
    expect(result.capture.lower).toBeLessThan(0.15);
    expect(result.capture.upper).toBeGreaterThan(0.15);
  });

  it('undercount: uncertainty in the capture probability widens the interval beyond the binomial one', () => {
    const uncertain = undercount({ caught: 5593, capture: { mean: 0.15, sd: 0.03 } });
    const row = uncertain.sensitivity.find((s) => s.capture === 0.15)!;
    expect(uncertain.upper - uncertain.lower).toBeGreaterThan(5 * (row.upper - row.lower));
    expect(uncertain.lower).toBeLessThan(5593 / 0.15);
    expect(uncertain.upper).toBeGreaterThan(5593 / 0.15);
  });

  it('undercount of 0 caught is 0', () => {
    const result = undercount({ caught: 0, capture: { alpha: 2, beta: 8 } });
    expect([result.estimate, result.lower, result.upper]).toEqual([0, 0, 0]);
  });

  it('undercount rejects a fractional count and an impossible Beta', () => {
    expect(() => undercount({ caught: 10.5, capture: { alpha: 2, beta: 8 } })).toThrow(
      /caught to be an integer; received 10.5/,
    );
    expect(() => undercount({ caught: 10, capture: { mean: 0.5, sd: 0.6 } })).toThrow(
      /capture sd\^2 < mean \(1 - mean\) for a Beta distribution; received mean 0.5, sd 0.6/,
    );
  });
});
