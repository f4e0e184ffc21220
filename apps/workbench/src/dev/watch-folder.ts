import { relative, sep } from 'node:path';
import { watch } from 'chokidar';

/** A running watch of a notebook folder. */
export interface FolderWatch {
  /** Also watch these files (inputs read from outside the folder). */
  add(paths: string[]): void;
  /** Resolves once the initial scan is done and changes are reported. */
  ready: Promise<void>;
  close(): Promise<void>;
}

const SKIPPED = new Set(['node_modules', '_out', 'dist']);

/**
 * Watch a notebook folder, recursively, for files created, changed (written in place or replaced
 * by a rename, as vim, JetBrains IDEs, `git checkout` and the app's own edits save) and deleted.
 * Skips `_out/` (reports and the cell cache), `node_modules/`, `dist/`, dot-files and dot-folders,
 * and the app's own temporary files. Errors of the file system (a folder deleted while being
 * scanned, a cache wiped) go to `onError` and the watch goes on.
 *
 * Built on chokidar, which re-attaches to a file replaced by a rename; Node's own recursive
 * `fs.watch` keeps watching the replaced inode and goes silent after the first such save.
 *
 * @example
 * const folder = watchFolder('/notes', (path) => console.log('changed', path), console.error);
 * await folder.ready;
 * await folder.close();
 */
export function watchFolder(
  root: string,
  onChange: (path: string) => void,
  onError: (error: Error) => void,
): FolderWatch {
  const ignored = (path: string): boolean => {
    const rel = relative(root, path);
    if (rel === '' || rel.startsWith('..')) return false;
    if (/\.muster-\d+\.tmp$/.test(rel)) return true;
    return rel.split(sep).some((segment) => segment.startsWith('.') || SKIPPED.has(segment));
  };
  const watcher = watch(root, { ignored, ignoreInitial: true, atomic: true });
  const report = (path: string) => onChange(path);
  watcher.on('add', report).on('change', report).on('unlink', report);
  watcher.on('error', (error) => onError(error as Error));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    add: (paths) => {
      if (paths.length > 0) watcher.add(paths);
    },
    ready,
    close: () => watcher.close(),
  };
}
