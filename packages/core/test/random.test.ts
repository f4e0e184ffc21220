import { describe, expect, it } from 'vitest';
// The reference distributions are this package's own, tested against R in distributions.test.ts.
import {
  createRandom,
  dbinom,
  dpois,
  InvalidArgumentError,
  pbeta,
  pchisq,
  pgamma,
  pnorm,
  type Random,
} from '../src/index.ts';

function draws(n: number, draw: () => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = draw();
  return out;
}

function mean(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

function variance(x: Float64Array): number {
  const m = mean(x);
  let s = 0;
  for (const v of x) s += (v - m) ** 2;
  return s / (x.length - 1);
}

/** Kolmogorov-Smirnov statistic sqrt(n) D against a continuous cdf. */
function ksStatistic(x: Float64Array, cdf: (v: number) => number): number {
  const sorted = Float64Array.from(x).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return Math.sqrt(n) * d;
}

/**
 * Chi-square goodness-of-fit p-value of integer draws against a pmf; cells with expected count
 * below 5 are pooled into the tails.
 */
function chiSquarePValue(
  x: Float64Array,
  pmf: (k: number) => number,
  low: number,
  high: number,
): number {
  const counts = new Float64Array(high - low + 1);
  for (const v of x) counts[Math.min(Math.max(v, low), high) - low]++;
  let statistic = 0;
  let cells = 0;
  let expectedLow = 0;
  let expectedHigh = 0;
  for (let k = 0; k < low; k++) expectedLow += pmf(k);
  for (let k = high + 1; pmf(k) > 0 && k < high + 10000; k++) expectedHigh += pmf(k);
  for (let k = low; k <= high; k++) {
    let p = pmf(k);
    if (k === low) p += expectedLow;
    if (k === high) p += expectedHigh;
    const expected = p * x.length;
    const observed = counts[k - low];
    statistic += (observed - expected) ** 2 / expected;
    cells++;
  }
  return pchisq(statistic, cells - 1, false);
}

// Critical values: sqrt(n) D > 1.95 has probability 0.001 under the null; chi-square p < 1e-3.
// With fixed seeds the tests are deterministic; a wrong algorithm fails them by far.
const KS_CRITICAL = 1.95;
const N = 100_000;

describe('createRandom', () => {
  it('createRandom(42) reproduces the golden sequence exactly', () => {
    const r = createRandom(42);
    expect(draws(5, () => r.uniform())).toEqual(
      new Float64Array([
        0.4137016681565887, 0.003983993377814743, 0.6500837027638867, 0.6846020186141416,
        0.8306474885481525,
      ]),
    );
    expect(draws(5, () => r.normal())).toEqual(
      new Float64Array([
        0.6206454838240731, 0.803400331481017, -1.2702293384078625, 0.04703141914017045,
        0.6696344567041526,
      ]),
    );
    expect(Array.from(draws(5, () => r.poisson(3)))).toEqual([2, 6, 3, 3, 5]);
    expect(Array.from(draws(5, () => r.poisson(100)))).toEqual([103, 104, 105, 98, 85]);
    expect(Array.from(draws(5, () => r.binomial(10, 0.3)))).toEqual([3, 5, 3, 5, 2]);
    expect(Array.from(draws(5, () => r.binomial(1000, 0.7)))).toEqual([686, 707, 719, 691, 694]);
    expect(draws(3, () => r.gamma(2.5, 2))).toEqual(
      new Float64Array([1.3176290592107613, 4.1208469446968365, 3.4249473438763602]),
    );
    expect(draws(3, () => r.gamma(0.3))).toEqual(
      new Float64Array([0.018380679711620558, 0.012984880863134301, 0.012087002745573651]),
    );
    expect(draws(3, () => r.beta(0.5, 2))).toEqual(
      new Float64Array([0.17865148619052473, 0.00016439113182005268, 0.03575886169299926]),
    );
    expect(Array.from(draws(5, () => r.integer(6)))).toEqual([5, 2, 4, 4, 3]);
    const child = r.fork();
    expect([child.uniform(), r.uniform()]).toEqual([0.6617521079424366, 0.26998975833178795]);
  });

  it('createRandom(2024) reproduces golden sums of 1000 draws of every method (all code paths)', () => {
    const r = createRandom(2024);
    const sum = (draw: () => number) => draws(1000, draw).reduce((a, b) => a + b, 0);
    expect(sum(() => r.normal())).toBe(-9.575324464399568);
    expect(sum(() => r.poisson(4))).toBe(4074);
    expect(sum(() => r.poisson(250))).toBe(249618);
    expect(sum(() => r.binomial(15, 0.2))).toBe(3059);
    expect(sum(() => r.binomial(5000, 0.4))).toBe(2002166);
    expect(sum(() => r.gamma(0.7))).toBe(664.0632777075897);
    expect(sum(() => r.gamma(7))).toBe(7068.060172894011);
    expect(sum(() => r.beta(0.4, 3))).toBe(117.49313251708547);
    expect(sum(() => r.integer(1000))).toBe(487334);
  });

  it('the same seed gives the same stream; different seeds give different streams', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const x = draws(100, () => a.normal());
    expect(draws(100, () => b.normal())).toEqual(x);
    expect(draws(100, () => c.normal())).not.toEqual(x);
    expect(createRandom(-7).uniform()).not.toBe(createRandom(7).uniform());
    expect(createRandom(7).seed).toBe(7);
  });

  it('methods are bound and can be passed around', () => {
    const { uniform } = createRandom(3);
    expect(uniform()).toBe(createRandom(3).uniform());
  });

  it('createRandom rejects a seed that is not a safe integer', () => {
    expect(() => createRandom(1.5)).toThrow(InvalidArgumentError);
    expect(() => createRandom(2 ** 60)).toThrow(/safe integer seed; received/);
    expect(() => createRandom(Number.NaN)).toThrow(InvalidArgumentError);
  });
});

