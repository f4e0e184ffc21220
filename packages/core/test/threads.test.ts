import { describe, expect, it } from 'vitest';
import * as node from '../src/threads/node.ts';
import * as single from '../src/threads/single.ts';

interface Args {
  values: Float64Array;
  sums: Float64Array;
  rows: number;
}

// Sums of chunks of rows, each chunk's sum written once (as the kernel contract asks).
function chunkSums(args: Args, chunk: number): void {
  let s = 0;
  const last = Math.min(args.values.length, (chunk + 1) * args.rows);
  for (let i = chunk * args.rows; i < last; i++) s += Math.sqrt(args.values[i]);
  args.sums[chunk] = s;
}

function job(make: (n: number) => Float64Array) {
  const n = 50_000;
  const values = make(n);
  for (let i = 0; i < n; i++) values[i] = (i * 7919) % 1000;
  return { values, sums: make(Math.ceil(n / 1000)), rows: 1000 };
}

describe('runChunks: a kernel over chunks on worker threads', () => {
  it('runChunks gives the same chunk outputs on 1, 2 and 4 threads and in the single-thread build', () => {
    const reference = job(single.sharedFloat64Array);
    single.runChunks('test-chunk-sums', chunkSums, reference, reference.sums.length, 4);
    for (const threads of [1, 2, 4]) {
      const args = job(node.sharedFloat64Array);
      expect(args.values.buffer).toBeInstanceOf(SharedArrayBuffer);
      node.runChunks('test-chunk-sums', chunkSums, args, args.sums.length, threads);
      expect(Array.from(args.sums)).toEqual(Array.from(reference.sums));
    }
    expect(node.startedWorkers()).toBeGreaterThanOrEqual(1);
  });

  it('runChunks runs on the calling thread when an argument is not in shared memory', () => {
    const args = job((n) => new Float64Array(n));
    node.runChunks('test-chunk-sums', chunkSums, args, args.sums.length, 4);
    expect(args.sums[0]).toBeGreaterThan(0);
    expect(args.sums.every((s) => s > 0)).toBe(true);
  });

  it('runChunks surfaces an error thrown by the kernel on the calling thread', () => {
    const args = { out: node.sharedFloat64Array(8) };
    const failing = (a: { out: Float64Array }, chunk: number) => {
      if (chunk === 5) throw new RangeError('chunk 5 failed');
      a.out[chunk] = 1;
    };
    expect(() => node.runChunks('test-failing', failing, args, 8, 2)).toThrow('chunk 5 failed');
  });

  it('availableThreads reads MUSTER_THREADS and is at least 1', () => {
    const before = process.env.MUSTER_THREADS;
    process.env.MUSTER_THREADS = '3';
    expect(node.availableThreads()).toBe(3);
    process.env.MUSTER_THREADS = 'many';
    expect(node.availableThreads()).toBeGreaterThanOrEqual(1);
    if (before === undefined) delete process.env.MUSTER_THREADS;
    else process.env.MUSTER_THREADS = before;
    expect(single.availableThreads()).toBe(1);
  });

  it('prefaultColumns leaves exactly the values the filling thread wrote, column by column', () => {
    const nrow = 20_000;
    const ncol = 64;
    const matrix = node.sharedFloat64Array(nrow * ncol);
    const claims = node.prefaultColumns(matrix, nrow, ncol);
    for (let j = 0; j < ncol; j++) {
      claims.claim(j);
      // every other column keeps zeros in its upper half, as indicator columns do
      const filled = j % 2 === 0 ? nrow : nrow / 2;
      for (let i = 0; i < filled; i++) matrix[j * nrow + i] = j + i / nrow;
    }
    claims.finish();
    let wrong = 0;
    for (let j = 0; j < ncol; j++) {
      const filled = j % 2 === 0 ? nrow : nrow / 2;
      for (let i = 0; i < nrow; i++) {
        if (matrix[j * nrow + i] !== (i < filled ? j + i / nrow : 0)) wrong++;
      }
    }
    expect(wrong).toBe(0);
    const plain = new Float64Array(8);
    expect(() => node.prefaultColumns(plain, 4, 2).finish()).not.toThrow();
  });
});
