import { Worker } from 'node:worker_threads';
import type { WorkerMessage, WorkerRequest, WorkerRequestBody } from './protocol.ts';

const workerUrl = new URL('./run-worker-boot.mjs', import.meta.url);

/** A running request: its messages arrive through `onMessage`; `cancel()` terminates its worker. */
export interface Job {
  cancel(): void;
}

/**
 * Runs notebook requests in worker threads. A finished worker goes back to the pool and serves the
 * next request warm (engine, Vega and the notebook's packages already loaded), so a re-run after a
 * save starts at once. A cancelled job's worker is terminated (which stops even a cell stuck in a
 * loop) and a fresh one is started in its place.
 */
export class WorkerPool {
  #idle: Worker[] = [];
  #closed = false;
  #nextId = 1;
  #live = new Set<Worker>();

  constructor() {
    this.#idle.push(this.#spawn());
  }

  #spawn(): Worker {
    // Workers inherit the server's execArgv: `--conditions=@muster/source --import tsx`.
    const worker = new Worker(workerUrl);
    worker.unref();
    // A warm worker that fails before it is given a request is replaced on the next start().
    worker.on('error', () => {
      this.#idle = this.#idle.filter((w) => w !== worker);
    });
    this.#live.add(worker);
    worker.once('exit', () => this.#live.delete(worker));
    return worker;
  }

  #take(): Worker {
    return this.#idle.pop() ?? this.#spawn();
  }

  #give(worker: Worker): void {
    if (this.#closed || this.#idle.length >= 2) void worker.terminate();
    else this.#idle.push(worker);
  }

  #replace(worker: Worker): void {
    void worker.terminate();
    if (!this.#closed && this.#idle.length === 0) this.#idle.push(this.#spawn());
  }

  /** Start a request; `onMessage` sees every message of this request, the last being done/exported/error. */
  start(request: WorkerRequestBody, onMessage: (message: WorkerMessage) => void): Job {
    const id = this.#nextId++;
    const worker = this.#take();
    let finished = false;
    const finish = (release: boolean) => {
      if (finished) return;
      finished = true;
      worker.off('message', listener);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (release) this.#give(worker);
      else this.#replace(worker);
    };
    const listener = (message: WorkerMessage) => {
      if (message.id !== id) return;
      onMessage(message);
      if (message.type !== 'cell') finish(true);
    };
    const onError = (error: Error) => {
      onMessage({ type: 'error', id, message: error.message });
      finish(false);
    };
    const onExit = () => {
      onMessage({ type: 'error', id, message: 'the notebook worker stopped' });
      finish(false);
    };
    worker.on('message', listener);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ ...request, id } as WorkerRequest);
    return { cancel: () => finish(false) };
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#live].map((worker) => worker.terminate()));
  }
}
