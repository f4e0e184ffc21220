import { realpathSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { InvalidArgumentError, MusterError } from '@muster/core';
import { type AccessRules, accessRules, newToken } from './access.ts';
import { sendJson } from './http.ts';
import { type NotebookEntry, NotebookRegistry, sha256 } from './notebooks.ts';
import { readStable } from './read-stable.ts';
import { handleRequest } from './routes.ts';
import { NotebookRunner } from './runner.ts';
import { type FolderWatch, watchFolder } from './watch-folder.ts';
import { WorkerPool } from './worker-pool.ts';

export type { NotebookState } from './notebooks.ts';

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** The notebook folder: the only folder the server reads files from. */
  root: string;
  /** Interface to bind (default 127.0.0.1); also accepted as a `Host` name. */
  host?: string;
  /** Port (default 4321; 0 picks a free one). */
  port?: number;
  /** Session token (default: 32 random bytes); every request must carry it. */
  token?: string;
  /** Notebook runs and exports at once; more wait in a queue (default: cores, at most 4). */
  maxWorkers?: number;
  /**
   * Milliseconds an export may spend in one step outside cells (compiling, drawing charts,
   * typesetting) before it is stopped (default 600 000); cells get the notebook's own `timeout:`.
   */
  exportTimeoutMs?: number;
  /** Where the server reports problems it survives (default: one line on stderr). */
  log?: (line: string) => void;
}

/** A running dev server. */
export interface DevServer {
  /** The start URL, with the session token: `http://127.0.0.1:4321/?token=...`. */
  url: string;
  token: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serve the notebooks of a folder as a live web app: an index of notebooks, a page per notebook
 * with interactive charts, per-cell status and timing, in-page cell editing written back to the
 * file, a parameters form, export of the same HTML and PDF that `muster render` writes, progress
 * and cancellation. Saving a notebook or a file it read re-runs it (through the cell cache) and
 * pushes the new report to open pages over server-sent events.
 *
 * Binds 127.0.0.1 by default, answers only requests with an allowed `Host` and the session
 * token, and serves only files inside `root` (never dot-files).
 *
 * @throws InvalidArgumentError when `root` is not a folder or the port is taken.
 * @example
 * const dev = await startDevServer({ root: 'notebooks', port: 0 });
 * console.log(dev.url); // => 'http://127.0.0.1:41234/?token=3f9c...'
 * await dev.close();
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  if (!statSync(resolve(options.root), { throwIfNoEntry: false })?.isDirectory()) {
    throw new InvalidArgumentError(
      'DIR',
      `muster dev requires a folder of notebooks; received ${JSON.stringify(options.root)}`,
    );
  }
  const root = realpathSync(resolve(options.root));
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const log = options.log ?? ((line: string) => process.stderr.write(`muster dev: ${line}\n`));
  let rules: AccessRules | null = null;
  let runner: NotebookRunner | null = null;

  const server = createServer((request, response) => {
    if (!rules || !runner) return sendJson(response, 503, { error: 'starting' });
    handleRequest(request, response, { root, runner, rules: () => rules! }).catch(
      (error: unknown) => {
        if (response.headersSent) return void response.end();
        const status =
          error instanceof MusterError ? (error.name === 'EditConflictError' ? 409 : 400) : 500;
        sendJson(response, status, { error: (error as Error).message });
      },
    );
  });
  const port = await listen(server, options.port ?? 4321, host);
  rules = accessRules(port, host, token);

  const pool = new WorkerPool({ maxWorkers: options.maxWorkers });
  const registry = new NotebookRegistry(root);
  runner = new NotebookRunner(
    registry,
    pool,
    { cacheDir: join(root, '_out', '.muster-cache'), reportDir: join(root, '_out') },
    options.exportTimeoutMs ?? 600_000,
  );
  const watch = watchChanges(root, runner, log);
  await watch.ready;

  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    token,
    url: `http://${shownHost}:${port}/?token=${token}`,
    close: async () => {
      await watch.close();
      for (const entry of registry.all()) {
        entry.job?.cancel();
        entry.exportJob?.cancel();
        for (const client of entry.clients) client.end();
      }
      await pool.close();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise<number>((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new InvalidArgumentError(
            'port',
            `muster dev requires a free port; ${port} is in use on ${host} (try --port 0)`,
          ),
        );
      } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
        reject(
          new InvalidArgumentError(
            'host',
            `muster dev requires an address of this machine; received --host ${host}`,
          ),
        );
      } else reject(error);
    });
    server.listen(port, host, () => resolveListen((server.address() as AddressInfo).port));
  });
}

/**
 * Re-run a notebook when it or a file its last run read changes. A save that leaves the notebook's
 * bytes as they were (the app's own edit, which has already started the run; a `touch`) is not a
 * change. Bursts of events (an editor's temporary files and renames) are merged.
 */
function watchChanges(
  root: string,
  runner: NotebookRunner,
  log: (line: string) => void,
): FolderWatch {
  const pending = new Map<NotebookEntry, { timer: NodeJS.Timeout; changed: Set<string> }>();
  const onChange = (changed: string) => {
    for (const entry of runner.registry.all()) {
      if (!entry.inputs.has(changed) || entry.state.status === 'not run') continue;
      const burst = pending.get(entry) ?? { timer: undefined, changed: new Set<string>() };
      clearTimeout(burst.timer);
      burst.changed.add(changed);
      burst.timer = setTimeout(() => {
        pending.delete(entry);
        void rerunIfChanged(entry, burst.changed, runner);
      }, 60);
      pending.set(entry, burst as { timer: NodeJS.Timeout; changed: Set<string> });
    }
  };
  const watch = watchFolder(root, onChange, (error) =>
    log(`watching the folder: ${error.message}`),
  );
  runner.onInputs = (inputs) => {
    watch.add(inputs.filter((input) => relative(root, input).startsWith('..')));
  };
  return watch;
}

async function rerunIfChanged(
  entry: NotebookEntry,
  changed: Set<string>,
  runner: NotebookRunner,
): Promise<void> {
  if (changed.size === 1 && changed.has(entry.file)) {
    const text = await readStable(entry.file).catch(() => null);
    if (text !== null && sha256(text) === entry.state.fileHash) return;
  }
  await runner.run(entry);
}
