import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One fenced code block of an `@example` tag. */
export interface ExampleBlock {
  /** Path of the source file, relative to the scanned folder. */
  file: string;
  /** The documented symbol (the declaration after the comment), or '?' when none is found. */
  symbol: string;
  /** 1-based line of the block's first code line in the file. */
  line: number;
  /** The code, without the comment's leading ` * `. */
  code: string;
}

const COMMENT = /\/\*\*[\s\S]*?\*\//g;
const DECLARATION =
  /^\s*export\s+(?:default\s+)?(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/;

/** The `.ts` files under `folder` (no `.d.ts`), sorted. */
function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The fenced blocks of the `@example` tags in one file's TSDoc comments. */
export function examplesInText(text: string, file: string): ExampleBlock[] {
  const blocks: ExampleBlock[] = [];
  for (const match of text.matchAll(COMMENT)) {
    const comment = match[0];
    const at = comment.indexOf('@example');
    if (at < 0) continue;
    const startLine = text.slice(0, match.index).split('\n').length;
    const lines = comment.split('\n').map((l) => l.replace(/^\s*\/?\*+\/?\s?/, ''));
    const firstLine = comment.slice(0, at).split('\n').length - 1;
    const after = text.slice((match.index ?? 0) + comment.length).split('\n', 3);
    const symbol = after.map((l) => DECLARATION.exec(l)?.[1]).find(Boolean) ?? '?';
    const fenced = fencedBlocks(lines, firstLine);
    const found = fenced.length > 0 ? fenced : [unfencedBlock(lines, firstLine)];
    for (const [open, close] of found) {
      blocks.push({
        file,
        symbol,
        line: startLine + open,
        code: lines.slice(open, close).join('\n'),
      });
    }
  }
  return blocks;
}

/** [first, end) line ranges of the fenced blocks after the `@example` line. */
function fencedBlocks(lines: string[], tag: number): [number, number][] {
  const out: [number, number][] = [];
  let open = -1;
  for (let i = tag; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (open < 0 && /^```(ts|typescript|js)?\s*$/.test(line)) open = i + 1;
    else if (open >= 0 && line === '```') {
      out.push([open, i]);
      open = -1;
    } else if (open < 0 && i > tag && /^@\w/.test(line)) break;
  }
  return out;
}

/** An example without a fence: the lines after the tag up to the next tag or the comment's end. */
function unfencedBlock(lines: string[], tag: number): [number, number] {
  const first = lines[tag]!.trim() === '@example' ? tag + 1 : tag;
  let end = first;
  while (end < lines.length && !/^@\w/.test(lines[end]!.trim())) end++;
  if (first === tag) lines[tag] = lines[tag]!.replace(/^\s*@example\s*/, '');
  return [first, end];
}

/** Every `@example` block under `folder` whose code has at least one `// =>` output. */
export function findExamples(folder: string): ExampleBlock[] {
  return sourceFiles(folder).flatMap((path) =>
    examplesInText(readFileSync(path, 'utf8'), relative(folder, path)).filter((b) =>
      b.code.includes('// =>'),
    ),
  );
}
