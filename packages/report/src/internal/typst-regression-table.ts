/** Typst of a regression table: booktabs-style rules, models centred, notes in small type below. */
import type { RegressionTableDisplay } from '../types.ts';
import { typstText } from './typst-markup.ts';

type Row = RegressionTableDisplay['rows'][number];

const groupOf = (row: Row) => (row.section === 'uncertainty' ? 'estimate' : row.section);

/** A `#table` with a heavy rule above and below, light rules between the groups of rows. */
export function renderRegressionTableTypst(table: RegressionTableDisplay): string {
  const columns = table.models.length + 1;
  const align = ['left', ...table.models.map(() => 'center')].join(', ');
  const header = ['[]', ...table.models.map((model) => `[#strong[${typstText(model)}]]`)].join(
    ', ',
  );
  const body: string[] = [];
  table.rows.forEach((row, i) => {
    const previous = table.rows[i - 1];
    if (previous !== undefined && groupOf(previous) !== groupOf(row))
      body.push('table.hline(stroke: 0.5pt)');
    body.push([row.label, ...row.cells].map((cell) => `[${typstText(cell)}]`).join(', '));
  });
  const cells = body.map((line) => `${line}, `).join('');
  return [
    table.caption ? `#cell-note[${typstText(table.caption)}]` : '',
    `#block(breakable: false, text(size: 8.8pt, table(columns: ${columns}, align: (${align}), stroke: none, inset: (x: 6pt, y: 2.6pt), table.hline(stroke: 0.8pt), table.header(${header}), table.hline(stroke: 0.5pt), ${cells}table.hline(stroke: 0.8pt))))`,
    // One paragraph, a line per note.
    table.notes.length > 0
      ? `#cell-note[${table.notes.map((note) => typstText(note)).join(' #linebreak() ')}]`
      : '',
  ]
    .filter((part) => part !== '')
    .join('\n');
}
