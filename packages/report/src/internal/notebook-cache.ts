/**
 * Parsed notebooks kept in the cache folder by a hash of their bytes, path and parser, so that a
 * render served from the cache does not load the YAML parser (parsing is a pure function of these;
 * a notebook whose parse does not survive JSON, which the cache stores, is not kept).
 */
import { isDeepStrictEqual } from 'node:util';
import { parseNotebook } from '../parse-notebook.ts';
import type { Notebook } from '../types.ts';
import { CellCache } from './cache.ts';
import { installedVersion, reportVersion } from './environment.ts';
import { sha256, stableStringify } from './hash.ts';

/** {@link parseNotebook}, served from `cacheDir` when these bytes at this path were parsed before. */
export function parseNotebookCached(
  bytes: Uint8Array,
  path: string,
  cacheDir: string | null,
): Notebook {
  if (cacheDir === null) return parseNotebook(bytes, { path });
  const cache = new CellCache(cacheDir);
  const key = sha256(
    stableStringify({
      format: 1,
      notebook: sha256(bytes),
      path,
      parser: { report: reportVersion(), yaml: installedVersion('yaml') },
    }),
  );
  const kept = cache.getNotebook(key);
  if (kept !== null) return kept;
  const notebook = parseNotebook(bytes, { path });
  if (isDeepStrictEqual(JSON.parse(JSON.stringify(notebook)), notebook))
    cache.setNotebook(key, notebook);
  return notebook;
}
