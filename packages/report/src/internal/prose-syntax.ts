import type { MarkdownIt, StateBlock, StateInline } from 'markdown-it';

/**
 * Markdown syntax beyond CommonMark that reports need, as markdown-it rules that only make
 * tokens (the HTML and Typst renderers turn them into output):
 *
 * - math: `$...$` inline (Pandoc's rule: no space after the opening or before the closing `$`,
 *   no digit right after the closing one, so "$5 and $10" stays text) and `$$...$$` display
 *   math, optionally labelled `$$ ... $$ {#eq-name}` and then numbered: tokens `math_inline`,
 *   `math_block` (meta: `{ label }`);
 * - cross-references and citations: `@fig-x`, `@tbl-x`, `@eq-x` (token `xref`), `[@key]`,
 *   `[see @a, p. 3; @b]` (token `cite`, meta `{ items, narrative: false }`) and `@key` in running
 *   text (narrative citation, `cite` with `narrative: true`);
 * - footnote references `[^name]` (token `footnote_ref`, meta `{ name }`); definitions are taken
 *   out of the prose beforehand by {@link extractFootnotes};
 * - callouts, as Quarto writes them: `::: {.callout-note title="..."}` ... `:::` (tokens
 *   `callout_open` with meta `{ type, title }` and `callout_close`); types note, tip, warning,
 *   important, caution.
 */
export function proseSyntax(md: MarkdownIt): void {
  md.inline.ruler.after('escape', 'math_inline', mathInline);
  md.block.ruler.before('fence', 'math_block', mathBlock, {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  });
  md.inline.ruler.before('link', 'cite_bracket', citeBracket);
  md.inline.ruler.after('emphasis', 'at_reference', atReference);
  md.inline.ruler.before('link', 'footnote_ref', footnoteRef);
  md.block.ruler.before('fence', 'callout', callout, {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  });
}

/** A cited work inside a citation: `[prefix @key suffix]`. */
export interface CiteItem {
  key: string;
  prefix: string;
  suffix: string;
}

