/**
 * Run a notebook in a worker thread with a heap limit, and stop a unit that outlives its time
 * limit: a cell that loops forever, allocates without bound or ends its thread becomes an error
 * shown in the report; the run starts again in a fresh thread with that unit failed, so the cells
 * that do not need it still run.
 */
import { Worker } from 'node:worker_threads';
import { InvalidArgumentError, MusterError } from '@muster/core/errors';
import type { RunNotebookOptions } from '../run-notebook.ts';
import type { CellRun, ErrorDisplay, Notebook, NotebookRun } from '../types.ts';
import { timeoutMessage } from './cell-guard.ts';
import { activeConditions } from './resolve-specifier.ts';

/** What the worker is given. */
export interface WorkerInput {
  notebook: Notebook;
  options: Pick<RunNotebookOptions, 'parameters' | 'cacheDir' | 'conditions' | 'stopped'>;
}

/** What the worker reports. */
export type WorkerMessage =
  | { type: 'start'; outline: NotebookRun }
  | { type: 'unit'; index: number; where: string; timeout: number }
  | { type: 'cell'; cell: CellRun }
  | { type: 'done'; run: NotebookRun }
  | {
      type: 'failed';
      name: string;
      message: string;
      argument: string | null;
      stack: string | null;
    };

/** Seconds the supervisor waits past a unit's limit before stopping the thread (the unit's own timer reports first). */
const GRACE = 2;

interface Stop {
  name: string;
  message: string;
}

/**
 * Run `notebook` in a worker thread with at most `memory` MB of heap. Resolves with the run (a
 * stopped unit shows as an error and makes the run failed); rejects with the Muster error the run
 * threw before any cell ran (an unknown parameter, a missing input).
 */
export function runNotebookApart(
  notebook: Notebook,
  options: RunNotebookOptions,
): Promise<NotebookRun> {
  const memory = notebook.frontMatter.memory;
  const input: WorkerInput = {
    notebook,
    options: {
      parameters: options.parameters,
      cacheDir: options.cacheDir,
      conditions: options.conditions ?? activeConditions(),
      stopped: options.stopped,
    },
  };
  const [entry, entryOptions] = workerEntry();
  const worker = new Worker(entry, {
    ...entryOptions,
    workerData: input,
    execArgv: workerExecArgv(),
    resourceLimits: { maxOldGenerationSizeMb: memory },
  });
  return new Promise((resolve, reject) => {
    let outline: NotebookRun | null = null;
    const cells: CellRun[] = [];
    let current: { index: number; where: string; timeout: number } | null = null;
    let stop: Stop | null = null;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
    };

    worker.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'start':
          outline = message.outline;
          break;
        case 'unit':
          current = message;
          clearTimeout(timer);
          timer = setTimeout(
            () => {
              stop = {
                name: 'TimeoutError',
                message: timeoutMessage(message.where, message.timeout),
              };
              void worker.terminate();
            },
            (message.timeout + Math.min(GRACE, message.timeout)) * 1000,
          );
          break;
        case 'cell':
          cells.push(message.cell);
          options.onCell?.(message.cell);
          break;
        case 'done':
          finish(() => resolve(message.run));
          void worker.terminate();
          break;
        case 'failed':
          finish(() => reject(rebuildError(message)));
          void worker.terminate();
          break;
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      stop ??=
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? {
              name: 'MemoryError',
              message: `${current?.where ?? 'the notebook'} ran out of memory: cells may use ${memory} MB of heap; raise the limit with the front matter's memory (megabytes)`,
            }
          : { name: error.name, message: error.message };
    });
    worker.on('exit', (code) => {
      finish(() => {
        if (outline === null) {
          reject(
            new MusterError(
              `runNotebook stopped before any cell ran: ${stop?.message ?? `the worker exited with code ${code}`}`,
            ),
          );
          return;
        }
        const reason = stop ?? {
          name: 'ExitError',
          message: `notebook cells cannot end the process; the run ended with exit code ${code}`,
        };
        if (current !== null && current.index < outline.cells.length - 1) {
          // Run again in a fresh thread with the stopped unit failed: the units that do not need
          // it still run (those already reported are not reported twice).
          const index = current.index;
          let seen = 0;
          const again = runNotebookApart(notebook, {
            ...options,
            stopped: { ...options.stopped, [index]: stopError(current.where, reason) },
            onCell: (cell) => {
              seen += 1;
              if (seen > index + 1) options.onCell?.(cell);
            },
          });
          again.then(resolve, reject);
          return;
        }
        resolve(stoppedRun(outline, cells, current, reason));
      });
    });
  });
}

