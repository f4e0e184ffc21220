import type { CellRun, NotebookRun } from '@muster/report';
import type { WorkerMessage } from './protocol.ts';

/** Seconds past a unit's limit before its worker is stopped (the engine's own timer reports first). */
const GRACE = 2;

/**
 * The words `muster render` uses for a unit stopped at its time limit, so the app and the static
 * report say the same.
 */
export function timeoutMessage(where: string, seconds: number): string {
  return `${where} did not finish within ${seconds} s; raise the limit (seconds) with //| timeout: in the cell or timeout: in the front matter`;
}

/**
 * Follows one run's messages and stops a unit that outlives its time limit (the notebook's
 * `timeout:`, 600 s unless set, or the cell's `//| timeout:`), as `muster render` does: a cell
 * stuck in a synchronous loop cannot be interrupted inside its thread, so the worker is
 * terminated and the run completed here, the stopped unit shown as an error and the units after
 * it as not run.
 */
export class UnitWatchdog {
  #outline: NotebookRun | null = null;
  #cells: CellRun[] = [];
  #current: { index: number; where: string; timeout: number } | null = null;
  #timer: NodeJS.Timeout | undefined;

  /** @param onTimeout - called once when a unit is over its limit, with the run as far as it went. */
  constructor(private readonly onTimeout: (stopped: NotebookRun | null, message: string) => void) {}

  /** The unit running now, if any. */
  get running(): { index: number; where: string } | null {
    return this.#current;
  }

  /** Look at a worker message; returns true when it was one of the watchdog's own. */
  observe(message: WorkerMessage): boolean {
    if (message.type === 'outline') {
      this.#outline = message.outline;
      return true;
    }
    if (message.type === 'unit') {
      this.#current = message;
      clearTimeout(this.#timer);
      const { where, timeout } = message;
      this.#timer = setTimeout(
        () => this.onTimeout(this.#stoppedRun(), timeoutMessage(where, timeout)),
        (timeout + Math.min(GRACE, timeout)) * 1000,
      );
      return true;
    }
    if (message.type === 'plan') return false;
    if (message.type === 'cell') {
      this.#cells.push(message.run);
      if (this.#current && this.#cells.length > this.#current.index) {
        clearTimeout(this.#timer);
        this.#current = null;
      }
      return false;
    }
    this.stop();
    return false;
  }

  /** Forget the timer (the run ended or was cancelled). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #stoppedRun(): NotebookRun | null {
    const outline = this.#outline;
    const current = this.#current;
    if (!outline || !current) return null;
    const cells = outline.cells.map((cell, index) => this.#cells[index] ?? cell);
    cells[current.index] = {
      ...cells[current.index]!,
      status: 'error',
      executed: true,
      key: '',
      outputs: [
        {
          kind: 'error',
          where: current.where,
          line: null,
          sourceLine: null,
          name: 'TimeoutError',
          message: timeoutMessage(current.where, current.timeout),
        },
      ],
    };
    return {
      ...outline,
      cells,
      failed: true,
      stats: {
        executed: cells.filter((cell) => cell.executed).length,
        cached: cells.filter((cell) => cell.cached && !cell.executed).length,
        total: cells.length,
      },
    };
  }
}
