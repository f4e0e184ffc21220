import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { NotebookRun, ProvenanceManifest } from '../types.ts';
import { sha256, stableStringify } from './hash.ts';
import { CELL_LOCALE, CELL_TIME_ZONE } from './pin-locale.ts';

/**
 * The project a notebook belongs to: the nearest folder above it with `.git` or
 * `pnpm-workspace.yaml`, else the nearest with a `package.json`, else the notebook's own folder.
 * Manifests record the notebook's path relative to it, so a report that is moved or downloaded
 * still names its notebook the same way.
 */
export function projectRoot(dir: string): string {
  let packageDir: string | null = null;
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, '.git')) || existsSync(join(current, 'pnpm-workspace.yaml')))
      return current;
    if (packageDir === null && existsSync(join(current, 'package.json'))) packageDir = current;
    if (dirname(current) === current) return packageDir ?? dir;
  }
}

/**
 * The provenance manifest of a report of `run` written in `format` (into folder `reportDir`,
 * which no longer changes it): notebook path (relative to its project root) and SHA-256, parameters, seed, inputs with SHA-256, a
 * hash of each cell's source and outputs, and versions. Keys are sorted when serialised.
 */
export function buildManifest(
  run: NotebookRun,
  format: 'html' | 'pdf',
  reportDir: string,
): ProvenanceManifest {
  void reportDir;
  const notebookPath = run.notebook.path;
  let path = 'notebook.md';
  if (notebookPath !== null) {
    const rel = relative(projectRoot(dirname(notebookPath)), notebookPath);
    path = (isAbsolute(rel) ? notebookPath : rel).split(sep).join('/');
  }
  return {
    manifest: 'muster-provenance/1',
    format,
    notebook: { path, sha256: run.notebook.sha256 },
    title: run.notebook.frontMatter.title,
    parameters: run.parameters,
    seed: run.seed,
    inputs: run.inputs,
    cells: run.cells.map((cell) => ({
      id: `${cell.kind === 'code' ? 'cell' : 'inline'}-${cell.number}`,
      line: cell.line,
      status: cell.status,
      source: sha256(sourceOf(run, cell.kind, cell.number)),
      output: sha256(stableStringify(cell.outputs)),
    })),
    versions: run.versions,
    locale: CELL_LOCALE,
    timeZone: CELL_TIME_ZONE,
  };
}

function sourceOf(run: NotebookRun, kind: 'code' | 'inline', number: number): string {
  for (const block of run.notebook.blocks) {
    if (kind === 'code' && block.kind === 'code' && block.cell === number) return block.source;
    if (kind === 'inline' && block.kind === 'prose') {
      const inline = block.inlines.find((item) => item.inline === number);
      if (inline) return inline.source;
    }
  }
  return '';
}

/** The manifest as canonical JSON (sorted keys). */
export function manifestJson(manifest: ProvenanceManifest, indent?: number): string {
  return stableStringify(manifest, indent);
}
