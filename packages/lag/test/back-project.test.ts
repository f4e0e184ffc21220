import { DataError, InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { backProject, delayPmf, forwardProject } from '../src/index.ts';
import { expectClose, README_TOLERANCE, readFixture } from './helpers.ts';

interface BackprojectCase {
  id: string;
  start: string;
  counts: number[];
  delayPmf: number[];
  k: number;
  eps: number;
  maxIter: number;
  expected: { lambda: number[] };
}

describe('backProject: reference cases (surveillance::backprojNP)', () => {
  for (const id of ['backproject-convictions-k0', 'backproject-convictions-k2']) {
    it(`backProject matches ${id} at README tolerance`, () => {
      const c = readFixture<BackprojectCase>(`${id}.json`);
      const fit = backProject(c.counts, c.delayPmf, {
        k: c.k,
        tolerance: c.eps,
        maxIter: c.maxIter,
        start: c.start,
      });
      expectClose(fit.lambda, c.expected.lambda, README_TOLERANCE);
      expect(fit.periods?.[0]).toBe('2021-01');
      expect(fit.periods?.[35]).toBe('2023-12');
    });
  }

  it('backProject with k = 0 stops as backprojNP does after iter.max + 1 steps', () => {
    const c = readFixture<BackprojectCase>('backproject-convictions-k0.json');
    const fit = backProject(c.counts, c.delayPmf, { k: 0, tolerance: c.eps, maxIter: c.maxIter });
    expect(fit.iterations).toBe(1001);
    expect(fit.converged).toBe(false);
    expect(fit.warnings.map((w) => w.code)).toContain('not-converged');
  });

  it('backProject with k = 2 converges in 56 steps on the convictions series', () => {
    const c = readFixture<BackprojectCase>('backproject-convictions-k2.json');
    const fit = backProject(c.counts, c.delayPmf, { k: 2, tolerance: 1e-7, maxIter: 1000 });
    expect(fit.iterations).toBe(56);
    expect(fit.converged).toBe(true);
    expect(fit.criterion).toBeLessThan(1e-7);
    expectClose(fit.fitted, forwardProject(fit.lambda, c.delayPmf), { rtol: 1e-14, atol: 1e-12 });
  });
});

describe('backProject: hand-derived steps', () => {
  it('backProject with no delay returns the counts (k = 0)', () => {
    const fit = backProject([3, 7, 0, 12], [1], { k: 0, tolerance: 1e-12 });
    expectClose(fit.lambda, [3, 7, 0, 12], { rtol: 1e-15, atol: 1e-15 });
  });

  it('one EMS step on Y = [10, 30], f = [0.5, 0.5] from lambda0 = 15 gives phi = [25, 30] and, smoothed, [26.67, 28.33]', () => {
    // phi_1 = 15 / F(1) (10 * 0.5 / 7.5 + 30 * 0.5 / 15) = 25; phi_2 = 15 / F(0) (30 * 0.5 / 15) = 30
    const em = backProject([10, 30], [0.5, 0.5], { k: 0, maxIter: 0 });
    expect(em.iterations).toBe(1);
    expectClose(em.lambda, [25, 30], { rtol: 1e-15, atol: 0 });
    // k = 2: weights (1/4, 1/2, 1/4) renormalised at the ends: (2/3, 1/3) and (1/3, 2/3)
    const ems = backProject([10, 30], [0.5, 0.5], { k: 2, maxIter: 0 });
    expectClose(ems.lambda, [80 / 3, 85 / 3], { rtol: 1e-15, atol: 0 });
  });

  it('backProject gives 0 to the last period when the delay pmf gives 0 to delay 0 (R naninf2zero)', () => {
    const fit = backProject([5, 8, 9, 10], [0, 0.5, 0.5], { k: 0, tolerance: 1e-10, maxIter: 50 });
    expect(fit.lambda[3]).toBe(0);
    expect(fit.warnings.map((w) => w.code)).toContain('last-period-unidentified');
  });

  it('backProject of all-zero counts is all zero with a warning, not a crash', () => {
    const fit = backProject([0, 0, 0], [0.5, 0.5]);
    expect(fit.lambda).toEqual([0, 0, 0]);
    expect(fit.converged).toBe(true);
    expect(fit.warnings.map((w) => w.code)).toEqual(['all-zero']);
  });
});

describe('backProject: bootstrap (backprojNP with B > 0)', () => {
  const c = readFixture<BackprojectCase>('backproject-convictions-k2.json');

  it('backProject bootstrap is reproducible for a seed and changes with it', () => {
    const a = backProject(c.counts, c.delayPmf, { bootstrap: { replicates: 50, seed: 7 } });
    const b = backProject(c.counts, c.delayPmf, { bootstrap: { replicates: 50, seed: 7 } });
    const d = backProject(c.counts, c.delayPmf, { bootstrap: { replicates: 50, seed: 8 } });
    expect(a.bootstrap?.lower).toEqual(b.bootstrap?.lower);
    expect(a.bootstrap?.upper).not.toEqual(d.bootstrap?.upper);
    expect(a.bootstrap?.method).toMatch(/percentile/);
  });

  it('backProject bootstrap intervals agree with R backprojNP(B = 1000) up to Monte Carlo error', () => {
    const r = readFixture<{ lambda: number[]; lower: number[]; upper: number[] }>(
      'r-backproject-bootstrap.json',
    );
    const fit = backProject(c.counts, c.delayPmf, { bootstrap: { replicates: 1000, seed: 1 } });
    // the point estimate (eps 0.005, 250 iterations) is deterministic and equals R's
    expectClose(fit.lambda, r.lambda, README_TOLERANCE);
    // quantiles of 1000 replicates from different generators: Monte Carlo differences of 1-2%
    // (three Muster seeds differ from R by at most 2.2%, 1.8% and 4.0%, on average below 0.3%)
    const relative = (ours: number[], theirs: number[]) => ours.map((v, i) => v / theirs[i] - 1);
    for (const [ours, theirs] of [
      [fit.bootstrap!.lower, r.lower],
      [fit.bootstrap!.upper, r.upper],
    ]) {
      const diffs = relative(ours, theirs);
      expect(Math.max(...diffs.map(Math.abs))).toBeLessThan(0.06);
      expect(Math.abs(diffs.reduce((a, b) => a + b, 0) / diffs.length)).toBeLessThan(0.01);
    }
  });

  it('backProject bootstrap keeps the replicates when asked and labels the interval', () => {
    const fit = backProject(c.counts.slice(0, 12), c.delayPmf, {
      bootstrap: { replicates: 20, seed: 3, confLevel: 0.9, keepReplicates: true },
    });
    expect(fit.bootstrap?.samples).toHaveLength(20);
    expect(fit.bootstrap?.samples?.[0]).toHaveLength(12);
    expect(fit.bootstrap?.confLevel).toBe(0.9);
    expect(fit.bootstrap?.lambdaUnsmoothed).toHaveLength(12);
  });
});

describe('backProject: bad input', () => {
  const pmf = delayPmf({ distribution: 'gamma', mean: 3, sd: 1.5, maxDelay: 8 });

  it('backProject rejects a negative count, naming the period and its label', () => {
    expect(() => backProject([4, -1, 5], pmf, { start: '2023-01' })).toThrow(DataError);
    expect(() => backProject([4, -1, 5], pmf, { start: '2023-01' })).toThrow(
      'backProject requires non-negative counts in counts; received -1 at period 2 (2023-02)',
    );
  });

  it('backProject rejects a missing count', () => {
    expect(() => backProject([4, Number.NaN, 5], pmf)).toThrow(
      /finite counts in counts; received NaN at period 2/,
    );
  });

  it('backProject rejects a delay pmf that does not sum to 1 within 1e-9', () => {
    expect(() => backProject([1, 2], [0.5, 0.5 + 2e-9])).toThrow(InvalidArgumentError);
    expect(() => backProject([1, 2], [0.5, 0.5 + 2e-9])).toThrow(
      /backProject requires a delay pmf that sums to 1 \(within 1e-9\); received a pmf summing to 1.000000002/,
    );
    expect(() => backProject([1, 2], [0.5, 0.5 + 5e-10])).not.toThrow();
  });

  it('backProject rejects an odd k and a lambda0 of the wrong length', () => {
    expect(() => backProject([1, 2], pmf, { k: 3 })).toThrow(
      /even k \(as backprojNP\); received 3/,
    );
    expect(() => backProject([1, 2], pmf, { lambda0: [1] })).toThrow(
      /lambda0 of the same length as counts \(2\); received length 1/,
    );
  });
});

describe('backProject on an estimated series', () => {
  const delay = [0.2, 0.5, 0.3];
  const estimated = [40.4, 45.2, 50.7, 55.1, 60.9, 66.3, 70.2, 75.8];

  it('backProject warns that its bootstrap ignores the uncertainty of counts that are not whole numbers', () => {
    const fit = backProject(estimated, delay, { bootstrap: { replicates: 20, seed: 1 } });
    expect(fit.warnings.map((w) => w.code)).toContain('estimated-counts');
    expect(fit.bootstrap!.method).toMatch(/^parametric bootstrap as surveillance::backprojNP/);
  });

  it('backProject with bootstrap.countDraws redraws around the draws and widens the intervals', () => {
    const large = estimated.map((x) => x * 20);
    const draws = Array.from({ length: 50 }, (_, b) =>
      large.map((x) => x * (0.8 + (0.4 * b) / 49)),
    );
    const plain = backProject(large, delay, { bootstrap: { replicates: 200, seed: 3 } });
    const carried = backProject(large, delay, {
      bootstrap: { replicates: 200, seed: 3, countDraws: draws },
    });
    expect(carried.warnings.map((w) => w.code)).not.toContain('estimated-counts');
    expect(carried.bootstrap!.method).toMatch(/around 50 draws of the estimated counts/);
    const width = (b: { lower: number[]; upper: number[] }) =>
      b.upper.reduce((sum, u, i) => sum + u - b.lower[i], 0);
    expect(width(carried.bootstrap!)).toBeGreaterThan(1.5 * width(plain.bootstrap!));
    expect(() =>
      backProject(estimated, delay, {
        bootstrap: { replicates: 5, seed: 1, countDraws: [[1, 2]] },
      }),
    ).toThrow(
      /backProject requires every count draw to have the length of counts \(8\); received length 2 in draw 1/,
    );
  });
});
