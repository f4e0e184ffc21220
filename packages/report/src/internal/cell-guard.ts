/**
 * What keeps one cell from taking the run down with it: errors a cell leaves behind (a rejected
 * promise nobody awaits, a throw from a timer), a `process.exit` call, and a cell that never
 * settles. Stray errors are attributed to the cell whose code scheduled them (through
 * AsyncLocalStorage), else to the cell running when they surface.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** What a unit stopped at its time limit reports. */
export function timeoutMessage(where: string, seconds: number): string {
  return `${where} did not finish within ${seconds} s; raise the limit (seconds) with //| timeout: in the cell or timeout: in the front matter`;
}

/** The error a cell gets when it does not settle within its time limit. */
export class CellTimeoutError extends Error {
  constructor(where: string, seconds: number) {
    super(timeoutMessage(where, seconds));
    this.name = 'TimeoutError';
  }
}

/** The error a cell gets when it calls `process.exit`. */
export class CellExitError extends Error {
  constructor(code: unknown) {
    super(
      `notebook cells cannot end the process; received process.exit(${code === undefined ? '' : String(code)})`,
    );
    this.name = 'ExitError';
  }
}

/** Stray errors of a run, by unit id; install once per run and uninstall when the run ends. */
export class CellGuard {
  private readonly context = new AsyncLocalStorage<string>();
  private readonly errors = new Map<string, unknown>();
  private readonly waiting = new Map<string, (error: unknown) => void>();
  private current: string | null = null;
  private last: string | null = null;
  private readonly exit = process.exit;

  private readonly onError = (error: unknown): void => {
    const id = this.context.getStore() ?? this.current ?? this.last;
    if (id === null) return;
    if (!this.errors.has(id)) this.errors.set(id, error);
    this.waiting.get(id)?.(error);
  };

  /** Listen for stray errors and refuse `process.exit` until {@link uninstall}. */
  install(): void {
    process.on('unhandledRejection', this.onError);
    process.on('uncaughtException', this.onError);
    process.exit = ((code?: unknown) => {
      throw new CellExitError(code);
    }) as typeof process.exit;
  }

  uninstall(): void {
    process.off('unhandledRejection', this.onError);
    process.off('uncaughtException', this.onError);
    process.exit = this.exit;
  }

  /**
   * Run a unit's code: the returned promise settles with the code, or rejects with the first
   * stray error attributed to the unit, or with a CellTimeoutError after `seconds`.
   */
  async run<T>(id: string, where: string, seconds: number, code: () => Promise<T>): Promise<T> {
    this.current = id;
    this.last = id;
    let timer: NodeJS.Timeout | undefined;
    try {
      const stray = new Promise<never>((_, reject) => {
        this.waiting.set(id, reject);
        timer = setTimeout(() => reject(new CellTimeoutError(where, seconds)), seconds * 1000);
      });
      return await Promise.race([this.context.run(id, code), stray]);
    } finally {
      clearTimeout(timer);
      this.waiting.delete(id);
      this.current = null;
    }
  }

  /** Let errors scheduled for the next turns of the event loop surface, then return a unit's. */
  async settle(id: string): Promise<unknown> {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 0));
    return this.errors.get(id);
  }

  /** The first stray error attributed to a unit, if any. */
  errorOf(id: string): unknown {
    return this.errors.get(id);
  }
}
