import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from '@muster/core/errors';
import { buildManifest, projectRoot } from './internal/manifest.ts';
import { parseNotebook } from './parse-notebook.ts';
import { readProvenance } from './read-provenance.ts';
import { renderReport } from './render-report.ts';
import { runNotebook } from './run-notebook.ts';
import type { ParameterValue, ProvenanceManifest } from './types.ts';

/** One way in which a report differs from a fresh render. */
export interface ReportDifference {
  kind: 'notebook' | 'input' | 'parameter' | 'seed' | 'version' | 'cell' | 'manifest' | 'bytes';
  /** What differs: a path, a parameter or package name, a cell id. */
  subject: string;
  /** The value recorded in the report, or null when absent. */
  recorded: string | null;
  /** The value now, or null when absent. */
  current: string | null;
  /** One line for people. */
  message: string;
}

/** Options of {@link verifyReport}. */
export interface VerifyReportOptions {
  /**
   * The notebook to re-run. Default: the manifest's path (relative to the project root), looked
   * up from the project around the report, then from the project around the working folder.
   */
  notebook?: string;
  /** A cell cache to use (default none: every cell re-runs). */
  cacheDir?: string | null;
  /** Export conditions for the notebook's imports (default: Node's own). */
  conditions?: readonly string[];
}

/** What {@link verifyReport} found. */
export interface VerifyReportResult {
  /** True when a fresh render is byte-identical to the report. */
  identical: boolean;
  report: string;
  format: 'html' | 'pdf';
  notebook: string;
  differences: ReportDifference[];
}

const short = (hash: string | null) => (hash === null ? 'absent' : hash.slice(0, 12));

/**
 * Verify a report: read its provenance manifest, re-run the notebook with the recorded parameters,
 * render the same format for the same folder and compare bytes. When they differ, say exactly
 * what: the notebook's hash, each input file whose SHA-256 changed (or that appeared or vanished),
 * parameters, seed, versions of Node and packages, each cell or inline expression whose source,
 * status or output changed, and, when no cell output explains the change (prose, rendering), the
 * first byte (and for HTML the first line) where the reports part.
 *
 * @param reportPath - An HTML or PDF report written by Muster.
 * @param options - Notebook override, cache, conditions.
 * @returns Whether the report is reproduced exactly, and the differences.
 * @throws InvalidArgumentError when the report cannot be read; MusterError when it has no manifest.
 * @example
 * ```ts
 * const result = await verifyReport('_out/demo.html');
 * result.identical;
 * // => true
 * ```
 */
export async function verifyReport(
  reportPath: string,
  options: VerifyReportOptions = {},
): Promise<VerifyReportResult> {
  const report = resolve(reportPath);
  let bytes: Buffer;
  try {
    bytes = readFileSync(report);
  } catch {
    throw new InvalidArgumentError(
      'report',
      `verifyReport requires a readable report; cannot read ${JSON.stringify(reportPath)}`,
    );
  }
  const recorded = readProvenance(bytes);
  const reportDir = dirname(report);
  const notebookPath = locateNotebook(recorded.notebook.path, reportDir, options.notebook);
  const result: VerifyReportResult = {
    identical: false,
    report,
    format: recorded.format,
    notebook: notebookPath,
    differences: [],
  };
  const differences = result.differences;

  let notebookBytes: Buffer;
  try {
    notebookBytes = readFileSync(notebookPath);
  } catch {
    differences.push({
      kind: 'notebook',
      subject: notebookPath,
      recorded: recorded.notebook.sha256,
      current: null,
      message: `notebook not found at ${notebookPath}`,
    });
    return result;
  }
  const notebook = parseNotebook(notebookBytes, { path: notebookPath });

  const parameters: Record<string, ParameterValue> = {};
  for (const [name, value] of Object.entries(recorded.parameters)) {
    if (Object.hasOwn(notebook.frontMatter.parameters, name)) parameters[name] = value;
  }
  const run = await runNotebook(notebook, {
    parameters,
    cacheDir: options.cacheDir ?? null,
    conditions: options.conditions,
  });
  const fresh = Buffer.from(await renderReport(run, recorded.format, reportDir));
  const current = buildManifest(run, recorded.format, reportDir);
  differences.push(...compareManifests(recorded, current));

  if (Buffer.compare(bytes, fresh) === 0) {
    result.identical = true;
    return result;
  }
  // The body is what the notebook makes, but the manifest says otherwise: it was edited (alone,
  // or with the body rendered again around it).
  const asRecorded = Buffer.from(await renderReport(run, recorded.format, reportDir, recorded));
  if (
    Buffer.compare(bytes, asRecorded) === 0 ||
    (recorded.format === 'html' && htmlBody(bytes) === htmlBody(fresh))
  ) {
    const fields = differences.map((difference) => difference.subject);
    differences.unshift({
      kind: 'manifest',
      subject: 'manifest',
      recorded: null,
      current: null,
      message: `manifest does not match the body: the report's content is exactly what the notebook makes, but its manifest differs${fields.length > 0 ? ` (${fields.join(', ')})` : ''}`,
    });
    return result;
  }
  // Cell differences say what moved; otherwise (prose, rendering, versions) say where the bytes part.
  if (!differences.some((difference) => difference.kind === 'cell')) {
    differences.push(bytesDifference(bytes, fresh, recorded.format, differences.length === 0));
  }
  return result;
}

