import { realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { MusterError } from '@muster/core';
import type { ErrorDisplay } from '@muster/report';
import { replaceCellSource } from './edit-cell.ts';
import { deleteCell, insertCell, moveCell } from './notebook-cells.ts';
import { codeSources, type NotebookEntry, type NotebookRegistry, sha256 } from './notebooks.ts';
import type { WorkerMessage } from './protocol.ts';
import { readStable } from './read-stable.ts';
import { UnitWatchdog } from './unit-watchdog.ts';

/** The error a unit stopped at its time limit shows, as in `muster render`. */
const timeoutDisplay = (where: string, message: string): ErrorDisplay => ({
  kind: 'error',
  where,
  line: null,
  sourceLine: null,
  name: 'TimeoutError',
  message,
});

import type { WorkerPool } from './worker-pool.ts';

const realOrSelf = (path: string): string => {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
};

/** A change to the notebook's cells from the page. */
export type CellChange =
  | { op: 'insert'; cell: number; source: string }
  | { op: 'delete'; cell: number }
  | { op: 'move'; cell: number; direction: 'up' | 'down' };

/** A cell edit refused because the notebook changed since the page read it. */
export class EditConflictError extends MusterError {
  override readonly name = 'EditConflictError';
}

/** What an edit must match: the cell's source the page showed, or the hash of the whole file. */
export interface EditExpectation {
  previous?: string;
  hash?: string;
}

/**
 * Runs, cancels, exports and edits the notebooks of a registry through a worker pool, and tells
 * open pages what happens (server-sent events).
 */
export class NotebookRunner {
  /** Called with the files each finished run read (real paths), so they can be watched. */
  onInputs: (inputs: string[]) => void = () => undefined;

  constructor(
    readonly registry: NotebookRegistry,
    readonly pool: WorkerPool,
    readonly dirs: { cacheDir: string; reportDir: string },
    readonly exportTimeoutMs: number,
  ) {}

  /** Re-read the notebook (only once nobody is writing it) and run it, replacing any run. */
  async run(entry: NotebookEntry): Promise<void> {
    entry.job?.cancel();
    entry.job = null;
    const { state } = entry;
    try {
      const text = await readStable(entry.file);
      const parsed = codeSources(text);
      state.title = parsed.title;
      state.sources = parsed.sources;
      state.fileHash = sha256(text);
    } catch (e) {
      state.status = 'error';
      state.error = (e as Error).message;
      state.version++;
      this.registry.broadcast(entry, 'update', state);
      return;
    }
    this.#launch(entry, {});
  }

  /**
   * Start a run of the notebook in the pool. A unit over its time limit takes its worker down
   * with it (a synchronous loop cannot be interrupted), so the run starts again in a fresh
   * worker with that unit failed, as `muster render` does: the cells that do not need it still
   * run, from the cache where they can.
   */
  #launch(entry: NotebookEntry, stopped: Record<number, ErrorDisplay>): void {
    const { state } = entry;
    const announce = (status: 'queued' | 'running') => {
      state.status = status;
      state.progress = { done: 0, total: 0 };
      entry.started = performance.now();
      this.registry.broadcast(entry, 'status', { status, progress: state.progress });
    };
    announce('queued');
    const request = {
      type: 'run' as const,
      path: entry.file,
      parameters: entry.overrides,
      stopped,
      ...this.dirs,
    };
    const watchdog = new UnitWatchdog((unit, message) => {
      job.cancel();
      this.#launch(entry, { ...stopped, [unit.index]: timeoutDisplay(unit.where, message) });
    });
    const job = this.pool.start(
      request,
      (message) => {
        if (!watchdog.observe(message)) this.#onRunMessage(entry, message);
        else if (message.type === 'unit') {
          this.registry.broadcast(entry, 'running', { index: message.index, where: message.where });
        }
      },
      { onStart: () => announce('running'), affinity: entry.file },
    );
    entry.job = {
      cancel: () => {
        watchdog.stop();
        job.cancel();
      },
    };
  }

  #onRunMessage(entry: NotebookEntry, message: WorkerMessage): void {
    const { state } = entry;
    if (message.type === 'plan') {
      this.registry.broadcast(entry, 'plan', { stale: message.stale });
      return;
    }
    if (message.type === 'cell') {
      state.progress = { done: message.done, total: message.total };
      const finished = state.cells.findIndex(
        (c) => c.kind === message.cell.kind && c.number === message.cell.number,
      );
      if (finished >= 0) state.cells[finished] = message.cell;
      this.registry.broadcast(entry, 'progress', {
        done: message.done,
        total: message.total,
        cell: message.cell,
      });
      return;
    }
    if (message.type !== 'done' && message.type !== 'error') return;
    entry.job = null;
    state.progress = null;
    state.lastRun = new Date().toISOString();
    state.duration = Math.round(performance.now() - entry.started);
    state.version++;
    if (message.type === 'done') {
      state.status = message.failed ? 'failed' : 'ok';
      state.error = null;
      state.html = message.html;
      state.title = message.title;
      state.cells = message.cells;
      state.parameters = message.parameters;
      state.parameterDefaults = message.parameterDefaults;
      state.parameterDescriptions = message.parameterDescriptions;
      entry.inputs = new Set([entry.file, ...message.inputs.map(realOrSelf)]);
      this.onInputs([...entry.inputs]);
    } else if (message.type === 'error') {
      state.status = 'error';
      state.error = message.message;
    }
    this.registry.broadcast(entry, 'update', state);
  }

  /** Stop the notebook's run (terminating its worker). */
  cancel(entry: NotebookEntry): void {
    if (!entry.job) return;
    entry.job.cancel();
    entry.job = null;
    entry.state.status = 'cancelled';
    entry.state.progress = null;
    entry.state.version++;
    this.registry.broadcast(entry, 'update', entry.state);
  }

  /**
   * The bytes `muster render --to FORMAT` writes, from a run of its own (same cache). Only one
   * export per notebook at a time; `cancelExport` stops it, as does a unit over its time limit
   * (the notebook's `timeout:` or the cell's `//| timeout:`, 600 s unless set, as in `muster
   * render`) or a step between units (compiling, drawing, typesetting) longer than
   * `exportTimeoutMs`. A stopped export's worker is terminated and replaced.
   */
  export(entry: NotebookEntry, format: 'html' | 'pdf'): Promise<Uint8Array> {
    if (entry.exportJob) {
      return Promise.reject(
        new EditConflictError(
          `muster dev is already exporting ${entry.state.path}; cancel that export first`,
        ),
      );
    }
    return new Promise<Uint8Array>((resolveExport, reject) => {
      const done = (finish: () => void) => {
        entry.exportJob = null;
        finish();
      };
      const request = {
        type: 'export' as const,
        path: entry.file,
        parameters: entry.overrides,
        format,
        ...this.dirs,
      };
      const fail = (message: string) => {
        clearTimeout(phase);
        done(() => reject(new MusterError(`muster dev export failed: ${message}`)));
      };
      // A unit gets its own limit (the notebook's `timeout:`, as in `muster render`); every step
      // between units (compiling, drawing charts, typesetting) gets the export timeout.
      let phase: NodeJS.Timeout | undefined;
      const startPhase = () => {
        clearTimeout(phase);
        phase = setTimeout(() => {
          watchdog.stop();
          job.cancel();
          fail(
            `the export spent more than ${this.exportTimeoutMs / 1000} s outside cells (compiling, drawing, typesetting) and was stopped; raise the limit with muster dev --export-timeout`,
          );
        }, this.exportTimeoutMs);
      };
      const watchdog = new UnitWatchdog((_unit, message) => {
        job.cancel();
        fail(message);
      });
      const job = this.pool.start(
        request,
        (message) => {
          watchdog.observe(message);
          if (message.type === 'unit') clearTimeout(phase);
          else if (message.type === 'cell') startPhase();
          if (message.type === 'exported') {
            clearTimeout(phase);
            done(() => resolveExport(message.bytes));
          } else if (message.type === 'error') fail(message.message);
        },
        { onStart: startPhase },
      );
      entry.exportJob = {
        cancel: () => {
          clearTimeout(phase);
          watchdog.stop();
          job.cancel();
          done(() => reject(new EditConflictError('muster dev export cancelled')));
        },
      };
    });
  }

  /** Stop the notebook's export, if one is running. */
  cancelExport(entry: NotebookEntry): boolean {
    if (!entry.exportJob) return false;
    entry.exportJob.cancel();
    return true;
  }

  /**
   * Write a new source for code cell `cell` into the notebook file (everything else byte for
   * byte, through a temporary file and a rename) and run the notebook. The edit must carry the
   * cell's source as the page showed it, or the file's hash; when the file changed since, it is
   * refused with {@link EditConflictError}. The file is read only once nobody is writing it.
   */
  async editCell(
    entry: NotebookEntry,
    cell: number,
    source: string,
    expected: EditExpectation,
  ): Promise<void> {
    await this.#rewrite(entry, expected, (text) => {
      const current = codeSources(text).sources[cell];
      if (
        expected.previous !== undefined &&
        current !== undefined &&
        current !== expected.previous
      ) {
        throw new EditConflictError(
          `muster dev refuses the edit: cell ${cell} of ${entry.state.path} changed since the page loaded it`,
        );
      }
      return replaceCellSource(text, cell, source);
    });
  }

  /**
   * Add, delete or move a code cell (see notebook-cells.ts: every other byte stays as it was) and
   * run the notebook. The change must carry the file's hash as the page knew it (cell numbers
   * shift), else it is refused with {@link EditConflictError}.
   */
  async editStructure(entry: NotebookEntry, change: CellChange, hash: string): Promise<void> {
    await this.#rewrite(entry, { hash }, (text) => {
      if (change.op === 'insert') return insertCell(text, change.cell, change.source);
      if (change.op === 'delete') return deleteCell(text, change.cell);
      return moveCell(text, change.cell, change.direction);
    });
  }

  /** Read the notebook once it is stable, check `expected`, write `change(text)` by rename, run. */
  async #rewrite(
    entry: NotebookEntry,
    expected: EditExpectation,
    change: (text: string) => string,
  ): Promise<void> {
    const text = await readStable(entry.file);
    const before = statSync(entry.file);
    if (expected.hash !== undefined && expected.hash !== sha256(text)) {
      throw new EditConflictError(
        `muster dev refuses the edit: ${entry.state.path} changed since the page loaded it`,
      );
    }
    const updated = change(text);
    const temporary = `${entry.file}.muster-${process.pid}.tmp`;
    writeFileSync(temporary, updated);
    const now = statSync(entry.file);
    if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) {
      rmSync(temporary, { force: true });
      throw new EditConflictError(
        `muster dev refuses the edit: ${entry.state.path} is being written by another program`,
      );
    }
    // Known before the watcher sees the rename, so it does not start a second run.
    entry.state.fileHash = sha256(updated);
    renameSync(temporary, entry.file);
    await this.run(entry);
  }
}
