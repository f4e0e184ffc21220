import { sha256 } from './hash.ts';

/**
 * Replace `Math.random` by a generator seeded from `key` (sfc32, state from the key's SHA-256)
 * while a cell runs, so incidental randomness in libraries (arquero's sample, jitter) repeats from
 * render to render. Returns a function that restores the original. The notebook's own generator
 * is `random` (from @muster/core); this is only a safety net.
 */
export function seedMathRandom(key: string): () => void {
  const digest = sha256(key);
  let a = Number.parseInt(digest.slice(0, 8), 16) >>> 0;
  let b = Number.parseInt(digest.slice(8, 16), 16) >>> 0;
  let c = Number.parseInt(digest.slice(16, 24), 16) >>> 0;
  let d = Number.parseInt(digest.slice(24, 32), 16) >>> 0;
  const original = Math.random;
  Math.random = () => {
    // sfc32 (Chris Doty-Humphrey's small fast counting generator), 32-bit output scaled to [0, 1).
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  return () => {
    Math.random = original;
  };
}
