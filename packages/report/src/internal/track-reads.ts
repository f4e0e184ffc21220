import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

type PathLike = string | Buffer | URL | number;

function toPath(path: PathLike, baseDir: string): string | null {
  if (typeof path === 'number') return null;
  if (path instanceof URL) return path.protocol === 'file:' ? fileURLToPath(path) : null;
  const text = Buffer.isBuffer(path) ? path.toString('utf8') : String(path);
  if (text.startsWith('file:')) return fileURLToPath(text);
  return resolve(baseDir, text);
}

/**
 * While a cell runs, report every file read through `fs.readFileSync`, `fs.readFile` and
 * `fs.promises.readFile` (also as imported from `node:fs` and `node:fs/promises`), as an absolute
 * path (relative paths resolve against the working folder, as fs does). Returns a function that
 * restores fs.
 */
export function trackFileReads(onRead: (path: string) => void): () => void {
  const originalSync = fs.readFileSync;
  const originalAsync = fs.readFile;
  const originalPromise = fs.promises.readFile;
  const note = (path: PathLike) => {
    const absolute = toPath(path, process.cwd());
    if (absolute !== null) onRead(absolute);
  };
  fs.readFileSync = function readFileSync(this: unknown, path: PathLike, ...rest: unknown[]) {
    note(path);
    return (originalSync as (...args: unknown[]) => unknown).call(this, path, ...rest);
  } as typeof fs.readFileSync;
  fs.readFile = function readFile(this: unknown, path: PathLike, ...rest: unknown[]) {
    note(path);
    return (originalAsync as (...args: unknown[]) => unknown).call(this, path, ...rest);
  } as typeof fs.readFile;
  fs.promises.readFile = function readFile(
    this: unknown,
    path: PathLike | fs.promises.FileHandle,
    ...rest: unknown[]
  ) {
    if (typeof path === 'string' || Buffer.isBuffer(path) || path instanceof URL) note(path);
    return (originalPromise as (...args: unknown[]) => unknown).call(this, path, ...rest);
  } as typeof fs.promises.readFile;
  syncBuiltinESMExports();
  return () => {
    fs.readFileSync = originalSync;
    fs.readFile = originalAsync;
    fs.promises.readFile = originalPromise;
    syncBuiltinESMExports();
  };
}
