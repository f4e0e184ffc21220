import { MusterError } from '@muster/core/errors';

/** Start and end markers of an inline-expression placeholder in prose Markdown. */
export const PLACEHOLDER_OPEN = '\uE000';
export const PLACEHOLDER_CLOSE = '\uE001';
export const PLACEHOLDER_PATTERN = /\uE000(\d+)\uE001/g;

export interface ScannedInline {
  source: string;
  /** 0-based line offset within the scanned text where `${` stands. */
  lineOffset: number;
}

/**
 * Replace each `${expression}` of a prose block by a placeholder, skipping code spans, fenced
 * code and `\${` (an escaped, literal `${`). `firstNumber` numbers the placeholders.
 */
export function scanInline(
  text: string,
  firstNumber: number,
  startLine: number,
): { markdown: string; inlines: ScannedInline[] } {
  const inlines: ScannedInline[] = [];
  let out = '';
  let line = 0;
  let i = 0;
  let atLineStart = true;
  let fence: string | null = null;
  while (i < text.length) {
    if (atLineStart) {
      const end = text.indexOf('\n', i);
      const lineText = text.slice(i, end === -1 ? text.length : end);
      const match = /^ {0,3}(`{3,}|~{3,})/.exec(lineText);
      if (fence !== null) {
        if (
          match &&
          match[1][0] === fence[0] &&
          match[1].length >= fence.length &&
          lineText.trim() === match[1]
        ) {
          fence = null;
        }
        out += lineText;
        i += lineText.length;
        atLineStart = false;
        continue;
      }
      if (match) {
        fence = match[1];
        out += lineText;
        i += lineText.length;
        atLineStart = false;
        continue;
      }
    }
    const ch = text[i];
    if (ch === '\n') {
      out += ch;
      i += 1;
      line += 1;
      atLineStart = true;
      continue;
    }
    atLineStart = false;
    if (fence !== null) {
      out += ch;
      i += 1;
      continue;
    }
    if (ch === '\\' && i + 1 < text.length) {
      out += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (ch === '`') {
      let run = 0;
      while (text[i + run] === '`') run += 1;
      const ticks = '`'.repeat(run);
      let close = -1;
      let search = i + run;
      while (search < text.length) {
        const found = text.indexOf(ticks, search);
        if (found === -1) break;
        let after = found + run;
        while (text[after] === '`') after += 1;
        if (after - found === run) {
          close = found;
          break;
        }
        search = after;
      }
      const end = close === -1 ? i + run : close + run;
      const span = text.slice(i, end);
      out += span;
      line += span.split('\n').length - 1;
      i = end;
      continue;
    }
    if (ch === '$' && text[i + 1] === '{') {
      const end = matchBrace(text, i + 2);
      if (end === -1) {
        throw new MusterError(
          `parseNotebook requires every inline \${...} to be closed; the one on line ${startLine + line} is not`,
        );
      }
      const source = text.slice(i + 2, end);
      if (source.trim() === '') {
        throw new MusterError(
          `parseNotebook requires an expression inside \${...}; line ${startLine + line} has none`,
        );
      }
      const number = firstNumber + inlines.length;
      inlines.push({ source, lineOffset: line });
      out += `${PLACEHOLDER_OPEN}${number}${PLACEHOLDER_CLOSE}`;
      line += source.split('\n').length - 1;
      i = end + 1;
      continue;
    }
    out += ch;
    i += 1;
  }
  return { markdown: out, inlines };
}

/** Index of the `}` closing an expression that starts at `start`, or -1. Skips strings and templates. */
function matchBrace(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      i = skipString(text, i, ch);
      continue;
    }
    if (ch === '`') {
      i = skipTemplate(text, i);
      continue;
    }
    if (ch === '{') depth += 1;
    else if (ch === '}') {
      if (depth === 0) return i;
      depth -= 1;
    }
    i += 1;
  }
  return -1;
}

function skipString(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (text[i] === '\\') i += 1;
    i += 1;
  }
  return i + 1;
}

function skipTemplate(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '`') {
    if (text[i] === '\\') {
      i += 2;
      continue;
    }
    if (text[i] === '$' && text[i + 1] === '{') {
      const end = matchBrace(text, i + 2);
      if (end === -1) return text.length;
      i = end + 1;
      continue;
    }
    i += 1;
  }
  return i + 1;
}