describe('Random draws have the stated distributions (seeded, 1e5 or 1e6 draws)', () => {
  const r: Random = createRandom(20240601);

  it('uniform() is on [0, 1) with mean 1/2, variance 1/12 and a uniform KS statistic', () => {
    const x = draws(N, () => r.uniform());
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...x)).toBeLessThan(1);
    // standard errors: sqrt(1/12 / N) = 9.1e-4 for the mean, sqrt(1/180 / N) = 2.4e-4 for the variance
    expect(Math.abs(mean(x) - 0.5)).toBeLessThan(4 * 9.1e-4);
    expect(Math.abs(variance(x) - 1 / 12)).toBeLessThan(4 * 2.4e-4);
    expect(ksStatistic(x, (v) => v)).toBeLessThan(KS_CRITICAL);
  });

  it('uniformIn(a, b) stays in [a, b)', () => {
    const x = draws(1000, () => r.uniformIn(-2, 3));
    expect(Math.min(...x)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...x)).toBeLessThan(3);
    expect(r.uniformIn(4, 4)).toBe(4);
  });

  it('normal(mean, sd) matches N(mean, sd^2) (moments and KS)', () => {
    const x = draws(N, () => r.normal(10, 2));
    expect(Math.abs(mean(x) - 10)).toBeLessThan((4 * 2) / Math.sqrt(N));
    // se of the sample variance: sd^2 sqrt(2 / N) = 0.0179
    expect(Math.abs(variance(x) - 4)).toBeLessThan(4 * 0.0179);
    expect(ksStatistic(x, (v) => pnorm(v, 10, 2))).toBeLessThan(KS_CRITICAL);
  });

  for (const lambda of [0.5, 3, 9.9, 10, 50, 1e4]) {
    it(`poisson(${lambda}) fits the Poisson pmf (chi-square) and its mean`, () => {
      // PTRS (lambda >= 10) is a rejection method: 1e6 draws give the test power against a
      // wrong hat or squeeze constant
      const x = draws(lambda >= 10 ? 1e6 : N, () => r.poisson(lambda));
      expect(Math.abs(mean(x) - lambda)).toBeLessThan(4 * Math.sqrt(lambda / x.length));
      const sd = Math.sqrt(lambda);
      const low = Math.max(0, Math.floor(lambda - 3.5 * sd));
      const high = Math.ceil(lambda + 3.5 * sd) + 2;
      const p = chiSquarePValue(x, (k) => dpois(k, lambda), low, high);
      expect(p).toBeGreaterThan(1e-3);
    });
  }

  for (const [n, p] of [
    [10, 0.3],
    [20, 0.45],
    [100, 0.3],
    [1000, 0.7],
    [1e6, 0.01],
  ] as const) {
    it(`binomial(${n}, ${p}) fits the binomial pmf (chi-square) and its mean`, () => {
      const x = draws(n * Math.min(p, 1 - p) >= 10 ? 1e6 : N, () => r.binomial(n, p));
      const sd = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(mean(x) - n * p)).toBeLessThan((4 * sd) / Math.sqrt(x.length));
      const low = Math.max(0, Math.floor(n * p - 3.5 * sd));
      const high = Math.min(n, Math.ceil(n * p + 3.5 * sd) + 1);
      expect(chiSquarePValue(x, (k) => dbinom(k, n, p), low, high)).toBeGreaterThan(1e-3);
    });
  }

  it('binomial edge cases: n = 0, p = 0, p = 1', () => {
    expect([r.binomial(0, 0.5), r.binomial(5, 0), r.binomial(5, 1)]).toEqual([0, 0, 5]);
  });

  for (const [shape, scale] of [
    [0.3, 1],
    [1, 2],
    [2.5, 0.5],
    [40, 3],
  ] as const) {
    it(`gamma(${shape}, ${scale}) matches the gamma cdf (KS) and its mean`, () => {
      const x = draws(N, () => r.gamma(shape, scale));
      expect(Math.abs(mean(x) - shape * scale)).toBeLessThan(
        (4 * Math.sqrt(shape) * scale) / Math.sqrt(N),
      );
      expect(ksStatistic(x, (v) => pgamma(v, shape, 1 / scale))).toBeLessThan(KS_CRITICAL);
    });
  }

  for (const [a, b] of [
    [0.5, 2],
    [2, 3],
  ] as const) {
    it(`beta(${a}, ${b}) matches the beta cdf (KS) and stays in [0, 1]`, () => {
      const x = draws(N, () => r.beta(a, b));
      expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...x)).toBeLessThanOrEqual(1);
      expect(ksStatistic(x, (v) => pbeta(v, a, b))).toBeLessThan(KS_CRITICAL);
    });
  }

  it('beta(0.05, 0.05) puts the right mass near 0 and near 1 (no 0 / 0 for tiny gammas)', () => {
    // Most draws are within 1e-16 of 0 or 1; near 1 they round to exactly 1, so a KS test does
    // not apply. P(X < 1e-10) = P(X > 1 - 1e-10) = 0.158721208203112 (R pbeta), P(X < 0.5) = 1/2.
    const x = draws(N, () => r.beta(0.05, 0.05));
    expect(x.every((v) => v >= 0 && v <= 1)).toBe(true);
    const share = (f: (v: number) => boolean) => x.filter(f).length / N;
    const se = (p: number) => Math.sqrt((p * (1 - p)) / N);
    expect(Math.abs(share((v) => v < 1e-10) - 0.158721208203112)).toBeLessThan(4 * se(0.1587));
    expect(Math.abs(share((v) => v > 1 - 1e-10) - 0.158721208203112)).toBeLessThan(4 * se(0.1587));
    expect(Math.abs(share((v) => v < 0.5) - 0.5)).toBeLessThan(4 * se(0.5));
  });

  it('integer(n) is uniform on 0..n-1 (chi-square) and handles n above 2^32', () => {
    const x = draws(N, () => r.integer(7));
    expect(chiSquarePValue(x, (k) => (k >= 0 && k < 7 ? 1 / 7 : 0), 0, 6)).toBeGreaterThan(1e-3);
    expect(r.integer(1)).toBe(0);
    const big = 2 ** 40 + 3;
    const y = draws(1000, () => r.integer(big));
    expect(y.every((v) => Number.isInteger(v) && v >= 0 && v < big)).toBe(true);
    expect(Math.abs(mean(y) / big - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / 1000));
  });

  it('fork() gives a deterministic, uncorrelated stream', () => {
    const parent = createRandom(99);
    const child = parent.fork();
    const again = createRandom(99).fork();
    const x = draws(N, () => child.normal());
    expect(draws(10, () => again.normal())).toEqual(x.subarray(0, 10));
    const y = draws(N, () => parent.normal());
    let cross = 0;
    for (let i = 0; i < N; i++) cross += x[i] * y[i];
    // correlation of independent normals has sd 1/sqrt(N)
    expect(Math.abs(cross / N)).toBeLessThan(4 / Math.sqrt(N));
    expect(child.seed).toBe(99);
  });
});

describe('Random validates parameters', () => {
  const r = createRandom(1);
  it('each draw rejects parameters outside its domain with InvalidArgumentError', () => {
    expect(() => r.poisson(-1)).toThrow(/poisson requires a finite lambda >= 0; received -1/);
    expect(() => r.poisson(Number.POSITIVE_INFINITY)).toThrow(InvalidArgumentError);
    expect(() => r.binomial(2.5, 0.5)).toThrow(/non-negative integer n; received 2.5/);
    expect(() => r.binomial(3, 1.5)).toThrow(/0 <= p <= 1; received 1.5/);
    expect(() => r.gamma(0)).toThrow(InvalidArgumentError);
    expect(() => r.gamma(1, -1)).toThrow(InvalidArgumentError);
    expect(() => r.beta(1, 0)).toThrow(InvalidArgumentError);
    expect(() => r.normal(0, -1)).toThrow(InvalidArgumentError);
    expect(() => r.integer(0)).toThrow(InvalidArgumentError);
    expect(() => r.uniformIn(1, 0)).toThrow(InvalidArgumentError);
  });
});
