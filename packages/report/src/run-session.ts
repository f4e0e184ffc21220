import { SessionState } from './internal/session-state.ts';

/**
 * The values of a notebook's cells, kept from one run to the next so that a re-run executes only
 * the cells whose key changed (an edited cell and the cells downstream of it) and keeps the others
 * with their outputs, as Observable does. Pass the same session to successive
 * {@link runNotebook} calls on one notebook; a change of parameters, seed or package versions
 * starts it afresh. `muster dev` keeps one per open notebook; `muster render` uses none (every run
 * starts from an empty scope).
 *
 * A cell that changes a value another cell declared (`rows.push(...)`) changes it again each time
 * it re-runs in a session; cells that draw from `random` replay the stream from its start, so
 * their draws are those of a full run.
 *
 * @example
 * ```ts
 * const session = new RunSession();
 * await runNotebook(parseNotebook(text), { session });
 * const again = await runNotebook(parseNotebook(edited), { session });
 * again.stats.executed; // only the edited cell and its dependents
 * // => 1
 * ```
 */
export class RunSession {
  /**
   * What the engine keeps between runs (not part of the public API).
   *
   * @internal
   */
  readonly state: SessionState = new SessionState();

  /** Forget every kept value: the next run starts from an empty scope. */
  reset(): void {
    this.state.context = null;
  }
}
