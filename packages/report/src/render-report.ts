import { renderHtml } from './render-html.ts';
import { renderPdf } from './render-pdf.ts';
import type { NotebookRun, ProvenanceManifest } from './types.ts';

/** A report format. */
export type ReportFormat = 'html' | 'pdf';

/**
 * Render a run in one format to bytes: {@link renderHtml} (UTF-8) or {@link renderPdf}.
 *
 * @param run - A finished run.
 * @param format - `html` or `pdf`.
 * @param reportDir - The folder the report goes to.
 * @param manifest - The manifest to embed instead of the run's own (`verifyReport` uses it to tell
 *   a changed manifest from a changed body).
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
): Promise<Uint8Array> {
  if (format === 'pdf') return renderPdf(run, { reportDir, manifest });
  return new Uint8Array(Buffer.from(renderHtml(run, { reportDir, manifest }), 'utf8'));
}