function compareManifests(
  recorded: ProvenanceManifest,
  current: ProvenanceManifest,
): ReportDifference[] {
  const out: ReportDifference[] = [];
  if (recorded.notebook.sha256 !== current.notebook.sha256) {
    out.push({
      kind: 'notebook',
      subject: current.notebook.path,
      recorded: recorded.notebook.sha256,
      current: current.notebook.sha256,
      message: `notebook ${current.notebook.path} changed: sha256 ${short(recorded.notebook.sha256)} -> ${short(current.notebook.sha256)}`,
    });
  }
  if (recorded.seed !== current.seed) {
    out.push({
      kind: 'seed',
      subject: 'seed',
      recorded: String(recorded.seed),
      current: String(current.seed),
      message: `seed ${recorded.seed} -> ${current.seed}`,
    });
  }
  for (const name of union(Object.keys(recorded.parameters), Object.keys(current.parameters))) {
    const before = Object.hasOwn(recorded.parameters, name)
      ? JSON.stringify(recorded.parameters[name])
      : null;
    const after = Object.hasOwn(current.parameters, name)
      ? JSON.stringify(current.parameters[name])
      : null;
    if (before !== after) {
      out.push({
        kind: 'parameter',
        subject: name,
        recorded: before,
        current: after,
        message: `parameter ${name}: ${before ?? 'absent'} -> ${after ?? 'absent'}`,
      });
    }
  }
  const inputsBefore = new Map(recorded.inputs.map((input) => [input.path, input.sha256]));
  const inputsAfter = new Map(current.inputs.map((input) => [input.path, input.sha256]));
  for (const path of union([...inputsBefore.keys()], [...inputsAfter.keys()])) {
    const before = inputsBefore.get(path) ?? null;
    const after = inputsAfter.get(path) ?? null;
    if (before === after) continue;
    const message =
      before === null
        ? `input ${path} is new (sha256 ${short(after)})`
        : after === null
          ? `input ${path} is no longer read`
          : `input ${path} changed: sha256 ${short(before)} -> ${short(after)}`;
    out.push({ kind: 'input', subject: path, recorded: before, current: after, message });
  }
  for (const name of union(Object.keys(recorded.versions), Object.keys(current.versions))) {
    const before = recorded.versions[name] ?? null;
    const after = current.versions[name] ?? null;
    if (before !== after) {
      out.push({
        kind: 'version',
        subject: name,
        recorded: before,
        current: after,
        message: `${name} ${before ?? 'absent'} -> ${after ?? 'absent'}`,
      });
    }
  }
  for (const key of ['locale', 'timeZone'] as const) {
    const before = recorded[key] ?? null;
    const after = current[key] ?? null;
    if (before !== after) {
      out.push({
        kind: 'version',
        subject: key,
        recorded: before,
        current: after,
        message: `${key === 'locale' ? 'locale' : 'time zone'} of the cells ${before ?? 'absent'} -> ${after ?? 'absent'}`,
      });
    }
  }
  const cellsBefore = new Map(recorded.cells.map((cell) => [cell.id, cell]));
  const cellsAfter = new Map(current.cells.map((cell) => [cell.id, cell]));
  // In document order: the recorded cells as listed, then cells that are new.
  const ids = [
    ...cellsBefore.keys(),
    ...[...cellsAfter.keys()].filter((id) => !cellsBefore.has(id)),
  ];
  for (const id of ids) {
    const before = cellsBefore.get(id);
    const after = cellsAfter.get(id);
    const where = `${id} (line ${(after ?? before)!.line})`;
    if (!before || !after) {
      out.push({
        kind: 'cell',
        subject: id,
        recorded: before ? before.output : null,
        current: after ? after.output : null,
        message: `${where} ${before ? 'was removed' : 'is new'}`,
      });
      continue;
    }
    const changes: string[] = [];
    if (before.source !== after.source) changes.push('source changed');
    if (before.status !== after.status) changes.push(`status ${before.status} -> ${after.status}`);
    if (before.output !== after.output) changes.push('output differs');
    if (changes.length > 0) {
      out.push({
        kind: 'cell',
        subject: id,
        recorded: before.output,
        current: after.output,
        message: `${where}: ${changes.join(', ')}`,
      });
    }
  }
  return out;
}

