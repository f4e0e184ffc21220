/** HTML of a regression table: one `<tbody>` per group of rows, ruled apart by the stylesheet. */
import type { RegressionTableDisplay } from '../types.ts';
import { escapeHtml } from './html-escape.ts';

type Row = RegressionTableDisplay['rows'][number];

/** Estimates and the lines beneath them are one group; goodness of fit and methods the others. */
const groupOf = (row: Row) => (row.section === 'uncertainty' ? 'estimate' : row.section);

function renderRow(row: Row): string {
  const cells = row.cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('');
  return `<tr class="${row.section}"><th class="l" scope="row">${escapeHtml(row.label)}</th>${cells}</tr>`;
}

/** The table, its caption above and its notes below, in a horizontally scrolling wrapper. */
export function renderRegressionTableHtml(table: RegressionTableDisplay): string {
  const head = `<tr><th class="l"></th>${table.models.map((model) => `<th>${escapeHtml(model)}</th>`).join('')}</tr>`;
  const bodies: string[] = [];
  let current: string[] = [];
  table.rows.forEach((row, i) => {
    const previous = table.rows[i - 1];
    if (previous !== undefined && groupOf(previous) !== groupOf(row)) {
      bodies.push(`<tbody class="${groupOf(previous)}">\n${current.join('\n')}\n</tbody>`);
      current = [];
    }
    current.push(renderRow(row));
  });
  const last = table.rows.at(-1);
  if (last !== undefined)
    bodies.push(`<tbody class="${groupOf(last)}">\n${current.join('\n')}\n</tbody>`);
  return [
    '<div class="table-wrap">',
    table.caption ? `<p class="caption">${escapeHtml(table.caption)}</p>` : '',
    `<table class="regression">\n<thead>${head}</thead>\n${bodies.join('\n')}\n</table>`,
    ...table.notes.map((note) => `<p class="note">${escapeHtml(note)}</p>`),
    '</div>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}
