import { describe, expect, it } from 'vitest';
import { mix32, nextUint32, seedState } from '../../src/internal/xoshiro128.ts';

// Reference values from Vigna's xoshiro128starstar.c seeded by splitmix64.c, compiled with gcc
// (uint32_t/uint64_t arithmetic), printed with %u.
describe('xoshiro128** core', () => {
  it('seedState(42) equals two SplitMix64 outputs split into 32-bit words (low first)', () => {
    expect(Array.from(seedState(42n))).toEqual([803958421, 3184996902, 2993090819, 686809907]);
  });

  it('nextUint32 reproduces the reference C sequence for seed 42', () => {
    const state = seedState(42n);
    const out = Array.from({ length: 8 }, () => nextUint32(state));
    expect(out).toEqual([
      1776835114, 4165204688, 17111135, 2317295270, 2792088233, 2554630222, 2940343271, 2244566231,
    ]);
  });

  it('a negative seed uses its 64-bit two complement, as (uint64_t)(-7) in C', () => {
    const state = seedState(-7n);
    const out = Array.from({ length: 4 }, () => nextUint32(state));
    expect(out).toEqual([2770651774, 585381616, 711422325, 2297772603]);
  });

  it('mix32 is MurmurHash3 fmix32 (fmix32(1) = 0x514e28b7)', () => {
    expect(mix32(1)).toBe(0x514e28b7);
    expect(mix32(0)).toBe(0);
  });
});
