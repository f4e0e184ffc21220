import { highlightSql, highlightTypeScript } from './internal/highlight.ts';
import { escapeHtml, escapeScriptJson, scriptJson } from './internal/html-escape.ts';
import type { HtmlProseEnv } from './internal/html-prose.ts';
import { renderRegressionTableHtml } from './internal/html-regression-table.ts';
import { REPORT_CSS } from './internal/html-style.ts';
import { buildManifest, manifestJson } from './internal/manifest.ts';
import type { Heading } from './internal/markdown.ts';
import {
  buildReportModel,
  type NumberedOutput,
  type OutputCaption,
  type ReportBlock,
  type ReportModel,
  unitLabel,
} from './internal/report-model.ts';
import type {
  DisplayItem,
  FitDisplay,
  NotebookRun,
  ProvenanceManifest,
  TableDisplay,
} from './types.ts';

/** Options of {@link renderHtml}. */
export interface RenderHtmlOptions {
  /** Folder the report will be written to. */
  reportDir: string;
  /** A manifest to embed instead of the run's own (for verification). */
  manifest?: ProvenanceManifest;
  /**
   * Embed each chart's Vega-Lite spec (with its data) for the web app to make the chart
   * interactive (default false: the static report carries only the drawn SVG).
   */
  interactive?: boolean;
  /**
   * The run's cache folder (as given to {@link runNotebook}), where the formatted citations are
   * kept so that rendering again needs neither citation-js; default none (kept in memory only).
   */
  cacheDir?: string | null;
}

/**
 * Render a notebook run as one self-contained HTML file: inline CSS and SVG, no script that runs
 * and no request of any kind (a Content-Security-Policy of `default-src 'none'` says so to the
 * browser), a title block, a table of contents, code shown, folded in `<details>` or hidden as
 * the front matter's `code` asks, each chart as SVG with a tooltip (`<title>`) per mark that has
 * one, and the provenance manifest in `<script type="application/json" id="muster-provenance">`.
 * With `interactive`, each chart's Vega-Lite spec follows it in a
 * `<script type="application/json" class="muster-vega-lite" data-chart="chart-N">` for the web
 * app. The output depends only on the run: no clock, no randomness, stable ordering.
 *
 * @param run - A finished run ({@link runNotebook}).
 * @param options - `reportDir`, the folder the file goes to; `interactive` for the web app;
 *   `cacheDir`, the run's cache folder.
 * @returns The HTML document.
 * @example
 * ```ts
 * const html = renderHtml(run, { reportDir: '_out' });
 * html.startsWith('<!DOCTYPE html>');
 * // => true
 * ```
 */
