/**
 * Worker thread that runs one notebook for {@link runNotebookApart}: it reports the run's outline,
 * each unit as it starts and each finished cell, so the supervisor can stop a unit that runs too
 * long or uses too much memory and still write a report.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runNotebook } from '../run-notebook.ts';
import type { WorkerInput, WorkerMessage } from './run-apart.ts';

const port = parentPort!;
const post = (message: WorkerMessage) => port.postMessage(message);
const { notebook, options } = workerData as WorkerInput;

runNotebook(notebook, {
  ...options,
  onStart: (outline) => post({ type: 'start', outline }),
  onUnitStart: (unit) => post({ type: 'unit', ...unit }),
  onCell: (cell) => post({ type: 'cell', cell }),
}).then(
  (run) => post({ type: 'done', run }),
  (error: unknown) => {
    const record = error as { name?: unknown; message?: unknown; argument?: unknown };
    post({
      type: 'failed',
      name: typeof record?.name === 'string' ? record.name : 'Error',
      message: typeof record?.message === 'string' ? record.message : String(error),
      argument: typeof record?.argument === 'string' ? record.argument : null,
      stack: error instanceof Error ? (error.stack ?? null) : null,
    });
  },
);
