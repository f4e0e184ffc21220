import { ReportCache, recordReportReads, reportKey, reportSlot } from './internal/report-cache.ts';
import { renderHtml } from './render-html.ts';
import { renderPdf, typesetterVersion } from './render-pdf.ts';
import type { NotebookRun, ProvenanceManifest } from './types.ts';

/** A report format. */
export type ReportFormat = 'html' | 'pdf';

/**
 * Render a run in one format to bytes: {@link renderHtml} (UTF-8) or {@link renderPdf}. With a
 * cache folder, the report is kept there and a render of the same run (cells served from the
 * cache, nothing else changed) returns the kept bytes, identical to a new render, without parsing
 * the prose, formatting citations or typesetting.
 *
 * @param run - A finished run.
 * @param format - `html` or `pdf`.
 * @param reportDir - The folder the report goes to.
 * @param manifest - The manifest to embed instead of the run's own (`verifyReport` uses it to tell
 *   a changed manifest from a changed body).
 * @param cacheDir - The run's cache folder, where formatted citations and reports are kept
 *   (default none: every call renders).
 * @returns The report's bytes.
 * @example
 * ```ts
 * const bytes = await renderReport(run, 'html', '_out');
 * bytes.length > 0;
 * // => true
 * ```
 */
export async function renderReport(
  run: NotebookRun,
  format: ReportFormat,
  reportDir: string,
  manifest?: ProvenanceManifest,
  cacheDir?: string | null,
): Promise<Uint8Array> {
  const render = async () =>
    format === 'pdf'
      ? renderPdf(run, { reportDir, manifest, cacheDir })
      : new Uint8Array(Buffer.from(renderHtml(run, { reportDir, manifest, cacheDir }), 'utf8'));
  if (!cacheDir) return render();
  const cache = new ReportCache(cacheDir);
  const key = reportKey(
    run,
    format,
    reportDir,
    manifest,
    format === 'pdf' ? { typesetter: typesetterVersion() } : {},
  );
  const slot = reportSlot(run, format, reportDir);
  const kept = cache.get(slot, key, format);
  if (kept) return kept;
  const { value, reads } = await recordReportReads(render);
  cache.set(slot, key, format, value, reads);
  return value;
}
