/** Markdown, LaTeX (booktabs) and CSV text of a laid-out table. */
import type { TableRow } from '../types.ts';

/** What the renderers read: headings, rows and notes. */
export interface TableLayout {
  title: string | null;
  models: string[];
  rows: TableRow[];
  notes: string[];
}

/** Markdown's special characters in a cell escaped: `|` would end the cell, `*` start emphasis. */
const markdownCell = (text: string) => text.replace(/[\\|*_]/g, (c) => `\\${c}`);

/** Columns padded to a common width: labels left, numbers right. */
function aligned(lines: string[][]): string[][] {
  const widths = lines[0].map((_, j) => Math.max(3, ...lines.map((line) => line[j].length)));
  return lines.map((line) =>
    line.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))),
  );
}

/**
 * Plain text for a terminal: columns aligned, a rule under the headings and before the
 * goodness-of-fit and method rows, notes under the table.
 */
export function toText(table: TableLayout): string {
  const lines = aligned([['', ...table.models], ...table.rows.map((r) => [r.label, ...r.cells])]);
  const text = lines.map((line) => line.join('  ').trimEnd());
  const width = Math.max(...text.map((line) => line.length));
  const rule = '-'.repeat(width);
  const out: string[] = [];
  if (table.title !== null) out.push(table.title);
  out.push(rule, text[0], rule);
  table.rows.forEach((row, i) => {
    const previous = table.rows[i - 1];
    if (previous !== undefined && group(row) !== group(previous)) out.push(rule);
    out.push(text[i + 1]);
  });
  out.push(rule, ...table.notes);
  return `${out.join('\n')}\n`;
}

/** Estimates and the lines beneath them form one group; goodness of fit and methods the others. */
const group = (row: TableRow) => (row.section === 'uncertainty' ? 'estimate' : row.section);

/** A pipe table, columns padded to a common width, notes as paragraphs after it. */
export function toMarkdown(table: TableLayout): string {
  const lines = aligned(
    [['', ...table.models], ...table.rows.map((row) => [row.label, ...row.cells])].map((line) =>
      line.map(markdownCell),
    ),
  );
  const format = (line: string[]) => `| ${line.join(' | ')} |`;
  const rule = `|${lines[0].map((cell, j) => (j === 0 ? `:${'-'.repeat(cell.length + 1)}` : `${'-'.repeat(cell.length + 1)}:`)).join('|')}|`;
  const out: string[] = [];
  if (table.title !== null) out.push(`**${markdownCell(table.title)}**`, '');
  out.push(format(lines[0]), rule, ...lines.slice(1).map(format));
  // Notes end with two spaces: a Markdown line break between them.
  if (table.notes.length > 0) out.push('', ...table.notes.map((note) => `${markdownCell(note)}  `));
  return `${out.join('\n').trimEnd()}\n`;
}

const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '²': '\\textsuperscript{2}',
  '×': '\\texttimes{}',
};

/** Text with LaTeX's special characters escaped. */
export function latexText(text: string): string {
  return text.replace(/[\\&%$#_{}~^<>²×]/g, (c) => LATEX_SPECIALS[c]);
}

/**
 * A booktabs `table` environment: `\toprule`, the headings, `\midrule` between terms,
 * goodness-of-fit and method rows, `\bottomrule`, notes as full-width rows in a smaller size.
 */
export function toLatex(table: TableLayout): string {
  const ncol = table.models.length + 1;
  const line = (cells: string[]) => `${cells.map(latexText).join(' & ')} \\\\`;
  // A minus sign, not a hyphen, before a number in a cell.
  const numbers = (cells: string[]) =>
    cells.map((cell) => latexText(cell).replace(/(^|[[(\s])-(?=\d)/g, '$1$-$'));
  const row = (label: string, cells: string[]) =>
    `${[latexText(label), ...numbers(cells)].join(' & ')} \\\\`;
  const out = ['\\begin{table}', '\\centering'];
  if (table.title !== null) out.push(`\\caption{${latexText(table.title)}}`);
  out.push(`\\begin{tabular}{l${'c'.repeat(table.models.length)}}`, '\\toprule');
  out.push(line(['', ...table.models]), '\\midrule');
  table.rows.forEach((current, i) => {
    const previous = table.rows[i - 1];
    if (previous !== undefined && group(current) !== group(previous)) out.push('\\midrule');
    out.push(row(current.label, current.cells));
  });
  out.push('\\bottomrule');
  for (const note of table.notes)
    out.push(`\\multicolumn{${ncol}}{l}{\\footnotesize ${latexText(note)}} \\\\`);
  out.push('\\end{tabular}', '\\end{table}');
  return `${out.join('\n')}\n`;
}

const csvCell = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/**
 * RFC 4180 CSV: columns `row` (the term or statistic label, repeated on the line beneath an
 * estimate), `statistic` (`estimate`, the uncertainty shown, `gof` or `method`), then one per
 * model. Notes are left out (CSV has no place for them).
 */
export function toCsv(table: TableLayout, uncertainty: string): string {
  const lines = [['row', 'statistic', ...table.models]];
  let label = '';
  for (const row of table.rows) {
    if (row.section !== 'uncertainty') label = row.label;
    const statistic = row.section === 'uncertainty' ? uncertainty : row.section;
    lines.push([label, statistic, ...row.cells]);
  }
  return `${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
