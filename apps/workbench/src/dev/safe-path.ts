import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

const hidden = (segment: string) => segment.startsWith('.');

/**
 * Resolve a request path inside `root`, or return null when it would leave it or reach a hidden
 * file: `..` segments, absolute paths, backslashes, NUL bytes, dot-files and dot-folders (`.env`,
 * `.git`, also when reached through a symbolic link) and symbolic links that point outside are all
 * refused. Only files and folders that exist are resolved; the result is their real path.
 *
 * @example
 * resolveInside('/notes', 'data/x.csv'); // => '/notes/data/x.csv' (when it exists)
 * resolveInside('/notes', '../etc/passwd'); // => null
 * resolveInside('/notes', '.env'); // => null
 */
export function resolveInside(root: string, requested: string): string | null {
  if (requested.includes('\0') || requested.includes('\\')) return null;
  const cleaned = requested.replace(/^\/+/, '');
  if (isAbsolute(cleaned)) return null;
  const segments = cleaned.split('/').filter((segment) => segment !== '');
  if (segments.some(hidden)) return null;
  const rootReal = realpathSync(root);
  const candidate = resolve(rootReal, cleaned);
  let real: string;
  try {
    real = realpathSync(candidate);
  } catch {
    return null;
  }
  const rel = relative(rootReal, real);
  if (rel === '' || isAbsolute(rel) || rel.split(sep).some(hidden)) return null;
  return real;
}

/**
 * A request path taken from a URL, percent-decoded once; null when the encoding is malformed.
 *
 * @example
 * decodePath('data%2Fx.csv'); // => 'data/x.csv'
 * decodePath('%E0%A4%A'); // => null
 */
export function decodePath(encoded: string): string | null {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}
