import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Token } from 'markdown-it';
import { noteReportRead } from './report-cache.ts';

/** An image file that prose shows, read from disk. */
export interface ImageFile {
  mime: string;
  /** Extension Typst knows the format by. */
  extension: string;
  data: Uint8Array;
}

const TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  webp: 'image/webp',
};

/**
 * Read the images that prose refers to (`![alt](path)`), relative to the notebook's folder. Only
 * local files of the types both reports can show are read; URLs are never fetched (a report is
 * built without the network) and missing files are left out, so the renderers say so in place.
 */
export function readProseImages(
  notebookPath: string | null,
  tokenLists: Token[][],
): Map<string, ImageFile> {
  const baseDir = notebookPath ? dirname(notebookPath) : process.cwd();
  const images = new Map<string, ImageFile>();
  const visit = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.children) visit(token.children);
      if (token.type !== 'image') continue;
      const src = String(token.attrGet('src') ?? '');
      if (images.has(src) || /^[a-z][a-z0-9+.-]*:/i.test(src)) continue;
      const extension = (/\.([A-Za-z0-9]+)$/.exec(src)?.[1] ?? '').toLowerCase();
      const mime = TYPES[extension];
      if (!mime) continue;
      let path: string | null = null;
      try {
        path = resolve(baseDir, decodeURIComponent(src));
        const data = readFileSync(path);
        noteReportRead(path, data);
        images.set(src, { mime, extension: extension === 'jpeg' ? 'jpg' : extension, data });
      } catch {
        if (path !== null) noteReportRead(path, null);
        // Missing: the renderers show "[image not embedded: ...]" in its place.
      }
    }
  };
  for (const tokens of tokenLists) visit(tokens);
  return images;
}
