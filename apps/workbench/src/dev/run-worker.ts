/**
 * Worker thread that runs notebooks for `muster dev`. Running in a worker keeps the server
 * responsive and lets a run be cancelled: the server terminates the worker and starts another.
 * The worker reports each unit as it starts (with its time limit, so the server can stop a cell
 * stuck in a loop) and each cell as it ends, with its own running time.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parentPort } from 'node:worker_threads';
import {
  type CellRun,
  parseNotebook,
  renderReport,
  runNotebook,
  vegaLiteToSvg,
} from '@muster/report';
import type { CellStatus, WorkerMessage, WorkerRequest } from './protocol.ts';

const port = parentPort!;
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
  if (request.type === 'render') {
    const bytes = await renderReport(request.run, 'html', request.reportDir);
    post({ type: 'rendered', id: request.id, html: new TextDecoder().decode(bytes) });
    return;
  }
  const notebook = parseNotebook(readFileSync(request.path), { path: request.path });
  const cells: CellStatus[] = [];
  const total = notebook.blocks.reduce(
    (n, block) => n + (block.kind === 'code' ? 1 : block.inlines.length),
    0,
  );
  const started = new Map<number, number>();
  const run = await runNotebook(notebook, {
    parameters: request.parameters,
    cacheDir: request.cacheDir,
    onStart: (outline) => post({ type: 'outline', id: request.id, outline }),
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
    const bytes = await renderReport(run, request.format, request.reportDir);
    post({ type: 'exported', id: request.id, bytes });
    return;
  }
  const html = new TextDecoder().decode(await renderReport(run, 'html', request.reportDir));
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
