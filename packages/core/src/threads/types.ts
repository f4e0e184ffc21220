/**
 * The contract shared by the two implementations of `@muster/core/threads` (worker threads in
 * Node, the calling thread elsewhere).
 */

/**
 * A kernel run once per chunk: `kernel(args, chunk, local)` computes chunk `chunk` (0-based) of
 * a job and writes its results into shared arrays named in `args`.
 *
 * Contract, because the kernel may run in a worker thread from its source text:
 * - it is self-contained: it refers to nothing outside its parameters and the JavaScript
 *   built-ins (no imports, no module constants, no closures);
 * - `args` holds numbers, strings, booleans, null, plain objects and arrays of them, compiled
 *   `WebAssembly.Module`s, and typed arrays on a `SharedArrayBuffer` (see `sharedFloat64Array`);
 * - it writes only its own chunk's outputs, as final values (never `+=` into shared memory): a
 *   chunk whose kernel threw in a worker is computed again on the calling thread;
 * - `local` is an object kept per thread and per kernel id between calls (a cache for
 *   WebAssembly instances and scratch space).
 */
export type ChunkKernel<A> = (args: A, chunk: number, local: Record<string, unknown>) => void;
