import { MusterError } from '@muster/core';
import { parseNotebook } from '@muster/report';

/**
 * Replace the source of code cell `cell` (1-based among the notebook's code cells) in the text of
 * a notebook, keeping everything else byte for byte (fences, prose, front matter, line endings).
 */
export function replaceCellSource(text: string, cell: number, source: string): string {
  const notebook = parseNotebook(text);
  const target = notebook.blocks.find((block) => block.kind === 'code' && block.cell === cell);
  if (target?.kind !== 'code') {
    throw new MusterError(
      `replaceCellSource requires an existing code cell; received cell ${cell}`,
    );
  }
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const first = target.line - 1;
  const count = target.source === '' ? 0 : target.source.split('\n').length;
  const replacement = source.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const newLines = replacement === '' ? [] : replacement.split('\n');
  if (newLines.some((line) => /^\s*(```|~~~)/.test(line))) {
    throw new MusterError(
      'replaceCellSource requires a cell without code fences; received a line starting with ```',
    );
  }
  lines.splice(first, count, ...newLines);
  return lines.join(newline);
}
