import {
  type FSWatcher,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve, sep } from 'node:path';
import { MusterError } from '@muster/core';
import { type ParameterValue, parseNotebook } from '@muster/report';
import { clientBundle } from './client-bundle.ts';
import { replaceCellSource } from './edit-cell.ts';
import { indexPage, notebookPage } from './pages.ts';
import type { CellStatus, WorkerMessage } from './protocol.ts';
import { resolveInside } from './safe-path.ts';
import { type Job, WorkerPool } from './worker-pool.ts';

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** The notebook folder: the only folder the server reads files from. */
  root: string;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Port (default 4321; 0 picks a free one). */
  port?: number;
}

/** What the web app knows of one notebook. */
export interface NotebookState {
  /** Path relative to the root, `/`-separated. */
  path: string;
  title: string;
  status: 'not run' | 'running' | 'ok' | 'failed' | 'cancelled' | 'error';
  /** ISO time the last run finished, or null. */
  lastRun: string | null;
  /** Milliseconds the last run took. */
  duration: number | null;
  html: string | null;
  cells: CellStatus[];
  /** Code cell sources by cell number, for editing in the page. */
  sources: Record<number, string>;
  progress: { done: number; total: number } | null;
  parameters: Record<string, ParameterValue>;
  parameterDefaults: Record<string, ParameterValue>;
  parameterDescriptions: Record<string, string>;
  error: string | null;
  /** Increments with every finished run. */
  version: number;
}

interface Entry {
  state: NotebookState;
  overrides: Record<string, string>;
  inputs: Set<string>;
  job: Job | null;
  started: number;
  clients: Set<ServerResponse>;
}

const SKIP = new Set(['node_modules', '_out', 'dist']);

function findNotebooks(root: string, dir = root, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    if (entry.name.startsWith('.') || SKIP.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) findNotebooks(root, full, found);
    else if (
      entry.isFile() &&
      entry.name.endsWith('.md') &&
      /^---\r?\n/.test(readFileSync(full, 'utf8').slice(0, 8))
    ) {
      found.push(relative(root, full).split(sep).join('/'));
    }
  }
  return found;
}

function codeSources(text: string): { title: string; sources: Record<number, string> } {
  const notebook = parseNotebook(text);
  const sources: Record<number, string> = {};
  for (const block of notebook.blocks)
    if (block.kind === 'code') sources[block.cell] = block.source;
  return { title: notebook.frontMatter.title, sources };
}

/**
 * Serve the notebooks of a folder as a live web app: an index of notebooks, a page per notebook
 * with interactive charts, per-cell status and timing, in-page cell editing written back to the
 * file, a parameters form, export of the same HTML and PDF that `muster render` writes, progress
 * and cancellation. Saving a notebook or a file it read re-runs it (through the cell cache) and
 * pushes the new report to open pages over server-sent events.
 *
 * Binds 127.0.0.1 by default and serves only files inside `root`.
 */
