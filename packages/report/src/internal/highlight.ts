import { escapeHtml } from './html-escape.ts';

const KEYWORDS = new Set(
  (
    'as async await break case catch class const continue debugger default delete do else enum export extends ' +
    'false finally for from function if implements import in instanceof interface let new null of return ' +
    'satisfies static super switch this throw true try type typeof undefined var void while with yield'
  ).split(' '),
);

const TOKEN =
  /(\/\/[^\n]*|\/\*[\s\S]*?\*\/)|('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`)|(\b(?:0[xXbBoO][\da-fA-F_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?)n?\b)|([A-Za-z_$][\w$]*)/g;

/**
 * TypeScript source as HTML with comments, strings, numbers and keywords in spans
 * (`c`, `s`, `n`, `k`). A lexical approximation for display only: no regular-expression literals.
 */
export function highlightTypeScript(source: string): string {
  let out = '';
  let last = 0;
  for (const match of source.matchAll(TOKEN)) {
    const index = match.index ?? 0;
    out += escapeHtml(source.slice(last, index));
    const [text, comment, string, number, word] = match;
    if (comment) out += `<span class="c">${escapeHtml(text)}</span>`;
    else if (string) out += `<span class="s">${escapeHtml(text)}</span>`;
    else if (number) out += `<span class="n">${escapeHtml(text)}</span>`;
    else if (word && KEYWORDS.has(word)) out += `<span class="k">${escapeHtml(text)}</span>`;
    else out += escapeHtml(text);
    last = index + text.length;
  }
  return out + escapeHtml(source.slice(last));
}

const SQL_KEYWORDS = new Set(
  (
    'all and any as asc between by case cast create desc distinct else end except exists false ' +
    'filter from full group having in inner intersect is join left like limit not null offset on ' +
    'or order outer over partition qualify right select table then true union using values when ' +
    'where window with'
  ).split(' '),
);

const SQL_TOKEN =
  /(--[^\n]*|\/\*[\s\S]*?\*\/)|('(?:[^']|'')*'?)|(\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b)|("(?:[^"]|"")*"?|[A-Za-z_][\w$]*)/g;

/**
 * SQL source as HTML with comments, strings, numbers and keywords in spans (`c`, `s`, `n`, `k`),
 * as {@link highlightTypeScript} does for TypeScript. Keywords in any case.
 */
export function highlightSql(source: string): string {
  let out = '';
  let last = 0;
  for (const match of source.matchAll(SQL_TOKEN)) {
    const index = match.index ?? 0;
    out += escapeHtml(source.slice(last, index));
    const [text, comment, string, number, word] = match;
    if (comment) out += `<span class="c">${escapeHtml(text)}</span>`;
    else if (string) out += `<span class="s">${escapeHtml(text)}</span>`;
    else if (number) out += `<span class="n">${escapeHtml(text)}</span>`;
    else if (word && SQL_KEYWORDS.has(word.toLowerCase()))
      out += `<span class="k">${escapeHtml(text)}</span>`;
    else out += escapeHtml(text);
    last = index + text.length;
  }
  return out + escapeHtml(source.slice(last));
}
