import exp from '@stdlib/math-base-special-exp';
import gammaln from '@stdlib/math-base-special-gammaln';
import ln from '@stdlib/math-base-special-ln';
import log1p from '@stdlib/math-base-special-log1p';
import { InvalidArgumentError } from './errors.ts';
import { mix32, nextUint32, seedState } from './internal/xoshiro128.ts';

/**
 * A seeded pseudo-random generator. Every draw is a pure function of the seed and of the sequence
 * of calls made before it, identical on every platform (see {@link createRandom}).
 */
export interface Random {
  /** The seed given to {@link createRandom} (for a forked generator: its root's seed). */
  readonly seed: number;
  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number;
  /** Uniform on [a, b) (a when a = b). */
  uniformIn(a: number, b: number): number;
  /** Normal with the given mean and standard deviation (defaults 0 and 1). */
  normal(mean?: number, sd?: number): number;
  /** Poisson with mean lambda >= 0. */
  poisson(lambda: number): number;
  /** Binomial: successes in n (non-negative integer) trials with probability p in [0, 1]. */
  binomial(n: number, p: number): number;
  /** Gamma with shape > 0 and scale > 0 (default 1): mean shape * scale. */
  gamma(shape: number, scale?: number): number;
  /** Beta with shapes a > 0 and b > 0. */
  beta(a: number, b: number): number;
  /** Uniform integer in 0..n-1, for an integer 1 <= n <= 2^53, without modulo bias. */
  integer(n: number): number;
  /** A new generator with an independent stream (this generator advances by four draws). */
  fork(): Random;
}

const TWO_POW_26 = 67108864;
const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/**
 * Create a seeded random generator, reproducible across platforms and JavaScript engines.
 *
 * Uniforms come from xoshiro128** (Blackman & Vigna 2021), an integer-state generator with period
 * 2^128 - 1, seeded by SplitMix64; a double on [0, 1) takes 27 + 26 bits of two outputs (as
 * Mersenne Twister's genrand_res53). The other distributions use exact published methods whose
 * only non-arithmetic operations are `sqrt` (correctly rounded in IEEE 754) and @stdlib's `ln`,
 * `exp`, `log1p` and `gammaln`, which are written in plain JavaScript arithmetic (ports of FreeBSD msun
 * and Boost), so the same seed gives the same numbers everywhere:
 * - normal: Marsaglia & Bray's polar method (SIAM Review 6, 1964), the second variate of each
 *   pair is kept for the next call;
 * - Poisson: inversion by sequential search for lambda < 10, else PTRS, transformed rejection
 *   with squeeze (Hörmann, Insurance: Math. & Econ. 12, 1993);
 * - binomial: inversion (BINV, Kachitvichyanukul & Schmeiser, CACM 31, 1988) when
 *   n min(p, 1 - p) < 10, else BTRS (Hörmann, J. Stat. Comput. Simul. 46, 1993);
 * - gamma: Marsaglia & Tsang (ACM TOMS 26, 2000) for shape >= 1; for shape < 1 their boost
 *   G(shape + 1) U^(1 / shape);
 * - beta: X / (X + Y) for gammas X, Y, formed from their logarithms so that small shapes do
 *   not underflow to 0 / 0;
 * - integer: rejection of the top partial block of 2^32 (or 2^53) values, so no modulo bias.
 * `fork()` seeds a child from four outputs of the parent passed through MurmurHash3's fmix32:
 * child streams start at effectively random points of the 2^128 cycle (overlap probability of
 * order streams^2 x length / 2^128), and forks can be nested. See docs/algorithm.md.
 *
 * @param seed - any safe integer (negative allowed); the 64-bit two's complement of the seed
 *   seeds SplitMix64
 * @returns a generator; methods are bound, so they can be passed around (`const { normal } = r`)
 * @throws InvalidArgumentError when the seed is not a safe integer (and, from the draws, when a
 *   parameter is outside its domain)
 * @example
 * ```ts
 * const random = createRandom(42);
 * random.integer(6) + 1; // a die roll, the same on every platform
 * // => 5
 * createRandom(42).uniform() === createRandom(42).uniform();
 * // => true
 * ```
 */
