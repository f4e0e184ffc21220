/**
 * Worker thread that runs notebooks for `muster dev`. Running in a worker keeps the server
 * responsive and lets a run be cancelled: the server terminates the worker and starts another.
 * The worker reports each unit as it starts (with its time limit, so the server can stop a cell
 * stuck in a loop) and each cell as it ends, with its own running time. It keeps a session (the
 * cells' values) per notebook it ran, so a re-run after an edit runs only the edited cells and
 * their dependents; exports run from an empty scope, as `muster render` does.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parentPort } from 'node:worker_threads';
import {
  type CellRun,
  parseNotebook,
  RunSession,
  renderHtml,
  renderReport,
  runNotebook,
  vegaLiteToSvg,
} from '@muster/report';
import type { CellStatus, WorkerMessage, WorkerRequest } from './protocol.ts';

const port = parentPort!;
/** Sessions of the notebooks this worker ran, least recently used first. */
const sessions = new Map<string, RunSession>();
const MAX_SESSIONS = 8;

function sessionFor(path: string): RunSession {
  const session = sessions.get(path) ?? new RunSession();
  sessions.delete(path);
  sessions.set(path, session);
  for (const old of sessions.keys()) {
    if (sessions.size <= MAX_SESSIONS) break;
    sessions.delete(old);
  }
  return session;
}

const post = (message: WorkerMessage) => port.postMessage(message);

const statusOf = (cell: CellRun): CellStatus['status'] =>
  cell.status === 'error'
    ? 'failed'
    : cell.status === 'not-run'
      ? 'not-run'
      : cell.cached && !cell.executed
        ? 'cached'
        : 'ran';

async function handle(request: WorkerRequest): Promise<void> {
  const notebook = parseNotebook(readFileSync(request.path), { path: request.path });
  const cells: CellStatus[] = [];
  let onPlan: (stale: number[]) => void = () => undefined;
  const total = notebook.blocks.reduce(
    (n, block) => n + (block.kind === 'code' ? 1 : block.inlines.length),
    0,
  );
  const started = new Map<number, number>();
  const live = request.type === 'run';
  const run = await runNotebook(notebook, {
    parameters: request.parameters,
    cacheDir: request.cacheDir,
    session: live ? sessionFor(request.path) : undefined,
    stopped: request.type === 'run' ? request.stopped : undefined,
    onStart: (outline) => {
      if (live) {
        const labels = outline.cells.map((cell) =>
          cell.kind === 'code' ? `cell ${cell.number}` : `inline expression ${cell.number}`,
        );
        onPlan = (stale) =>
          post({ type: 'plan', id: request.id, stale: stale.map((index) => labels[index]) });
      }
    },
    onPlan: (stale) => onPlan(stale),
    onUnitStart: ({ index, where, timeout }) => {
      started.set(index, performance.now());
      post({ type: 'unit', id: request.id, index, where, timeout });
    },
    onCell: (cell) => {
      const index = cells.length;
      const start = started.get(index);
      const status: CellStatus = {
        label: `${cell.kind} ${cell.number}`,
        kind: cell.kind,
        number: cell.number,
        status: statusOf(cell),
        milliseconds: start === undefined ? 0 : Math.round(performance.now() - start),
      };
      cells.push(status);
      if (request.type === 'run') {
        const done = cells.length;
        post({ type: 'cell', id: request.id, cell: status, run: cell, done, total });
      }
    },
  });
  if (request.type === 'export') {
    const bytes = await renderReport(
      run,
      request.format,
      request.reportDir,
      undefined,
      request.cacheDir,
    );
    post({ type: 'exported', id: request.id, bytes });
    return;
  }
  // The page's report carries the charts' specs, which the app makes interactive.
  const html = renderHtml(run, {
    reportDir: request.reportDir,
    interactive: true,
    cacheDir: request.cacheDir,
  });
  const folder = dirname(request.path);
  post({
    type: 'done',
    id: request.id,
    html,
    title: notebook.frontMatter.title,
    failed: run.failed,
    cells,
    inputs: run.inputs.map((input) => resolve(folder, input.path)),
    parameters: run.parameters,
    parameterDefaults: notebook.frontMatter.parameters,
    parameterDescriptions: notebook.frontMatter.parameterDescriptions,
  });
}

// Warm up while idle: load Vega and draw a tiny chart, so the first run after a save is fast.
void vegaLiteToSvg({
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data: { values: [{ x: 1 }] },
  mark: 'point',
  encoding: { x: { field: 'x', type: 'quantitative' } },
}).catch(() => undefined);

port.on('message', (request: WorkerRequest) => {
  handle(request).catch((error: unknown) => {
    post({
      type: 'error',
      id: request.id,
      message: error instanceof Error ? error.message : String(error),
    });
  });
});
