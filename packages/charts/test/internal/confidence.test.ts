import { expectClose } from '@muster/test-support';
import { describe, expect, it } from 'vitest';
import { probabilityLimits, zForLevel } from '../../src/internal/confidence.ts';
import { rReference } from '../helpers/fixtures.ts';

const z = 1.959963984540054;

describe('probabilityLimits', () => {
  it('probabilityLimits follows survfit_confint: plain cut to [0, 1], log and log-log undefined at 0', () => {
    expect(probabilityLimits(0.02, 0.05, z, 'plain')).toEqual({ lower: 0, upper: 0.02 + z * 0.05 });
    expect(probabilityLimits(0, 0, z, 'plain')).toEqual({ lower: 0, upper: 0 });
    expect(probabilityLimits(0, 0, z, 'log')).toEqual({ lower: null, upper: null });
    expect(probabilityLimits(1, 0, z, 'log-log')).toEqual({ lower: null, upper: null });
    expect(probabilityLimits(0.5, null, z, 'plain')).toEqual({ lower: null, upper: null });
  });

  it('probabilityLimits(log) is exp(log p ± z se / p), upper cut at 1', () => {
    const { lower, upper } = probabilityLimits(0.9, 0.1, z, 'log');
    // tolerance: rtol 1e-15
    expect(Math.abs((lower as number) - 0.9 * Math.exp((-z * 0.1) / 0.9))).toBeLessThan(1e-15);
    expect(upper).toBe(1);
  });
});

describe('zForLevel', () => {
  it('zForLevel(level) equals R qnorm(1 - (1 - level) / 2)', () => {
    const { p, q } = rReference.qnorm;
    for (const [level, index] of [
      [0.95, 0],
      [0.9, 1],
      [0.99, 2],
    ] as const) {
      expect(p[index]).toBe(1 - (1 - level) / 2);
      // tolerance: rtol 1e-14 (core's qnorm agrees with R to a few ulps)
      expectClose(zForLevel(level), q[index], { rtol: 1e-14, atol: 1e-10 }, `level ${level}`);
    }
  });
});
