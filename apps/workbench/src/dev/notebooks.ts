import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join, relative, sep } from 'node:path';
import { type ParameterValue, parseNotebook } from '@muster/report';
import type { CellStatus } from './protocol.ts';
import { resolveInside } from './safe-path.ts';
import type { Job } from './worker-pool.ts';

/** What the web app knows of one notebook. */
export interface NotebookState {
  /** Path relative to the root, `/`-separated, from the file's real path. */
  path: string;
  title: string;
  /** `queued` waits for a free worker (see `muster dev --workers`). */
  status: 'not run' | 'queued' | 'running' | 'ok' | 'failed' | 'cancelled' | 'error';
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
  /** SHA-256 of the notebook file as last read: an edit may send it to prove it is up to date. */
  fileHash: string | null;
  /** Increments with every finished run. */
  version: number;
}

/** One notebook the server has seen: its state, its run and the pages listening to it. */
export interface NotebookEntry {
  /** Real absolute path of the notebook file. */
  file: string;
  state: NotebookState;
  overrides: Record<string, string>;
  /** Real paths of the notebook and every file its last run read. */
  inputs: Set<string>;
  job: Job | null;
  exportJob: Job | null;
  started: number;
  clients: Set<ServerResponse>;
}

const SKIP = new Set(['node_modules', '_out', 'dist']);

/** Notebooks (Markdown files with front matter) under `dir`, sorted, skipping dot-folders. */
export function findNotebooks(root: string, dir = root, found: string[] = []): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.') || SKIP.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) findNotebooks(root, full, found);
    else if (entry.isFile() && entry.name.endsWith('.md') && startsWithFrontMatter(full)) {
      found.push(relative(root, full).split(sep).join('/'));
    }
  }
  return found;
}

const startsWithFrontMatter = (file: string): boolean => {
  try {
    return /^---\r?\n/.test(readFileSync(file, 'utf8').slice(0, 8));
  } catch {
    return false;
  }
};

/** SHA-256 of a text, as hexadecimal. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Title and code cell sources of a notebook's text. */
export function codeSources(text: string): { title: string; sources: Record<number, string> } {
  const notebook = parseNotebook(text);
  const sources: Record<number, string> = {};
  for (const block of notebook.blocks)
    if (block.kind === 'code') sources[block.cell] = block.source;
  return { title: notebook.frontMatter.title, sources };
}

/**
 * The notebooks of one folder, keyed by the real path of their file, so `/notebook//x.md`,
 * `/notebook/./x.md` and a symbolic link to `x.md` all reach the same entry (and the same run).
 */
export class NotebookRegistry {
  readonly #entries = new Map<string, NotebookEntry>();
  constructor(readonly root: string) {}

  /** The entry of the notebook at `requested` (relative to the root), or null if there is none. */
  get(requested: string): NotebookEntry | null {
    const file = resolveInside(this.root, requested);
    if (!file?.endsWith('.md')) return null;
    const existing = this.#entries.get(file);
    if (existing) return existing;
    const path = relative(this.root, file).split(sep).join('/');
    let title = path;
    let sources: Record<number, string> = {};
    let error: string | null = null;
    let fileHash: string | null = null;
    try {
      const text = readFileSync(file, 'utf8');
      fileHash = sha256(text);
      ({ title, sources } = codeSources(text));
    } catch (e) {
      error = (e as Error).message;
    }
    const entry: NotebookEntry = {
      file,
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
        fileHash,
        version: 0,
      },
      overrides: {},
      inputs: new Set([file]),
      job: null,
      exportJob: null,
      started: 0,
      clients: new Set(),
    };
    this.#entries.set(file, entry);
    return entry;
  }

  /** Every entry seen so far. */
  all(): NotebookEntry[] {
    return [...this.#entries.values()];
  }

  /** Send a server-sent event to every page showing `entry`. */
  broadcast(entry: NotebookEntry, event: string, data: unknown): void {
    const payload = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const client of entry.clients) client.write(payload);
  }
}
