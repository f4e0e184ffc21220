/**
 * xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear pseudorandom number generators", ACM
 * TOMS 47(4), 2021; reference C at https://prng.di.unimi.it/xoshiro128starstar.c): 128 bits of
 * state in four unsigned 32-bit words, period 2^128 - 1, output 32 bits. Only 32-bit integer
 * operations (Math.imul, shifts, xor), so every JavaScript engine produces the same sequence.
 *
 * Contract: `state` holds four unsigned 32-bit words, not all zero; `next` advances it in place.
 */
export function nextUint32(state: Uint32Array): number {
  const s0 = state[0];
  const s1 = state[1];
  const s2 = state[2] ^ s0;
  const s3 = state[3] ^ s1;
  const m = Math.imul(s1, 5);
  const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
  const t = s1 << 9;
  state[0] = s0 ^ s3;
  state[1] = s1 ^ s2;
  state[2] = s2 ^ t;
  state[3] = (s3 << 11) | (s3 >>> 21);
  return result;
}

const MASK64 = (1n << 64n) - 1n;

/**
 * SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014),
 * the seeding generator Vigna recommends for the xoshiro family. Expands a 64-bit seed into the
 * four state words: two consecutive 64-bit outputs, low word first. Never returns the all-zero
 * state (replaced by a fixed non-zero word, which cannot happen for any reachable seed in
 * practice). BigInt is used here only, once per generator.
 */
export function seedState(seed: bigint): Uint32Array {
  let x = BigInt.asUintN(64, seed);
  const state = new Uint32Array(4);
  for (let i = 0; i < 2; i++) {
    x = (x + 0x9e3779b97f4a7c15n) & MASK64;
    let z = x;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    z ^= z >> 31n;
    state[2 * i] = Number(z & 0xffffffffn);
    state[2 * i + 1] = Number(z >> 32n);
  }
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
  return state;
}

/**
 * MurmurHash3's 32-bit finaliser (fmix32, Appleby 2011): a bijective avalanche mix used to turn
 * four outputs of a parent generator into the state of a forked one.
 */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