const CALLOUT_TYPES = new Set(['note', 'tip', 'warning', 'important', 'caution']);
const KEY = /^@([A-Za-z0-9_][\w:.#$%&+?<>~/-]*[\w])/;

function mathInline(state: StateInline, silent: boolean): boolean {
  const { src, pos } = state;
  if (src[pos] !== '$' || src[pos + 1] === '$') return false;
  const next = src[pos + 1];
  if (next === undefined || /\s/.test(next)) return false;
  let end = pos + 1;
  for (;;) {
    end = src.indexOf('$', end);
    if (end === -1) return false;
    if (src[end - 1] === '\\') {
      end += 1;
      continue;
    }
    if (/\s/.test(src[end - 1]) || /\d/.test(src[end + 1] ?? '')) {
      end += 1;
      continue;
    }
    break;
  }
  if (!silent) {
    const token = state.push('math_inline', 'math', 0);
    token.content = src.slice(pos + 1, end);
    token.markup = '$';
  }
  state.pos = end + 1;
  return true;
}

function mathBlock(
  state: StateBlock,
  startLine: number,
  endLine: number,
  silent: boolean,
): boolean {
  let start = state.bMarks[startLine] + state.tShift[startLine];
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  if (state.src.slice(start, start + 2) !== '$$') return false;
  start += 2;
  let text = '';
  let line = startLine;
  let closing = -1;
  let rest = '';
  for (;;) {
    const lineEnd = state.eMarks[line];
    const content = state.src.slice(start, lineEnd);
    const close = content.indexOf('$$');
    if (close !== -1) {
      text += content.slice(0, close);
      rest = content.slice(close + 2).trim();
      closing = line;
      break;
    }
    text += `${content}\n`;
    line += 1;
    if (line >= endLine) return false;
    start = state.bMarks[line] + state.tShift[line];
  }
  const label = /^\{#(eq-[\w-]+)\}$/.exec(rest);
  if (rest !== '' && !label) return false;
  if (silent) return true;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = text.trim();
  token.meta = { label: label ? label[1] : null };
  token.map = [startLine, closing + 1];
  state.line = closing + 1;
  return true;
}

function citeBracket(state: StateInline, silent: boolean): boolean {
  const { src, pos } = state;
  if (src[pos] !== '[' || src[pos + 1] === '^') return false;
  const end = src.indexOf(']', pos);
  if (end === -1 || src[end + 1] === '(' || src[end + 1] === '[') return false;
  const inner = src.slice(pos + 1, end);
  if (!inner.includes('@')) return false;
  const items: CiteItem[] = [];
  for (const part of inner.split(';')) {
    const at = part.search(/(^|[\s(])@/);
    if (at === -1) return false;
    const start = part[at] === '@' ? at : at + 1;
    const key = KEY.exec(part.slice(start));
    if (!key) return false;
    items.push({
      key: key[1],
      prefix: part.slice(0, start).trim(),
      suffix: part
        .slice(start + key[0].length)
        .trim()
        .replace(/^,\s*/, ''),
    });
  }
  if (items.some((item) => /^(fig|tbl|eq)-/.test(item.key))) return false;
  if (!silent) {
    const token = state.push('cite', '', 0);
    token.meta = { items, narrative: false };
  }
  state.pos = end + 1;
  return true;
}

function atReference(state: StateInline, silent: boolean): boolean {
  const { src, pos } = state;
  if (src[pos] !== '@') return false;
  if (pos > 0 && /[\w.@-]/.test(src[pos - 1])) return false; // e-mail addresses and the like
  const key = KEY.exec(src.slice(pos));
  if (!key) return false;
  if (!silent) {
    if (/^(fig|tbl|eq)-/.test(key[1])) {
      const token = state.push('xref', '', 0);
      token.meta = { label: key[1] };
    } else {
      const token = state.push('cite', '', 0);
      token.meta = { items: [{ key: key[1], prefix: '', suffix: '' }], narrative: true };
    }
  }
  state.pos = pos + key[0].length;
  return true;
}

function footnoteRef(state: StateInline, silent: boolean): boolean {
  const match = /^\[\^([^\]\s]+)\]/.exec(state.src.slice(state.pos));
  if (!match) return false;
  if (!silent) {
    const token = state.push('footnote_ref', '', 0);
    token.meta = { name: match[1] };
  }
  state.pos += match[0].length;
  return true;
}

function callout(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const start = state.bMarks[startLine] + state.tShift[startLine];
  const first = state.src.slice(start, state.eMarks[startLine]);
  const open = /^:::+\s*\{\.callout-(\w+)(?:\s+title="([^"]*)")?\s*\}\s*$/.exec(first);
  if (!open || !CALLOUT_TYPES.has(open[1])) return false;
  let line = startLine + 1;
  let depth = 1;
  for (; line < endLine; line += 1) {
    const text = state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
    if (/^:::+\s*\{/.test(text)) depth += 1;
    else if (/^:::+\s*$/.test(text) && --depth === 0) break;
  }
  if (silent) return true;
  const openToken = state.push('callout_open', 'div', 1);
  openToken.block = true;
  openToken.meta = { type: open[1], title: open[2] ?? null };
  const oldParent = state.parentType;
  const oldLineMax = state.lineMax;
  state.parentType = 'blockquote' as typeof state.parentType;
  state.lineMax = line;
  state.md.block.tokenize(state, startLine + 1, line);
  state.parentType = oldParent;
  state.lineMax = oldLineMax;
  const closeToken = state.push('callout_close', 'div', -1);
  closeToken.block = true;
  state.line = Math.min(line + 1, endLine);
  return true;
}

/** A footnote definition taken out of the prose. */
export interface FootnoteDefinition {
  name: string;
  /** Its Markdown (inline content; continuation lines joined). */
  markdown: string;
}

/**
 * Take `[^name]: text` definitions (with indented continuation lines) out of a prose block's
 * Markdown, outside fenced code. Returns the Markdown without them and the definitions in order.
 */
export function extractFootnotes(markdown: string): {
  markdown: string;
  definitions: FootnoteDefinition[];
} {
  const lines = markdown.split('\n');
  const kept: string[] = [];
  const definitions: FootnoteDefinition[] = [];
  let fence: string | null = null;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence !== null) {
      if (marker && marker[1][0] === fence[0] && marker[1].length >= fence.length) fence = null;
      kept.push(line);
      continue;
    }
    if (marker) {
      fence = marker[1];
      kept.push(line);
      continue;
    }
    const definition = /^\[\^([^\]\s]+)\]:\s*(.*)$/.exec(line);
    if (!definition) {
      kept.push(line);
      continue;
    }
    const body = [definition[2]];
    while (index + 1 < lines.length && /^( {2,}|\t)\S/.test(lines[index + 1])) {
      index += 1;
      body.push(lines[index].trim());
    }
    definitions.push({ name: definition[1], markdown: body.join(' ') });
    // Keep the line count, so later lines keep their numbers.
    kept.push(...body.map(() => ''));
  }
  return { markdown: kept.join('\n'), definitions };
}
