import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WorkerMessage, WorkerRequest, WorkerRequestBody } from './protocol.ts';

const workerUrl = new URL('./run-worker-boot.mjs', import.meta.url);

/** The messages that end a request. */
const FINAL = new Set<WorkerMessage['type']>(['done', 'exported', 'error']);

/** A started or queued request: `cancel()` drops it from the queue or terminates its worker. */
export interface Job {
  cancel(): void;
}

/** Options of {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /** Requests running at once; more wait in a queue (default: the cores, between 1 and 4). */
  maxWorkers?: number;
}

interface Queued {
  id: number;
  request: WorkerRequestBody;
  onMessage: (message: WorkerMessage) => void;
  timeoutMs: number | null;
  onStart: (() => void) | null;
  affinity: string | null;
  cancelled: boolean;
  finish: ((release: boolean) => void) | null;
}

/**
 * Runs notebook requests in worker threads, at most `maxWorkers` at a time; further requests wait
 * in a first-in, first-out queue. A finished worker goes back to the pool and serves the next
 * request warm (engine, Vega and the notebook's packages already loaded), so a re-run after a save
 * starts at once. A cancelled or timed-out job's worker is terminated (which stops even a cell
 * stuck in a loop) and a fresh one is started in its place.
 *
 * @example
 * const pool = new WorkerPool({ maxWorkers: 2 });
 * const job = pool.start(request, (message) => console.log(message.type), { timeoutMs: 60_000 });
 * job.cancel();
 */
export class WorkerPool {
  #idle: Worker[] = [];
  #closed = false;
  #nextId = 1;
  #live = new Set<Worker>();
  /** What each worker keeps warm: the notebooks whose sessions it holds. */
  #served = new WeakMap<Worker, Set<string>>();
  #busy = 0;
  #queue: Queued[] = [];
  readonly maxWorkers: number;

  constructor(options: WorkerPoolOptions = {}) {
    this.maxWorkers = Math.max(1, options.maxWorkers ?? Math.min(4, availableParallelism()));
    this.#idle.push(this.#spawn());
  }

  /** Requests waiting for a free worker. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Requests running now. */
  get running(): number {
    return this.#busy;
  }

  #spawn(): Worker {
    // Workers inherit the server's execArgv: `--conditions=@muster/source --import tsx`.
    const worker = new Worker(workerUrl);
    worker.unref();
    // A warm worker that fails before it is given a request is dropped from the idle list.
    worker.on('error', () => {
      this.#idle = this.#idle.filter((w) => w !== worker);
    });
    this.#live.add(worker);
    worker.once('exit', () => this.#live.delete(worker));
    return worker;
  }

  #give(worker: Worker): void {
    if (this.#closed || this.#idle.length >= 2) void worker.terminate();
    else this.#idle.push(worker);
  }

  #replace(worker: Worker): void {
    void worker.terminate();
    if (!this.#closed && this.#idle.length === 0) this.#idle.push(this.#spawn());
  }

  /**
   * Start a request, or queue it when `maxWorkers` requests are running; `onMessage` sees every
   * message of this request, the last being done/exported/error. With `timeoutMs`, a request still
   * running after that long is terminated and ends with an error message saying so. `onStart` is
   * called when the request leaves the queue for a worker (at once when one is free). Requests with
   * the same `affinity` (a notebook's path) go to the worker that served it last when it is idle.
   */
  start(
    request: WorkerRequestBody,
    onMessage: (message: WorkerMessage) => void,
    options: { timeoutMs?: number; onStart?: () => void; affinity?: string } = {},
  ): Job {
    const queued: Queued = {
      id: this.#nextId++,
      request,
      onMessage,
      timeoutMs: options.timeoutMs ?? null,
      onStart: options.onStart ?? null,
      affinity: options.affinity ?? null,
      cancelled: false,
      finish: null,
    };
    this.#queue.push(queued);
    this.#drain();
    return {
      cancel: () => {
        queued.cancelled = true;
        if (queued.finish) queued.finish(false);
        else this.#queue = this.#queue.filter((q) => q !== queued);
      },
    };
  }

  #drain(): void {
    while (!this.#closed && this.#busy < this.maxWorkers && this.#queue.length > 0) {
      this.#run(this.#queue.shift()!);
    }
  }

  /**
   * An idle worker, preferring one that served the same notebook (it keeps that notebook's
   * session: the values of its cells), else the most recent idle one, else a new one.
   */
  #take(affinity: string | null): Worker {
    const index =
      affinity === null
        ? -1
        : this.#idle.findIndex((worker) => this.#served.get(worker)?.has(affinity));
    const worker =
      index >= 0 ? this.#idle.splice(index, 1)[0] : (this.#idle.pop() ?? this.#spawn());
    if (affinity !== null) {
      const served = this.#served.get(worker) ?? new Set<string>();
      served.add(affinity);
      this.#served.set(worker, served);
    }
    return worker;
  }

  #run(job: Queued): void {
    const { id, onMessage } = job;
    const worker = this.#take(job.affinity);
    this.#busy++;
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (release: boolean) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      worker.off('message', listener);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (release) this.#give(worker);
      else this.#replace(worker);
      this.#busy--;
      this.#drain();
    };
    const listener = (message: WorkerMessage) => {
      if (message.id !== id) return;
      onMessage(message);
      if (FINAL.has(message.type)) finish(true);
    };
    const onError = (error: Error) => {
      onMessage({ type: 'error', id, message: error.message });
      finish(false);
    };
    const onExit = () => {
      onMessage({ type: 'error', id, message: 'the notebook worker stopped' });
      finish(false);
    };
    job.finish = finish;
    worker.on('message', listener);
    worker.on('error', onError);
    worker.on('exit', onExit);
    if (job.timeoutMs !== null) {
      const limit = job.timeoutMs;
      timer = setTimeout(() => {
        onMessage({
          type: 'error',
          id,
          message: `the ${job.request.type} did not finish within ${limit / 1000} s and was stopped`,
        });
        finish(false);
      }, limit);
    }
    worker.postMessage({ ...job.request, id } as WorkerRequest);
    job.onStart?.();
  }

  /** Terminate every worker and drop the queue. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#queue = [];
    await Promise.all([...this.#live].map((worker) => worker.terminate()));
  }
}
