import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DisplayItem, FileRead, Notebook } from '../types.ts';
import type { CompiledCell } from './compile-cell.ts';

/** What the cache keeps for a cell: its outputs and the files it read (to validate the entry). */
export interface CellCacheEntry {
  format: 1;
  outputs: DisplayItem[];
  reads: FileRead[];
}

let temporaryCounter = 0;

/** Write a file through a temporary name and a rename, so readers never see half a file. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  temporaryCounter += 1;
  const temporary = `${path}.tmp-${process.pid}-${temporaryCounter}`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

/**
 * The cell cache: one JSON file per key under `<dir>/cells/` (outputs and reads), per compiled
 * source under `<dir>/compiled/`, per parsed notebook under `<dir>/notebooks/` and per set of
 * formatted citations under `<dir>/citations/`
 * (reports are kept under `<dir>/reports/`, see report-cache.ts). A null `dir` disables caching.
 */
export class CellCache {
  readonly dir: string | null;

  constructor(dir: string | null) {
    this.dir = dir;
  }

  private read<T>(folder: string, key: string): T | null {
    if (this.dir === null) return null;
    try {
      return JSON.parse(readFileSync(join(this.dir, folder, `${key}.json`), 'utf8')) as T;
    } catch {
      return null;
    }
  }

  private write(folder: string, key: string, value: unknown): void {
    if (this.dir === null) return;
    const folderPath = join(this.dir, folder);
    mkdirSync(folderPath, { recursive: true });
    writeFileAtomic(join(folderPath, `${key}.json`), JSON.stringify(value));
  }

  getCell(key: string): CellCacheEntry | null {
    const entry = this.read<CellCacheEntry>('cells', key);
    return entry && entry.format === 1 && Array.isArray(entry.outputs) && Array.isArray(entry.reads)
      ? entry
      : null;
  }

  setCell(key: string, entry: CellCacheEntry): void {
    this.write('cells', key, entry);
  }

  getCompiled(key: string): CompiledCell | null {
    return this.read<CompiledCell>('compiled', key);
  }

  setCompiled(key: string, compiled: CompiledCell): void {
    this.write('compiled', key, compiled);
  }

  /** A parsed notebook (see notebook-cache.ts). */
  getNotebook(key: string): Notebook | null {
    const notebook = this.read<Notebook>('notebooks', key);
    return notebook && Array.isArray(notebook.blocks) && typeof notebook.sha256 === 'string'
      ? notebook
      : null;
  }

  setNotebook(key: string, notebook: Notebook): void {
    this.write('notebooks', key, notebook);
  }

  /** Formatted citations (the caller checks their shape). */
  getCitations<T>(key: string): T | null {
    return this.read<T>('citations', key);
  }

  setCitations(key: string, citations: unknown): void {
    this.write('citations', key, citations);
  }
}
