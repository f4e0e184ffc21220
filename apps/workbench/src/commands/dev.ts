import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@muster/core';
import type { Command } from '../command.ts';
import { startDevServer } from '../dev/server.ts';

const usage = `usage: muster dev [DIR] [--port N] [--host ADDRESS] [--workers N] [--export-timeout S]

Serve the notebooks in DIR (default: notebooks) as a live web app: edit in your editor or in the
page, re-run through the cache, change parameters, export HTML and PDF. Open the printed URL: it
carries the session token that every request needs.
  --port N             port to listen on (default 4321; 0 picks a free port)
  --workers N          notebook runs and exports at once; more wait in a queue (default: the
                       number of cores, at most 4)
  --export-timeout S   seconds an export may spend in one step outside cells (compiling,
                       drawing, typesetting; default 600); each cell gets the notebook's
                       timeout: (default 600 s), as in muster render
  --host ADDRESS       interface to bind and Host name to accept (default 127.0.0.1; anything
                       else exposes your files and lets anyone with the token run code)`;

export const command: Command = {
  summary: 'serve notebooks as a live web app',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        port: { type: 'string', default: '4321' },
        host: { type: 'string', default: '127.0.0.1' },
        workers: { type: 'string' },
        'export-timeout': { type: 'string' },
      },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new InvalidArgumentError(
        'port',
        `muster dev requires --port between 0 and 65535; received ${values.port}`,
      );
    }
    const workers = values.workers === undefined ? undefined : Number(values.workers);
    if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= 64)) {
      throw new InvalidArgumentError(
        'workers',
        `muster dev requires --workers between 1 and 64; received ${values.workers}`,
      );
    }
    const exportTimeout =
      values['export-timeout'] === undefined ? undefined : Number(values['export-timeout']);
    if (exportTimeout !== undefined && !(Number.isFinite(exportTimeout) && exportTimeout > 0)) {
      throw new InvalidArgumentError(
        'export-timeout',
        `muster dev requires --export-timeout to be a positive number of seconds; received ${values['export-timeout']}`,
      );
    }
    if (positionals.length > 1) {
      throw new InvalidArgumentError(
        'DIR',
        `muster dev takes one folder; received ${positionals.length}`,
      );
    }
    const host = values.host!;
    if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
      process.stderr.write(
        `muster dev: warning: binding ${host} makes the notebooks, the files beside them and cell editing reachable from other machines\n`,
      );
    }
    const { url, close } = await startDevServer({
      root: positionals[0] ?? 'notebooks',
      host,
      port,
      maxWorkers: workers,
      exportTimeoutMs: exportTimeout === undefined ? undefined : exportTimeout * 1000,
    });
    process.stdout.write(`muster dev: serving ${positionals[0] ?? 'notebooks'} at ${url}\n`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        void close().then(resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
