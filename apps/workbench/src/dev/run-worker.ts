/**
 * Worker thread that runs notebooks for `muster dev`. Running in a worker keeps the server
 * responsive and lets a run be cancelled: the server terminates the worker and starts another.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { parseNotebook, renderReport, runNotebook, vegaLiteToSvg } from '@muster/report';
import type { CellStatus, WorkerMessage, WorkerRequest } from './protocol.ts';

const port = parentPort!;
const post = (message: WorkerMessage) => port.postMessage(message);

async function handle(request: WorkerRequest): Promise<void> {
  const notebook = parseNotebook(readFileSync(request.path), { path: request.path });
  const cells: CellStatus[] = [];
  const total = notebook.blocks.reduce(
    (n, block) => n + (block.kind === 'code' ? 1 : block.inlines.length),
    0,
  );
  let last = performance.now();
  const run = await runNotebook(notebook, {
    parameters: request.parameters,
    cacheDir: request.cacheDir,
    onCell: (cell) => {
      const now = performance.now();
      const status: CellStatus = {
        label: `${cell.kind} ${cell.number}`,
        kind: cell.kind,
        number: cell.number,
        status:
          cell.status === 'error'
            ? 'failed'
            : cell.status === 'not-run'
              ? 'not-run'
              : cell.cached
                ? 'cached'
                : 'ran',
        milliseconds: cell.cached ? 0 : Math.round(now - last),
      };
      last = now;
      cells.push(status);
      if (request.type === 'run')
        post({ type: 'cell', id: request.id, cell: status, done: cells.length, total });
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
