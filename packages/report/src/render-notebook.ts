import { mkdirSync, readFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { InvalidArgumentError } from '@muster/core/errors';
import { writeFileAtomic } from './internal/cache.ts';
import { parseNotebookCached } from './internal/notebook-cache.ts';
import { runNotebookApart } from './internal/run-apart.ts';
import { type ReportFormat, renderReport } from './render-report.ts';
import { runFromCache, runNotebook } from './run-notebook.ts';
import type { CellRun, NotebookRun, ParameterValue } from './types.ts';

/** Options of {@link renderNotebook}. */
export interface RenderNotebookOptions {
  /** Folder for the reports (created if missing). */
  outDir: string;
  /** Formats to write (default `['html']`). */
  formats?: ReportFormat[];
  /** Parameter overrides (strings are parsed by the type of the default). */
  parameters?: Record<string, ParameterValue | string>;
  /** Use the cell cache (default true). */
  cache?: boolean;
  /** Cache folder (default `<outDir>/.muster-cache`). */
  cacheDir?: string;
  /** Export conditions for the notebook's imports (default: Node's own). */
  conditions?: readonly string[];
  /** Called after each cell. */
  onCell?: (cell: CellRun) => void;
  /**
   * Run the cells in a worker thread (default true), where the front matter's `timeout` stops a
   * cell that never finishes (even a busy loop) and `memory` caps the heap; false runs them in this
   * thread, where only a cell that never settles is stopped.
   */
  isolate?: boolean;
}

/** What {@link renderNotebook} did. */
export interface RenderNotebookResult {
  run: NotebookRun;
  /** Reports written, in the order of `formats`. */
  files: { format: ReportFormat; path: string }[];
  /** True when a cell failed (the reports are written and show the error). */
  failed: boolean;
}

/**
 * Run a notebook file and write its reports to `<outDir>/<name>.<format>`. Each report is written
 * to a temporary file and renamed, so a failed or interrupted render never leaves a half-written
 * report. Cell results, formatted citations and typeset PDFs are cached in
 * `<outDir>/.muster-cache` unless `cache` is false; a render the cache serves whole runs no cell,
 * starts no worker thread and loads neither citation-js nor Typst.
 *
 * @param path - The notebook file (Markdown with front matter and `ts` cells).
 * @param options - Output folder, formats, parameters, cache.
 * @returns The run, the files written and whether a cell failed.
 * @throws InvalidArgumentError when the notebook file cannot be read or a format is unknown;
 *   MusterError for a malformed notebook or an unknown parameter.
 * @example
 * ```ts
 * const { files, failed } = await renderNotebook('notebooks/demo.md', { outDir: '_out', formats: ['html', 'pdf'] });
 * files.map((file) => file.path);
 * // => ['_out/demo.html', '_out/demo.pdf']
 * ```
 */
export async function renderNotebook(
  path: string,
  options: RenderNotebookOptions,
): Promise<RenderNotebookResult> {
  const formats = options.formats ?? ['html'];
  for (const format of formats) {
    if (format !== 'html' && format !== 'pdf') {
      throw new InvalidArgumentError(
        'to',
        `renderNotebook requires formats html or pdf; received ${JSON.stringify(format)}`,
      );
    }
  }
  const notebookPath = resolve(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(notebookPath);
  } catch {
    throw new InvalidArgumentError(
      'notebook',
      `renderNotebook requires a readable notebook file; cannot read ${JSON.stringify(path)}`,
    );
  }
  const outDir = resolve(options.outDir);
  const cacheDir =
    options.cache === false ? null : resolve(options.cacheDir ?? join(outDir, '.muster-cache'));
  const notebook = parseNotebookCached(bytes, notebookPath, cacheDir);
  const runOptions = {
    parameters: options.parameters,
    cacheDir,
    conditions: options.conditions,
    onCell: options.onCell,
  };
  // A run the cache serves whole needs no worker thread: nothing runs.
  const run =
    options.isolate === false
      ? await runNotebook(notebook, runOptions)
      : ((await runFromCache(notebook, runOptions)) ??
        (await runNotebookApart(notebook, runOptions)));
  mkdirSync(outDir, { recursive: true });
  const name = basename(notebookPath, extname(notebookPath));
  const files: RenderNotebookResult['files'] = [];
  for (const format of formats) {
    const report = await renderReport(run, format, outDir, undefined, cacheDir);
    const file = join(outDir, `${name}.${format}`);
    writeFileAtomic(file, report);
    files.push({ format, path: file });
  }
  return { run, files, failed: run.failed };
}
