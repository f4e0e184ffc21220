import { MusterError } from '@muster/core';
import { parseNotebook } from '@muster/report';

interface Lines {
  lines: string[];
  newline: string;
}

const split = (text: string): Lines => ({
  lines: text.split(/\r?\n/),
  newline: text.includes('\r\n') ? '\r\n' : '\n',
});

/** Line indices (0-based) of code cell `cell`'s opening and closing fences. */
function fences(text: string, cell: number, caller: string): { open: number; close: number } {
  const target = parseNotebook(text).blocks.find(
    (block) => block.kind === 'code' && block.cell === cell,
  );
  if (target?.kind !== 'code') {
    throw new MusterError(`${caller} requires an existing code cell; received cell ${cell}`);
  }
  const count = target.source === '' ? 0 : target.source.split('\n').length;
  return { open: target.line - 2, close: target.line - 1 + count };
}

const checkSource = (source: string, caller: string): string[] => {
  const text = source.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const lines = text === '' ? [] : text.split('\n');
  if (lines.some((line) => /^\s*(```|~~~)/.test(line))) {
    throw new MusterError(
      `${caller} requires a cell without code fences; received a line starting with \`\`\``,
    );
  }
  return lines;
};

/**
 * Insert a new `ts` cell with `source` after code cell `after` (0: at the end of the notebook),
 * separated by one blank line; every other byte stays as it was. {@link deleteCell} of the new
 * cell gives back the original text.
 *
 * @example
 * insertCell('# A\n\n```ts\nconst x = 1;\n```\n', 1, 'x + 1');
 * // => '# A\n\n```ts\nconst x = 1;\n```\n\n```ts\nx + 1\n```\n'
 */
export function insertCell(text: string, after: number, source: string): string {
  const body = checkSource(source, 'insertCell');
  const { lines, newline } = split(text);
  const block = ['', '```ts', ...body, '```'];
  if (after === 0) {
    const end = lines.at(-1) === '' ? lines.length - 1 : lines.length;
    lines.splice(end, 0, ...block);
    return lines.join(newline);
  }
  const { close } = fences(text, after, 'insertCell');
  lines.splice(close + 1, 0, ...block);
  return lines.join(newline);
}

/**
 * Delete code cell `cell`: its fences and source, and the blank line that separated it from what
 * came before (so no double blank line is left). The inverse of {@link insertCell}.
 *
 * @example
 * deleteCell('```ts\nconst x = 1;\n```\n\n```ts\nx + 1\n```\n', 2);
 * // => '```ts\nconst x = 1;\n```\n'
 */
export function deleteCell(text: string, cell: number): string {
  const { lines, newline } = split(text);
  const { open, close } = fences(text, cell, 'deleteCell');
  const start = open > 0 && lines[open - 1] === '' ? open - 1 : open;
  const end = start === open && lines[close + 1] === '' ? close + 1 : close;
  lines.splice(start, end - start + 1);
  return lines.join(newline);
}

/**
 * Swap code cell `cell` with the code cell before it (`up`) or after it (`down`); the prose
 * between them stays where it is. Moving back gives the original text.
 *
 * @example
 * moveCell('```ts\n1\n```\n\nText\n\n```ts\n2\n```\n', 2, 'up');
 * // => '```ts\n2\n```\n\nText\n\n```ts\n1\n```\n'
 */
export function moveCell(text: string, cell: number, direction: 'up' | 'down'): string {
  const other = direction === 'up' ? cell - 1 : cell + 1;
  const count = parseNotebook(text).blocks.filter((block) => block.kind === 'code').length;
  if (other < 1 || other > count) {
    throw new MusterError(
      `moveCell requires a cell to swap with; cell ${cell} is the ${direction === 'up' ? 'first' : 'last'}`,
    );
  }
  const first = fences(text, Math.min(cell, other), 'moveCell');
  const second = fences(text, Math.max(cell, other), 'moveCell');
  const { lines, newline } = split(text);
  const a = lines.slice(first.open, first.close + 1);
  const between = lines.slice(first.close + 1, second.open);
  const b = lines.slice(second.open, second.close + 1);
  lines.splice(first.open, second.close - first.open + 1, ...b, ...between, ...a);
  return lines.join(newline);
}