export function renderHtml(run: NotebookRun, options: RenderHtmlOptions): string {
  const manifest = options.manifest ?? buildManifest(run, 'html', options.reportDir);
  const model = buildReportModel(run, options.cacheDir ?? null);
  const front = run.notebook.frontMatter;
  const inlineHtml = (number: number) => {
    const value = model.inlineValues.get(number);
    if (!value) return '';
    return value.ok
      ? escapeHtml(value.text)
      : `<span class="inline-error">${escapeHtml(value.text)}</span>`;
  };

  const env: HtmlProseEnv = {
    labels: model.references,
    images: model.images,
    footnotesSeen: new Set(),
  };
  const body: string[] = [];
  for (const block of model.blocks)
    body.push(
      renderBlock(block, model.md, inlineHtml, env, front.code, options.interactive === true),
    );
  const notes = renderNotes(model, inlineHtml);
  if (notes !== '') body.push(notes);

  const parameters = Object.entries(run.parameters);
  const titleBlock = [
    '<header class="title-block">',
    `<h1 class="title">${escapeHtml(front.title)}</h1>`,
    front.author ? `<p class="author">${escapeHtml(front.author)}</p>` : '',
    front.date ? `<p class="date">${escapeHtml(front.date)}</p>` : '',
    parameters.length > 0
      ? `<p class="parameters">Parameters: ${parameters
          .map(
            ([name, value]) =>
              `<code>${escapeHtml(name)} = ${escapeHtml(JSON.stringify(value))}</code>`,
          )
          .join(', ')} · seed <code>${run.seed}</code></p>`
      : `<p class="parameters">Seed <code>${run.seed}</code></p>`,
    '</header>',
  ]
    .filter((line) => line !== '')
    .join('\n');

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<meta name="generator" content="Muster ${escapeHtml(run.versions['@muster/report'] ?? '')}">`,
    front.author ? `<meta name="author" content="${escapeHtml(front.author)}">` : '',
    `<title>${escapeHtml(front.title)}</title>`,
    `<style>\n${REPORT_CSS}\n</style>`,
    '</head>',
    '<body>',
    '<div class="page">',
    titleBlock,
    renderToc(withBackMatter(model)),
    '<main>',
    body.join('\n'),
    '</main>',
    renderProvenance(manifest),
    '</div>',
    `<script type="application/json" id="muster-provenance">${escapeScriptJson(manifestJson(manifest))}</script>`,
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** The headings for the contents, with the notes and references that close the report. */
function withBackMatter(model: ReportModel): Heading[] {
  const level = Math.min(2, ...model.headings.map((heading) => heading.level));
  return [
    ...model.headings,
    ...(model.footnotes.length > 0 ? [{ level, text: 'Notes', id: 'footnotes' }] : []),
    ...(model.bibliography.length > 0 ? [{ level, text: 'References', id: 'references' }] : []),
  ];
}

function renderToc(headings: Heading[]): string {
  if (headings.length === 0) return '';
  const top = Math.min(...headings.map((heading) => heading.level));
  const lines = ['<nav class="toc" id="contents" aria-label="Contents">', '<h2>Contents</h2>'];
  let depth = 0;
  for (const heading of headings) {
    const level = Math.min(heading.level - top + 1, 3);
    while (depth < level) {
      lines.push('<ol>');
      depth += 1;
    }
    while (depth > level) {
      lines.push('</ol>');
      depth -= 1;
    }
    lines.push(`<li><a href="#${escapeHtml(heading.id)}">${escapeHtml(heading.text)}</a></li>`);
  }
  while (depth > 0) {
    lines.push('</ol>');
    depth -= 1;
  }
  lines.push('</nav>');
  return lines.join('\n');
}

function renderBlock(
  block: ReportBlock,
  md: ReportModel['md'],
  inlineHtml: (number: number) => string,
  env: HtmlProseEnv,
  code: 'show' | 'fold' | 'hide' = 'fold',
  interactive = false,
): string {
  if (block.kind === 'prose') {
    const html = md.renderer.render(block.parsed.tokens, md.options, env);
    const errors = block.errors.map((error) =>
      renderOutput({ item: error, chartId: null, svg: null, caption: null }),
    );
    return [html, ...errors]
      .join('')
      .replace(/\uE000(\d+)\uE001/g, (_all: string, number: string) => inlineHtml(Number(number)))
      .trimEnd();
  }
  const { cell, run, outputs } = block;
  const parts = [`<section class="cell" id="cell-${cell.cell}" data-line="${cell.line}">`];
  if (block.code !== null) {
    const sql = cell.language === 'sql';
    const highlighted = sql ? highlightSql(block.code) : highlightTypeScript(block.code);
    const pre = `<pre><code class="language-${cell.language}">${highlighted}</code></pre>`;
    const summary = `<summary>${sql ? 'SQL' : 'Code'} · cell ${cell.cell}</summary>`;
    parts.push(
      code === 'show'
        ? `<details class="code" open>${summary}${pre}</details>`
        : `<details class="code">${summary}${pre}</details>`,
    );
  }
  if (run === null) {
    if (block.code !== null)
      parts.push('<p class="not-run">Not run: <code>eval: false</code>.</p>');
  } else if (run.status === 'not-run') {
    const reason = run.waitsOn
      ? `it needs <a href="#${run.waitsOn}">${unitLabel(run.waitsOn)}</a>, which failed`
      : 'the run stopped before it';
    parts.push(`<p class="not-run">Not run: ${reason}.</p>`);
  } else if (outputs.length > 0) {
    parts.push('<div class="outputs">');
    for (const output of outputs) parts.push(renderOutput(output, interactive));
    parts.push('</div>');
  }
  parts.push('</section>');
  return parts.join('\n');
}

function renderOutput(output: NumberedOutput, interactive = false): string {
  const item: DisplayItem = output.item;
  switch (item.kind) {
    case 'text':
      return `<pre class="value${item.style === 'json' ? ' json' : ''}">${escapeHtml(item.text)}</pre>`;
    case 'table':
      return captioned(renderTable(item), output.caption, 'table');
    case 'fit':
      return captioned(renderFit(item), output.caption, 'table');
    case 'regression-table':
      return captioned(renderRegressionTableHtml(item), output.caption, 'table');
    case 'chart': {
      const id = output.chartId!;
      const caption = output.caption;
      const alt = caption?.alt ?? item.title;
      const label = alt ? ` aria-label="${escapeHtml(alt)}"` : '';
      const size = chartSizeStyle(caption, item.width);
      return [
        captioned(
          `<figure class="chart" id="${id}" data-width="${item.width}" data-height="${item.height}"${size}${label}>\n${output.svg!}\n</figure>`,
          caption,
          'figure',
        ),
        interactive
          ? `<script type="application/json" class="muster-vega-lite" data-chart="${id}">${scriptJson(item.spec)}</script>`
          : '',
      ]
        .filter((line) => line !== '')
        .join('\n');
    }
    case 'error': {
      const where = `${item.where}${item.line !== null ? `, line ${item.line}` : ''}`;
      const source =
        item.sourceLine !== null ? `<pre>${item.line} | ${escapeHtml(item.sourceLine)}</pre>` : '';
      return `<div class="error" role="alert"><p><strong>${escapeHtml(item.name)}</strong> in ${escapeHtml(where)}: ${escapeHtml(item.message)}</p>${source}</div>`;
    }
  }
}

/** A chart's size from `fig-width`/`fig-height` (inches; CSS has 96 px to the inch). */
/**
 * A chart scales down with the column, but not below 85% of the width it is shown at on a wide
 * screen, so its text stays legible on a phone (about 9 px and up); narrower, it scrolls in its
 * own box.
 */
const LEGIBLE_SCALE = 0.85;

function chartSizeStyle(caption: OutputCaption | null, naturalWidth: number): string {
  const shown = caption?.width != null ? Math.min(naturalWidth, caption.width * 96) : naturalWidth;
  const parts: string[] = [];
  if (Number.isFinite(shown)) parts.push(`--chart-min: ${Math.round(shown * LEGIBLE_SCALE)}px`);
  if (!caption || (caption.width === null && caption.height === null))
    return parts.length > 0 ? ` style="${parts.join('; ')}"` : '';
  if (caption.width !== null) parts.push(`width: ${caption.width}in`, 'max-width: 100%');
  if (caption.height !== null && caption.width === null) parts.push(`width: auto`);
  if (caption.height !== null) parts.push(`--chart-height: ${caption.height}in`);
  return ` style="${parts.join('; ')}"`;
}

/** Wrap an output in a numbered, captioned figure when its cell's options ask for one. */
function captioned(html: string, caption: OutputCaption | null, kind: 'figure' | 'table'): string {
  if (!caption || (caption.prefix === null && caption.text === null)) return html;
  const heading = [
    caption.prefix ? `<span class="caption-number">${escapeHtml(caption.prefix)}</span>` : '',
    caption.prefix && caption.text ? ': ' : '',
    caption.text ? escapeHtml(caption.text) : '',
  ].join('');
  const id = caption.label ? ` id="${escapeHtml(caption.label)}"` : '';
  const figcaption = `<figcaption>${heading}</figcaption>`;
  // Tables are captioned above, figures below, as journals do.
  return kind === 'table'
    ? `<figure class="captioned table"${id}>\n${figcaption}\n${html}\n</figure>`
    : `<figure class="captioned figure"${id}>\n${html}\n${figcaption}\n</figure>`;
}

/** Footnotes and the reference list, after the last cell. */
function renderNotes(model: ReportModel, inlineHtml: (number: number) => string): string {
  const parts: string[] = [];
  const inline = (tokens: ReportModel['footnotes'][number]['children']) =>
    model.md.renderer
      .renderInline(tokens, model.md.options, {
        labels: model.references,
        images: model.images,
        footnotesSeen: new Set([...model.footnotes.map((note) => note.number)]),
      } satisfies HtmlProseEnv)
      .replace(/\uE000(\d+)\uE001/g, (_all: string, number: string) => inlineHtml(Number(number)));
  if (model.footnotes.length > 0) {
    parts.push(
      '<section class="footnotes" id="footnotes" aria-label="Notes">',
      '<h2>Notes</h2>',
      '<ol>',
    );
    for (const note of model.footnotes)
      parts.push(
        `<li id="fn-${note.number}">${inline(note.children)} <a class="footnote-back" href="#fnref-${note.number}" aria-label="Back to the text">↩</a></li>`,
      );
    parts.push('</ol>', '</section>');
  }
  if (model.bibliography.length > 0) {
    parts.push('<section class="references" id="references">', '<h2>References</h2>');
    // citation-js writes the entries as HTML (italics, entities); the text comes from the BibTeX file.
    for (const entry of model.bibliography)
      parts.push(
        `<div class="csl-entry" id="ref-${escapeHtml(entry.key)}">${sanitizeEntry(entry.html)}</div>`,
      );
    parts.push('</section>');
  }
  return parts.join('\n');
}

/** Keep only the formatting tags citation-js writes (i, b, sup, sub, span); escape the rest. */
function sanitizeEntry(html: string): string {
  return html.replace(/<(\/?)([a-zA-Z]+)([^>]*)>/g, (all, slash: string, tag: string) =>
    /^(i|b|em|strong|sup|sub|span)$/.test(tag) ? `<${slash}${tag.toLowerCase()}>` : escapeHtml(all),
  );
}

function renderTable(table: TableDisplay): string {
  const cls = (index: number) => (table.align[index] === 'right' ? 'r' : 'l');
  const head = table.columns
    .map((column, index) => `<th class="${cls(index)}">${escapeHtml(column)}</th>`)
    .join('');
  const fractions = table.columns.map((_, index) =>
    table.align[index] === 'right' ? fractionWidth(table.rows.map((row) => row[index])) : 0,
  );
  const cell = (text: string, index: number) => {
    // Text in a numeric column (NA, < 2e-16) keeps to the right edge.
    if (fractions[index] === 0 || !/^[-+]?\d/.test(text))
      return `<td class="${cls(index)}">${escapeHtml(text)}</td>`;
    const [whole, fraction] = splitDecimal(text);
    return `<td class="${cls(index)}">${escapeHtml(whole)}<span class="frac" style="min-width: ${fractions[index]}ch">${escapeHtml(fraction)}</span></td>`;
  };
  const rows = table.rows
    .map((row) => `<tr>${row.map((text, index) => cell(text, index)).join('')}</tr>`)
    .join('\n');
  return [
    '<div class="table-wrap">',
    table.caption ? `<p class="caption">${escapeHtml(table.caption)}</p>` : '',
    `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`,
    table.note ? `<p class="note">${escapeHtml(table.note)}</p>` : '',
    '</div>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** A number's text split at its decimal point (`-7.9595` -> `-7`, `.9595`; `12` -> `12`, ``). */
function splitDecimal(text: string): [string, string] {
  const match = /^([-+]?\d+)(\.\d+(?:e[-+]?\d+)?|e[-+]?\d+)?$/i.exec(text);
  if (!match) return [text, ''];
  return [match[1], match[2] ?? ''];
}

/**
 * Characters after the decimal point to reserve in a numeric column, so its decimal points line
 * up (with tabular figures, one `ch` a character); 0 when the column has nothing to align.
 */
function fractionWidth(cells: string[]): number {
  const lengths = cells.map((text) => splitDecimal(text)[1].length);
  const widest = Math.max(0, ...lengths);
  return lengths.some((length) => length !== widest) ? widest : 0;
}

function definitionList(pairs: [string, string][]): string {
  return `<dl>${pairs.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
}

function renderFit(fit: FitDisplay): string {
  const panels: string[] = [];
  if (fit.summary.length > 0)
    panels.push(`<div><h5>Model</h5>${definitionList(fit.summary)}</div>`);
  if (fit.methods.length > 0)
    panels.push(`<div><h5>Methods</h5>${definitionList(fit.methods)}</div>`);
  if (fit.diagnostics.length > 0) {
    const items = fit.diagnostics
      .map(
        (line) =>
          `<li class="${line.status}"><span class="label">${escapeHtml(line.label)}:</span> ${escapeHtml(line.value)}</li>`,
      )
      .join('');
    panels.push(`<div><h5>Diagnostics</h5><ul class="diagnostics">${items}</ul></div>`);
  }
  return [
    '<div class="fit">',
    `<p class="fit-title">${escapeHtml(fit.title)}</p>`,
    fit.formula ? `<p class="formula"><code>${escapeHtml(fit.formula)}</code></p>` : '',
    renderTable(fit.coefficients),
    `<div class="fit-panels">${panels.join('')}</div>`,
    '</div>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

function renderProvenance(manifest: ProvenanceManifest): string {
  const rows: [string, string][] = [
    ['Notebook', `${manifest.notebook.path}`],
    ['Notebook SHA-256', manifest.notebook.sha256],
    [
      'Parameters',
      Object.keys(manifest.parameters).length > 0 ? JSON.stringify(manifest.parameters) : 'none',
    ],
    ['Seed', String(manifest.seed)],
  ];
  for (const input of manifest.inputs) rows.push([`Input ${input.path}`, input.sha256]);
  for (const key of Object.keys(manifest.versions).sort()) rows.push([key, manifest.versions[key]]);
  const table = rows
    .map(
      ([label, value]) =>
        `<tr><th class="l">${escapeHtml(label)}</th><td class="l"><code>${escapeHtml(value)}</code></td></tr>`,
    )
    .join('\n');
  return [
    '<footer class="provenance" id="provenance">',
    '<details>',
    '<summary>Provenance: rebuild this report with <code>muster verify</code></summary>',
    `<table>\n${table}\n</table>`,
    '</details>',
    '</footer>',
  ].join('\n');
}
