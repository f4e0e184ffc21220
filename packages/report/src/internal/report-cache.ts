/**
 * Reports kept in the notebook's cache folder: rendering the same run again (every cell served
 * from the cache, nothing else changed) returns the bytes written before, without parsing the
 * prose, formatting citations or typesetting, so neither markdown-it, temml, citation-js nor
 * Typst is loaded. Renders are byte-identical, so this is safe when the key covers everything a
 * render depends on: the run (without the counts of cells executed and cached, which no report
 * shows), the manifest, the format and options, the versions of the code that renders, and the
 * files the render reads besides the run's inputs (the images the prose shows), which are
 * recorded with their SHA-256 and checked on every use, as a cell's reads are.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { NotebookRun, ProvenanceManifest } from '../types.ts';
import { writeFileAtomic } from './cache.ts';
import { installedVersion, reportVersion } from './environment.ts';
import { sha256, stableStringify } from './hash.ts';
import { buildManifest } from './manifest.ts';

/** A file a render read: absolute path and SHA-256, or null when it did not exist. */
export interface ReportRead {
  path: string;
  sha256: string | null;
}

/** Version of the layout and key recipe of kept reports; bump to invalidate them all. */
const REPORT_CACHE_FORMAT = 1;

const recording = new AsyncLocalStorage<ReportRead[]>();

/** Note a file the render in progress read (or looked for: `data` null), for the report's key. */
export function noteReportRead(path: string, data: Uint8Array | null): void {
  recording.getStore()?.push({ path, sha256: data === null ? null : sha256(data) });
}

/** Run a render, noting the files it reads. */
export async function recordReportReads<T>(
  render: () => Promise<T>,
): Promise<{ value: T; reads: ReportRead[] }> {
  const reads: ReportRead[] = [];
  const value = await recording.run(reads, render);
  return { value, reads };
}

/** The key of a report of `run`: everything its bytes depend on besides the files it reads. */
export function reportKey(
  run: NotebookRun,
  format: 'html' | 'pdf',
  reportDir: string,
  manifest: ProvenanceManifest | undefined,
  renderer: Record<string, string>,
): string {
  const { stats: _stats, ...shown } = run;
  return sha256(
    JSON.stringify({
      format: REPORT_CACHE_FORMAT,
      report: format,
      reportDir,
      manifest: stableStringify(manifest ?? buildManifest(run, format, reportDir)),
      renderer: { ...rendererVersions(), ...renderer },
      run: {
        ...shown,
        cells: shown.cells.map(({ cached: _cached, executed: _executed, ...cell }) => cell),
      },
    }),
  );
}

let versions: Record<string, string> | null = null;

/** Versions of the code that turns a run into a report (the citation formatter has its own key). */
function rendererVersions(): Record<string, string> {
  versions ??= {
    report: reportVersion(),
    'markdown-it': installedVersion('markdown-it'),
    temml: installedVersion('temml'),
  };
  return versions;
}

/**
 * The reports kept under `<cacheDir>/reports/`: `<slot>.<key>.<format>` and
 * `<slot>.<key>.reads.json`, where the slot names the notebook, format and folder. Only the latest
 * report of each slot is kept: storing one removes the slot's others.
 */
export class ReportCache {
  readonly #dir: string;

  constructor(cacheDir: string) {
    this.#dir = join(cacheDir, 'reports');
  }

  /** The report kept under `key`, if every file it read is as it was. */
  get(slot: string, key: string, format: 'html' | 'pdf'): Uint8Array | null {
    const base = join(this.#dir, `${slot}.${key}`);
    try {
      const reads = JSON.parse(readFileSync(`${base}.reads.json`, 'utf8')) as ReportRead[];
      if (!Array.isArray(reads) || !reads.every(unchanged)) return null;
      return new Uint8Array(readFileSync(`${base}.${format}`));
    } catch {
      return null;
    }
  }

  set(
    slot: string,
    key: string,
    format: 'html' | 'pdf',
    bytes: Uint8Array,
    reads: ReportRead[],
  ): void {
    mkdirSync(this.#dir, { recursive: true });
    const base = join(this.#dir, `${slot}.${key}`);
    writeFileAtomic(`${base}.${format}`, bytes);
    writeFileAtomic(`${base}.reads.json`, JSON.stringify(reads));
    for (const name of readdirSync(this.#dir)) {
      if (name.startsWith(`${slot}.`) && !name.startsWith(`${slot}.${key}.`))
        rmSync(join(this.#dir, name), { force: true });
    }
  }
}

/** The slot of a report: its notebook, format and folder (one report is kept per slot). */
export function reportSlot(run: NotebookRun, format: 'html' | 'pdf', reportDir: string): string {
  return sha256(`${run.notebook.path ?? ''}\0${format}\0${reportDir}`).slice(0, 16);
}

function unchanged(read: ReportRead): boolean {
  let data: Buffer;
  try {
    data = readFileSync(read.path);
  } catch {
    return read.sha256 === null;
  }
  return read.sha256 === sha256(data);
}