/** An HTML report without its embedded manifest. */
function htmlBody(report: Buffer): string {
  return report
    .toString('utf8')
    .replace(
      /(<script type="application\/json" id="muster-provenance">)[\s\S]*?(<\/script>)/,
      '$1$2',
    );
}

/**
 * Where the notebook of a report is: `--notebook` when given; else the manifest's path (relative
 * to the project root) under the project around the report, under the project around the working
 * folder, then under each folder above the report (a notebook outside any project records its
 * path from its own folder; manifests written before paths were project-relative, from the
 * report's folder).
 */
function locateNotebook(path: string, reportDir: string, given?: string): string {
  if (given !== undefined) return resolve(given);
  const candidates = [
    resolve(projectRoot(reportDir), path),
    resolve(projectRoot(process.cwd()), path),
  ];
  for (let dir = reportDir; ; dir = dirname(dir)) {
    candidates.push(resolve(dir, path));
    if (dirname(dir) === dir) break;
  }
  return candidates.find((candidate) => existsSync(candidate)) ?? resolve(reportDir, path);
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

function bytesDifference(
  recorded: Buffer,
  fresh: Buffer,
  format: 'html' | 'pdf',
  alone: boolean,
): ReportDifference {
  let offset = 0;
  while (offset < recorded.length && offset < fresh.length && recorded[offset] === fresh[offset])
    offset += 1;
  let detail = '';
  if (format === 'html') {
    const before = recorded.toString('utf8').split('\n');
    const after = fresh.toString('utf8').split('\n');
    let line = 0;
    while (line < before.length && line < after.length && before[line] === after[line]) line += 1;
    const clip = (text: string | undefined) =>
      text === undefined ? '(end of file)' : text.length > 120 ? `${text.slice(0, 120)}...` : text;
    detail = `; first differing line ${line + 1}: ${JSON.stringify(clip(before[line]))} -> ${JSON.stringify(clip(after[line]))}`;
  }
  return {
    kind: 'bytes',
    subject: 'rendering',
    recorded: `${recorded.length} bytes`,
    current: `${fresh.length} bytes`,
    message: `${alone ? 'every input, parameter, version and cell output matches, but the rendering' : 'the report'} differs from byte ${offset} (${recorded.length} -> ${fresh.length} bytes)${detail}`,
  };
}