/** The error a stopped unit shows. */
function stopError(where: string, reason: Stop): ErrorDisplay {
  return {
    kind: 'error',
    where,
    line: null,
    sourceLine: null,
    name: reason.name,
    message: reason.message,
  };
}

/** The run as far as it went: finished cells, the stopped unit as an error, the rest not run. */
function stoppedRun(
  outline: NotebookRun,
  cells: CellRun[],
  current: { index: number; where: string } | null,
  reason: Stop,
): NotebookRun {
  const runs = outline.cells.map((cell, index) => cells[index] ?? cell);
  const index = current?.index ?? Math.min(cells.length, runs.length - 1);
  if (index >= 0 && index < runs.length) {
    const error: ErrorDisplay = {
      kind: 'error',
      where: current?.where ?? 'the notebook',
      line: null,
      sourceLine: null,
      name: reason.name,
      message: reason.message,
    };
    runs[index] = { ...runs[index], status: 'error', executed: true, outputs: [error], key: '' };
    for (let later = index + 1; later < runs.length; later += 1) runs[later] = outline.cells[later];
  }
  const executed = runs.filter((run) => run.executed).length;
  const inputs = new Map(outline.inputs.map((read) => [read.path, read]));
  for (const read of runs.flatMap((run) => run.reads)) inputs.set(read.path, read);
  return {
    ...outline,
    cells: runs,
    inputs: [...inputs.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    failed: true,
    stats: {
      executed,
      cached: runs.filter((run) => run.cached && !run.executed).length,
      total: runs.length,
    },
  };
}

const MUSTER_ERRORS = new Set(['MusterError', 'DataError', 'FormulaError', 'NumericalError']);

function rebuildError(message: Extract<WorkerMessage, { type: 'failed' }>): Error {
  if (message.name === 'InvalidArgumentError')
    return new InvalidArgumentError(message.argument ?? '', message.message);
  if (MUSTER_ERRORS.has(message.name)) return new MusterError(message.message);
  const error = new Error(message.message);
  error.name = message.name;
  if (message.stack) error.stack = message.stack;
  return error;
}

/** `.ts` when running from the TypeScript sources, `.js` when built. */
function extension(): string {
  return import.meta.url.endsWith('.ts') ? '.ts' : '.js';
}

/**
 * The worker's script. Built, it is notebook-worker.js; from the TypeScript sources, a two-line
 * script that registers tsx in the worker (loader hooks are per thread) and imports the .ts file.
 */
function workerEntry(): [URL | string, { eval?: boolean }] {
  const entry = new URL(`./notebook-worker${extension()}`, import.meta.url);
  if (extension() !== '.ts') return [entry, {}];
  const tsx = import.meta.resolve('tsx/esm/api');
  const script = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return [script, { eval: true }];
}

/**
 * The worker's Node options: the parent's, plus, when running from the TypeScript sources, the
 * `@muster/source` condition and tsx (so the worker loads the same sources as its parent).
 */
function workerExecArgv(): string[] {
  const args = [...process.execArgv];
  if (extension() !== '.ts') return args;
  if (!args.some((arg) => arg.includes('@muster/source'))) args.push('--conditions=@muster/source');
  return args;
}
