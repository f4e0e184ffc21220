import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidArgumentError } from '@muster/core';
import { type AccessRules, checkAccess } from './access.ts';
import { clientBundle } from './client-bundle.ts';
import { readJsonBody, send, sendJson, sendText } from './http.ts';
import { findNotebooks, type NotebookEntry } from './notebooks.ts';
import { indexPage, notebookPage } from './pages.ts';
import type { CellChange, NotebookRunner } from './runner.ts';
import { decodePath, resolveInside } from './safe-path.ts';

/** What the request handler needs of its server. */
export interface RouteContext {
  root: string;
  runner: NotebookRunner;
  rules: () => AccessRules;
}

type Body = Record<string, unknown>;

/**
 * Answer one request. Every request passes {@link checkAccess} first (Host allow-list, no
 * cross-origin, session token). GETs only read: runs, edits and exports are POSTs with a JSON body
 * (which a page on another origin cannot send without a CORS preflight, never granted here).
 */
export async function handleRequest(
  request: IncomingMessage,
  response: ServerResponse,
  context: RouteContext,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://muster.invalid');
  const access = checkAccess(request, url, context.rules());
  if (!access.allowed) return sendText(response, access.status, access.reason);
  const method = request.method ?? 'GET';
  if (access.setCookie) {
    response.setHeader('set-cookie', access.setCookie);
    if (method === 'GET' && !url.pathname.startsWith('/api/')) {
      // Keep the token out of the address bar and the history once the cookie holds it.
      url.searchParams.delete('token');
      response.writeHead(303, { location: `${url.pathname}${url.search}` });
      return void response.end();
    }
  }
  if (method === 'GET') return handleGet(url, request, response, context);
  if (method !== 'POST') return sendText(response, 405, `muster dev does not answer ${method}`);
  if (!String(request.headers['content-type']).startsWith('application/json')) {
    return sendText(response, 415, 'muster dev requires POST bodies of type application/json');
  }
  const body = await readJsonBody(request);
  const entry = context.runner.registry.get(String(body.path ?? ''));
  if (!entry) return sendJson(response, 404, { error: `no such notebook: ${String(body.path)}` });
  return handlePost(url.pathname, body, entry, response, context.runner);
}

async function handleGet(
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
  { root, runner }: RouteContext,
): Promise<void> {
  const html = 'text/html; charset=utf-8';
  if (url.pathname === '/') {
    const list = findNotebooks(root).flatMap((path) => runner.registry.get(path)?.state ?? []);
    return send(response, 200, html, indexPage(root, list));
  }
  if (url.pathname === '/assets/app.js') {
    return send(response, 200, 'text/javascript; charset=utf-8', await clientBundle());
  }
  if (url.pathname.startsWith('/notebook/')) {
    const path = decodePath(url.pathname.slice('/notebook/'.length));
    const entry = path === null ? null : runner.registry.get(path);
    if (!entry) return sendText(response, 404, 'no such notebook');
    return send(response, 200, html, notebookPage(entry.state));
  }
  if (url.pathname.startsWith('/files/')) {
    const path = decodePath(url.pathname.slice('/files/'.length));
    const full = path === null ? null : resolveInside(root, path);
    if (!full || !statSync(full).isFile()) return sendText(response, 404, 'not found');
    return send(response, 200, 'application/octet-stream', readFileSync(full));
  }
  const entry = runner.registry.get(url.searchParams.get('path') ?? '');
  if (url.pathname === '/api/notebook' || url.pathname === '/api/events') {
    if (!entry) return sendJson(response, 404, { error: 'no such notebook' });
    if (url.pathname === '/api/notebook') return sendJson(response, 200, entry.state);
    return openEvents(request, response, entry);
  }
  return sendText(response, 404, 'not found');
}

function openEvents(
  request: IncomingMessage,
  response: ServerResponse,
  entry: NotebookEntry,
): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    connection: 'keep-alive',
  });
  response.write(`event: update\ndata: ${JSON.stringify(entry.state)}\n\n`);
  entry.clients.add(response);
  request.on('close', () => entry.clients.delete(response));
}

async function handlePost(
  pathname: string,
  body: Body,
  entry: NotebookEntry,
  response: ServerResponse,
  runner: NotebookRunner,
): Promise<void> {
  switch (pathname) {
    case '/api/run':
      if (body.parameters && typeof body.parameters === 'object') {
        entry.overrides = Object.fromEntries(
          Object.entries(body.parameters as Body).map(([k, v]) => [k, String(v)]),
        );
      }
      await runner.run(entry);
      return sendJson(response, 202, { status: entry.state.status });
    case '/api/cancel':
      runner.cancel(entry);
      return sendJson(response, 200, { status: entry.state.status });
    case '/api/cell':
      await runner.editCell(entry, ...cellEdit(body));
      return sendJson(response, 202, { status: entry.state.status });
    case '/api/cells':
      await runner.editStructure(entry, ...cellChange(body));
      return sendJson(response, 202, { status: entry.state.status });
    case '/api/export': {
      const format = body.format;
      if (format !== 'html' && format !== 'pdf') {
        throw new InvalidArgumentError('format', 'muster dev export requires format html or pdf');
      }
      const bytes = await runner.export(entry, format);
      const name = `${entry.state.path.split('/').pop()!.replace(/\.md$/, '')}.${format}`;
      const type = format === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8';
      return send(response, 200, type, bytes, {
        'content-disposition': `attachment; filename="${name}"`,
      });
    }
    case '/api/export/cancel':
      return sendJson(response, 200, { cancelled: runner.cancelExport(entry) });
    default:
      return sendJson(response, 404, { error: `unknown endpoint POST ${pathname}` });
  }
}

function cellEdit(
  body: Body,
): [cell: number, source: string, expected: { previous?: string; hash?: string }] {
  const cell = Number(body.cell);
  if (!Number.isInteger(cell) || typeof body.source !== 'string') {
    throw new InvalidArgumentError(
      'cell',
      'muster dev requires cell (an integer) and source (a string) to edit a cell',
    );
  }
  const previous = typeof body.previous === 'string' ? body.previous : undefined;
  const hash = typeof body.hash === 'string' ? body.hash : undefined;
  if (previous === undefined && hash === undefined) {
    throw new InvalidArgumentError(
      'previous',
      "muster dev requires an edit to carry the cell's previous source (previous) or the file's SHA-256 (hash)",
    );
  }
  return [cell, body.source, { previous, hash }];
}

function cellChange(body: Body): [change: CellChange, hash: string] {
  const cell = Number(body.cell);
  if (!Number.isInteger(cell) || cell < 0) {
    throw new InvalidArgumentError('cell', 'muster dev requires cell (an integer) to change cells');
  }
  if (typeof body.hash !== 'string') {
    throw new InvalidArgumentError(
      'hash',
      "muster dev requires a change of cells to carry the file's SHA-256 (hash)",
    );
  }
  if (body.op === 'insert') {
    return [
      { op: 'insert', cell, source: typeof body.source === 'string' ? body.source : '' },
      body.hash,
    ];
  }
  if (body.op === 'delete') return [{ op: 'delete', cell }, body.hash];
  if (body.op === 'move' && (body.direction === 'up' || body.direction === 'down')) {
    return [{ op: 'move', cell, direction: body.direction }, body.hash];
  }
  throw new InvalidArgumentError(
    'op',
    `muster dev requires op insert, delete or move (with direction up or down); received ${JSON.stringify(body.op)}`,
  );
}
