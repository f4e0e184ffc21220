import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Resolve a request path inside `root`, or return null when it would leave it: `..` segments,
 * absolute paths, encoded separators, NUL bytes and symbolic links that point outside are all
 * refused. Only files that exist are resolved.
 */
export function resolveInside(root: string, requested: string): string | null {
  if (requested.includes('\0') || requested.includes('\\')) return null;
  const cleaned = requested.replace(/^\/+/, '');
  if (isAbsolute(cleaned)) return null;
  if (cleaned.split('/').some((segment) => segment === '..')) return null;
  const rootReal = realpathSync(root);
  const candidate = resolve(rootReal, cleaned);
  let real: string;
  try {
    real = realpathSync(candidate);
  } catch {
    return null;
  }
  const rel = relative(rootReal, real);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..'))
    return null;
  return real;
}