export function createRandom(seed: number): Random {
  if (!Number.isSafeInteger(seed)) {
    throw new InvalidArgumentError(
      'seed',
      `createRandom requires a safe integer seed; received ${seed}`,
    );
  }
  return makeRandom(seed, seedState(BigInt(seed)));
}

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: the generator's methods (uniform, normal, poisson, binomial, gamma, beta, integer, fork) share one state array and the spare normal through this closure; each method is short and reads on its own
function makeRandom(seed: number, state: Uint32Array): Random {
  let spare = Number.NaN; // second normal of the last polar pair, NaN when none

  const next = () => nextUint32(state);
  const uniform = () => ((next() >>> 5) * TWO_POW_26 + (next() >>> 6)) / TWO_POW_53;

  function uniformIn(a: number, b: number): number {
    if (!Number.isFinite(a) || !Number.isFinite(b) || !(a <= b)) {
      throw new InvalidArgumentError(
        'b',
        `uniformIn requires finite a <= b; received a = ${a}, b = ${b}`,
      );
    }
    return a === b ? a : a + (b - a) * uniform();
  }

  function standardNormal(): number {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = Number.NaN;
      return z;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * ln(s)) / s);
    spare = v * factor;
    return u * factor;
  }

  function normal(mean = 0, sd = 1): number {
    if (!Number.isFinite(mean) || !Number.isFinite(sd) || sd < 0) {
      throw new InvalidArgumentError(
        'sd',
        `normal requires a finite mean and sd >= 0; received mean = ${mean}, sd = ${sd}`,
      );
    }
    return mean + sd * standardNormal();
  }

  function poisson(lambda: number): number {
    if (!Number.isFinite(lambda) || lambda < 0) {
      throw new InvalidArgumentError(
        'lambda',
        `poisson requires a finite lambda >= 0; received ${lambda}`,
      );
    }
    if (lambda === 0) return 0;
    return lambda < 10 ? poissonInversion(lambda) : poissonPtrs(lambda);
  }

  function poissonInversion(lambda: number): number {
    const p0 = exp(-lambda);
    for (;;) {
      let u = uniform();
      let k = 0;
      let p = p0;
      // Sequential search: subtract P(0), P(1), ... from u until it is used up. The bound guards
      // against a u within rounding of 1 (then the search restarts with a fresh uniform).
      while (u > p && k < 1000) {
        u -= p;
        k++;
        p *= lambda / k;
      }
      if (k < 1000) return k;
    }
  }

  // PTRS set-up for the last lambda (recomputed only when lambda changes).
  let ptrsLambda = Number.NaN;
  let ptrsLogLambda = 0;
  let ptrsA = 0;
  let ptrsB = 0;
  let ptrsLogInverseAlpha = 0;
  let ptrsVr = 0;

  function poissonPtrs(lambda: number): number {
    if (lambda !== ptrsLambda) {
      ptrsLambda = lambda;
      ptrsLogLambda = ln(lambda);
      ptrsB = 0.931 + 2.53 * Math.sqrt(lambda);
      ptrsA = -0.059 + 0.02483 * ptrsB;
      ptrsLogInverseAlpha = ln(1.1239 + 1.1328 / (ptrsB - 3.4));
      ptrsVr = 0.9277 - 3.6224 / (ptrsB - 2);
    }
    const a = ptrsA;
    const b = ptrsB;
    for (;;) {
      const u = uniform() - 0.5;
      const v = uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= ptrsVr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      const logHat = ln(v) + ptrsLogInverseAlpha - ln(a / (us * us) + b);
      if (logHat <= -lambda + k * ptrsLogLambda - gammaln(k + 1)) return k;
    }
  }

  function binomial(n: number, p: number): number {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new InvalidArgumentError(
        'n',
        `binomial requires a non-negative integer n; received ${n}`,
      );
    }
    if (!(p >= 0 && p <= 1)) {
      throw new InvalidArgumentError('p', `binomial requires 0 <= p <= 1; received ${p}`);
    }
    if (n === 0 || p === 0) return 0;
    if (p === 1) return n;
    const flip = p > 0.5;
    const q = flip ? 1 - p : p;
    const k = n * q < 10 ? binomialInversion(n, q) : binomialBtrs(n, q);
    return flip ? n - k : k;
  }

  function binomialInversion(n: number, p: number): number {
    const q = 1 - p;
    const s = p / q;
    const a = (n + 1) * s;
    const r0 = exp(n * log1p(-p)); // q^n without cancellation
    for (;;) {
      let u = uniform();
      let r = r0;
      let x = 0;
      while (u > r && x <= n) {
        u -= r;
        x++;
        r *= a / x - s;
      }
      if (x <= n) return x;
    }
  }

  // BTRS set-up for the last (n, p) (recomputed only when they change).
  let btrsN = -1;
  let btrsP = Number.NaN;
  let btrsA = 0;
  let btrsB = 0;
  let btrsC = 0;
  let btrsVr = 0;
  let btrsAlpha = 0;
  let btrsLpq = 0;
  let btrsM = 0;
  let btrsH = 0;

  function binomialBtrs(n: number, p: number): number {
    if (n !== btrsN || p !== btrsP) {
      btrsN = n;
      btrsP = p;
      const q = 1 - p;
      const spq = Math.sqrt(n * p * q);
      btrsB = 1.15 + 2.53 * spq;
      btrsA = -0.0873 + 0.0248 * btrsB + 0.01 * p;
      btrsC = n * p + 0.5;
      btrsVr = 0.92 - 4.2 / btrsB;
      btrsAlpha = (2.83 + 5.1 / btrsB) * spq;
      btrsLpq = ln(p / q);
      btrsM = Math.floor((n + 1) * p);
      btrsH = gammaln(btrsM + 1) + gammaln(n - btrsM + 1);
    }
    const a = btrsA;
    const b = btrsB;
    for (;;) {
      const u = uniform() - 0.5;
      let v = uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + btrsC);
      if (k < 0 || k > n) continue;
      if (us >= 0.07 && v <= btrsVr) return k;
      v = (v * btrsAlpha) / (a / (us * us) + b);
      if (ln(v) <= btrsH - gammaln(k + 1) - gammaln(n - k + 1) + (k - btrsM) * btrsLpq) return k;
    }
  }

  /** Marsaglia & Tsang for shape >= 1. */
  function gammaLarge(shape: number): number {
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = standardNormal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (ln(u) < 0.5 * x2 + d * (1 - v + ln(v))) return d * v;
    }
  }

  /** log of a standard gamma draw; shape < 1 uses the boost G(shape + 1) U^(1 / shape). */
  function logGamma(shape: number): number {
    if (shape >= 1) return ln(gammaLarge(shape));
    return ln(gammaLarge(shape + 1)) + ln(uniform()) / shape;
  }

  function gamma(shape: number, scale = 1): number {
    if (!(shape > 0) || !Number.isFinite(shape) || !(scale > 0) || !Number.isFinite(scale)) {
      throw new InvalidArgumentError(
        'shape',
        `gamma requires finite shape > 0 and scale > 0; received shape = ${shape}, scale = ${scale}`,
      );
    }
    if (shape >= 1) return scale * gammaLarge(shape);
    return scale * exp(logGamma(shape));
  }

  function beta(a: number, b: number): number {
    if (!(a > 0) || !Number.isFinite(a) || !(b > 0) || !Number.isFinite(b)) {
      throw new InvalidArgumentError(
        'a',
        `beta requires finite a > 0 and b > 0; received a = ${a}, b = ${b}`,
      );
    }
    const logX = logGamma(a);
    const logY = logGamma(b);
    return 1 / (1 + exp(logY - logX));
  }

  function integer(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new InvalidArgumentError(
        'n',
        `integer requires an integer 1 <= n <= 2^53; received ${n}`,
      );
    }
    if (n <= TWO_POW_32) {
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      let u = next();
      while (u >= limit) u = next();
      return u % n;
    }
    const limit = TWO_POW_53 - (TWO_POW_53 % n);
    let u = uniform() * TWO_POW_53;
    while (u >= limit) u = uniform() * TWO_POW_53;
    return u % n;
  }

  function fork(): Random {
    const child = new Uint32Array(4);
    for (let i = 0; i < 4; i++) child[i] = mix32(next());
    if ((child[0] | child[1] | child[2] | child[3]) === 0) child[0] = 1;
    return makeRandom(seed, child);
  }

  return { seed, uniform, uniformIn, normal, poisson, binomial, gamma, beta, integer, fork };
}