export async function startDevServer(
  options: DevServerOptions,
): Promise<{ url: string; close(): Promise<void>; server: Server }> {
  if (!statSync(resolve(options.root), { throwIfNoEntry: false })?.isDirectory()) {
    throw new MusterError(
      `muster dev requires a folder of notebooks; received ${JSON.stringify(options.root)}`,
    );
  }
  const root = realpathSync(resolve(options.root));
  const host = options.host ?? '127.0.0.1';
  const outDir = join(root, '_out');
  const cacheDir = join(outDir, '.muster-cache');
  const pool = new WorkerPool();
  const entries = new Map<string, Entry>();
  const bundle = clientBundle();

  const entryFor = (path: string): Entry | null => {
    const existing = entries.get(path);
    if (existing) return existing;
    const full = resolveInside(root, path);
    if (!full?.endsWith('.md')) return null;
    let title = path;
    let sources: Record<number, string> = {};
    let error: string | null = null;
    try {
      ({ title, sources } = codeSources(readFileSync(full, 'utf8')));
    } catch (e) {
      error = (e as Error).message;
    }
    const entry: Entry = {
      state: {
        path,
        title,
        status: error ? 'error' : 'not run',
        lastRun: null,
        duration: null,
        html: null,
        cells: [],
        sources,
        progress: null,
        parameters: {},
        parameterDefaults: {},
        parameterDescriptions: {},
        error,
        version: 0,
      },
      overrides: {},
      inputs: new Set([full]),
      job: null,
      started: 0,
      clients: new Set(),
    };
    entries.set(path, entry);
    return entry;
  };

  const broadcast = (entry: Entry, event: string, data: unknown) => {
    const payload = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const client of entry.clients) client.write(payload);
  };

  const run = (entry: Entry) => {
    entry.job?.cancel();
    const full = resolveInside(root, entry.state.path);
    if (!full) return;
    try {
      const parsed = codeSources(readFileSync(full, 'utf8'));
      entry.state.title = parsed.title;
      entry.state.sources = parsed.sources;
    } catch (e) {
      entry.state.status = 'error';
      entry.state.error = (e as Error).message;
      entry.state.version++;
      broadcast(entry, 'update', entry.state);
      return;
    }
    entry.state.status = 'running';
    entry.state.progress = { done: 0, total: 0 };
    entry.started = performance.now();
    broadcast(entry, 'status', { status: 'running', progress: entry.state.progress });
    const job = pool.start(
      { type: 'run', path: full, parameters: entry.overrides, cacheDir, reportDir: outDir },
      (message: WorkerMessage) => {
        if (message.type === 'cell') {
          entry.state.progress = { done: message.done, total: message.total };
          broadcast(entry, 'progress', {
            done: message.done,
            total: message.total,
            cell: message.cell,
          });
          return;
        }
        entry.job = null;
        entry.state.progress = null;
        entry.state.lastRun = new Date().toISOString();
        entry.state.duration = Math.round(performance.now() - entry.started);
        entry.state.version++;
        if (message.type === 'done') {
          entry.state.status = message.failed ? 'failed' : 'ok';
          entry.state.error = null;
          entry.state.html = message.html;
          entry.state.title = message.title;
          entry.state.cells = message.cells;
          entry.state.parameters = message.parameters;
          entry.state.parameterDefaults = message.parameterDefaults;
          entry.state.parameterDescriptions = message.parameterDescriptions;
          entry.inputs = new Set([full, ...message.inputs]);
        } else if (message.type === 'error') {
          entry.state.status = 'error';
          entry.state.error = message.message;
        }
        broadcast(entry, 'update', entry.state);
      },
    );
    entry.job = job;
  };

  const cancel = (entry: Entry) => {
    if (!entry.job) return;
    entry.job.cancel();
    entry.job = null;
    entry.state.status = 'cancelled';
    entry.state.progress = null;
    entry.state.version++;
    broadcast(entry, 'update', entry.state);
  };

  // Watch the folder: a change to a notebook or to a file a notebook read re-runs that notebook.
  const pending = new Map<string, NodeJS.Timeout>();
  // Files the server itself just wrote (cell edits), which it re-runs without the watcher's help.
  const ownWrites = new Map<string, number>();
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(root, { recursive: true }, (_event, filename) => {
      if (!filename) return;
      const changed = join(root, filename.toString());
      if (changed.startsWith(outDir + sep)) return;
      if (performance.now() - (ownWrites.get(changed) ?? -Infinity) < 500) return;
      for (const entry of entries.values()) {
        if (!entry.inputs.has(changed) || entry.state.status === 'not run') continue;
        clearTimeout(pending.get(entry.state.path));
        pending.set(
          entry.state.path,
          setTimeout(() => {
            pending.delete(entry.state.path);
            run(entry);
          }, 60),
        );
      }
    });
  } catch {
    watcher = null;
  }

  const send = (
    response: ServerResponse,
    status: number,
    type: string,
    body: string | Uint8Array,
    headers: Record<string, string> = {},
  ) => {
    response.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    });
    response.end(body);
  };
  const json = (response: ServerResponse, status: number, value: unknown) =>
    send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));

  const readBody = (request: IncomingMessage): Promise<Record<string, unknown>> =>
    new Promise((resolveBody, reject) => {
      let size = 0;
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > 1 << 20) reject(new MusterError('request body over 1 MiB'));
        else chunks.push(chunk);
      });
      request.on('end', () => {
        try {
          resolveBody(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
        } catch {
          reject(new MusterError('request body is not JSON'));
        }
      });
      request.on('error', reject);
    });

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    if (method === 'POST') {
      // Only same-origin JSON requests may change anything.
      const origin = request.headers.origin;
      if (
        !String(request.headers['content-type']).startsWith('application/json') ||
        (origin && new URL(origin).host !== request.headers.host)
      ) {
        return json(response, 403, { error: 'cross-origin or non-JSON request refused' });
      }
    }
    const notebookParam = url.searchParams.get('path') ?? '';

    if (method === 'GET' && url.pathname === '/') {
      const list = findNotebooks(root).map((path) => entryFor(path)!.state);
      return send(response, 200, 'text/html; charset=utf-8', indexPage(root, list));
    }
    if (method === 'GET' && url.pathname === '/assets/app.js') {
      return send(response, 200, 'text/javascript; charset=utf-8', await bundle);
    }
    if (method === 'GET' && url.pathname.startsWith('/notebook/')) {
      const path = decodeURIComponent(url.pathname.slice('/notebook/'.length));
      const entry = entryFor(path);
      if (!entry) return send(response, 404, 'text/plain; charset=utf-8', 'no such notebook');
      if (entry.state.status === 'not run') run(entry);
      return send(response, 200, 'text/html; charset=utf-8', notebookPage(entry.state));
    }
    if (method === 'GET' && url.pathname.startsWith('/files/')) {
      const full = resolveInside(root, decodeURIComponent(url.pathname.slice('/files/'.length)));
      if (!full || !statSync(full).isFile())
        return send(response, 404, 'text/plain; charset=utf-8', 'not found');
      return send(response, 200, 'application/octet-stream', readFileSync(full));
    }
    if (url.pathname.startsWith('/api/')) {
      const body = method === 'POST' ? await readBody(request) : {};
      const path = String(body.path ?? notebookParam);
      const entry = entryFor(path);
      if (!entry) return json(response, 404, { error: `no such notebook: ${path}` });
      switch (`${method} ${url.pathname}`) {
        case 'GET /api/notebook':
          return json(response, 200, entry.state);
        case 'GET /api/events': {
          response.writeHead(200, {
            'content-type': 'text/event-stream',
            'cache-control': 'no-store',
            connection: 'keep-alive',
          });
          response.write(`event: update\ndata: ${JSON.stringify(entry.state)}\n\n`);
          entry.clients.add(response);
          request.on('close', () => entry.clients.delete(response));
          return;
        }
        case 'POST /api/run': {
          if (body.parameters && typeof body.parameters === 'object') {
            entry.overrides = Object.fromEntries(
              Object.entries(body.parameters as Record<string, unknown>).map(([k, v]) => [
                k,
                String(v),
              ]),
            );
          }
          run(entry);
          return json(response, 202, { status: 'running' });
        }
        case 'POST /api/cancel':
          cancel(entry);
          return json(response, 200, { status: entry.state.status });
        case 'POST /api/cell': {
          const cell = Number(body.cell);
          if (!Number.isInteger(cell) || typeof body.source !== 'string') {
            return json(response, 400, {
              error: 'cell (an integer) and source (a string) are required',
            });
          }
          const full = resolveInside(root, path)!;
          const updated = replaceCellSource(readFileSync(full, 'utf8'), cell, body.source);
          const temporary = `${full}.muster-${process.pid}.tmp`;
          writeFileSync(temporary, updated);
          ownWrites.set(full, performance.now());
          renameSync(temporary, full);
          run(entry);
          return json(response, 202, { status: 'running' });
        }
        case 'GET /api/export': {
          const format = url.searchParams.get('format');
          if (format !== 'html' && format !== 'pdf')
            return json(response, 400, { error: 'format must be html or pdf' });
          const full = resolveInside(root, path)!;
          const bytes = await new Promise<Uint8Array>((resolveExport, reject) => {
            pool.start(
              {
                type: 'export',
                path: full,
                parameters: entry.overrides,
                cacheDir,
                reportDir: outDir,
                format,
              },
              (message) => {
                if (message.type === 'exported') resolveExport(message.bytes);
                else if (message.type === 'error') reject(new MusterError(message.message));
              },
            );
          });
          const name = `${path.split('/').pop()!.replace(/\.md$/, '')}.${format}`;
          return send(
            response,
            200,
            format === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8',
            bytes,
            {
              'content-disposition': `attachment; filename="${name}"`,
            },
          );
        }
        default:
          return json(response, 404, { error: `unknown endpoint ${method} ${url.pathname}` });
      }
    }
    return send(response, 404, 'text/plain; charset=utf-8', 'not found');
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        json(response, error instanceof MusterError ? 400 : 500, {
          error: (error as Error).message,
        });
      else response.end();
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4321, host, () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}/`,
    close: async () => {
      watcher?.close();
      for (const entry of entries.values()) {
        entry.job?.cancel();
        for (const client of entry.clients) client.end();
      }
      await pool.close();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}
