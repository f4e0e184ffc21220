import { realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { MusterError } from '@muster/core';
import { replaceCellSource } from './edit-cell.ts';
import { codeSources, type NotebookEntry, type NotebookRegistry, sha256 } from './notebooks.ts';
import type { WorkerMessage } from './protocol.ts';
import { readStable } from './read-stable.ts';
import type { WorkerPool } from './worker-pool.ts';

const realOrSelf = (path: string): string => {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
};

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
    const announce = (status: 'queued' | 'running') => {
      state.status = status;
      state.progress = { done: 0, total: 0 };
      entry.started = performance.now();
      this.registry.broadcast(entry, 'status', { status, progress: state.progress });
    };
    announce('queued');
    const request = { type: 'run' as const, path: entry.file, parameters: entry.overrides };
    entry.job = this.pool.start(
      { ...request, ...this.dirs },
      (message) => this.#onRunMessage(entry, message),
      { onStart: () => announce('running') },
    );
  }

  #onRunMessage(entry: NotebookEntry, message: WorkerMessage): void {
    const { state } = entry;
    if (message.type === 'cell') {
      state.progress = { done: message.done, total: message.total };
      this.registry.broadcast(entry, 'progress', {
        done: message.done,
        total: message.total,
        cell: message.cell,
      });
      return;
    }
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
   * export per notebook at a time; `cancelExport` or the timeout stops it.
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
      const job = this.pool.start(
        request,
        (message) => {
          if (message.type === 'exported') done(() => resolveExport(message.bytes));
          else if (message.type === 'error')
            done(() => reject(new MusterError(`muster dev export failed: ${message.message}`)));
        },
        { timeoutMs: this.exportTimeoutMs },
      );
      entry.exportJob = {
        cancel: () => {
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
    const text = await readStable(entry.file);
    const before = statSync(entry.file);
    if (expected.hash !== undefined && expected.hash !== sha256(text)) {
      throw new EditConflictError(
        `muster dev refuses the edit: ${entry.state.path} changed since the page loaded it`,
      );
    }
    const current = codeSources(text).sources[cell];
    if (expected.previous !== undefined && current !== undefined && current !== expected.previous) {
      throw new EditConflictError(
        `muster dev refuses the edit: cell ${cell} of ${entry.state.path} changed since the page loaded it`,
      );
    }
    const updated = replaceCellSource(text, cell, source);
    const temporary = `${entry.file}.muster-${process.pid}.tmp`;
    writeFileSync(temporary, updated);
    const now = statSync(entry.file);
    if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) {
      rmSync(temporary, { force: true });
      throw new EditConflictError(
        `muster dev refuses the edit: ${entry.state.path} is being written by another program`,
      );
    }
    renameSync(temporary, entry.file);
    await this.run(entry);
  }
}
