import type { WorkerMessage } from './protocol.ts';

/** Seconds past a unit's limit before its worker is stopped (the engine's own timer reports first). */
const GRACE = 2;

/** A cell or inline expression as the worker announced it: position, name and limit (seconds). */
export interface RunningUnit {
  index: number;
  where: string;
  timeout: number;
}

/**
 * The words `muster render` uses for a unit stopped at its time limit, so the app and the static
 * report say the same.
 */
export function timeoutMessage(where: string, seconds: number): string {
  return `${where} did not finish within ${seconds} s; raise the limit (seconds) with //| timeout: in the cell or timeout: in the front matter`;
}

/**
 * Follows one run's messages and reports a unit that outlives its time limit (the notebook's
 * `timeout:`, 600 s unless set, or the cell's `//| timeout:`), as `muster render` does: a cell
 * stuck in a synchronous loop cannot be interrupted inside its thread, so its worker has to be
 * terminated; the caller decides what follows (a run starts again with the unit failed).
 */
export class UnitWatchdog {
  #current: RunningUnit | null = null;
  #cellsDone = 0;
  #timer: NodeJS.Timeout | undefined;

  /** @param onTimeout - called once when a unit is over its limit, with that unit and the message. */
  constructor(private readonly onTimeout: (unit: RunningUnit, message: string) => void) {}

  /** Look at a worker message; returns true when it was one of the watchdog's own. */
  observe(message: WorkerMessage): boolean {
    if (message.type === 'unit') {
      const unit: RunningUnit = {
        index: message.index,
        where: message.where,
        timeout: message.timeout,
      };
      this.#current = unit;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(
        () => this.onTimeout(unit, timeoutMessage(unit.where, unit.timeout)),
        (unit.timeout + Math.min(GRACE, unit.timeout)) * 1000,
      );
      return true;
    }
    if (message.type === 'plan') return false;
    if (message.type === 'cell') {
      this.#cellsDone += 1;
      if (this.#current && this.#cellsDone > this.#current.index) {
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
}
