import { readFileSync } from 'node:fs';
import { MusterError } from '@muster/core/errors';
import { installedVersion } from './internal/environment.ts';
import { sha256, stableStringify } from './internal/hash.ts';
import { buildManifest, manifestJson } from './internal/manifest.ts';
import {
  buildReportModel,
  type NumberedOutput,
  type OutputCaption,
  type ReportBlock,
  type ReportModel,
  unitLabel,
} from './internal/report-model.ts';
import { setSvgFontFamily } from './internal/svg.ts';
import { removeTooltipTitles } from './internal/svg-tooltips.ts';
import {
  inlineToTypst,
  markdownToTypst,
  type TypstProseContext,
  typstString,
  typstText,
} from './internal/typst-markup.ts';
import { renderRegressionTableTypst } from './internal/typst-regression-table.ts';
import type {
  DisplayItem,
  FitDisplay,
  NotebookRun,
  ProvenanceManifest,
  TableDisplay,
} from './types.ts';

/** Options of {@link renderPdf}. */
export interface RenderPdfOptions {
  /** Folder the report will be written to. */
  reportDir: string;
  /** A manifest to embed instead of the run's own (for verification). */
  manifest?: ProvenanceManifest;
  /**
   * The run's cache folder (as given to {@link runNotebook}), where the formatted citations are
   * kept so that rendering again needs no citation-js; default none (kept in memory only).
   */
  cacheDir?: string | null;
}

/**
 * Fonts of the PDF: Libertinus Serif and New Computer Modern Math ship inside the Typst compiler;
 * Muster Mono (DejaVu Sans Mono renamed, in this package's `fonts/`) replaces the compiler's
 * DejaVu Sans Mono, which most Linux machines also have installed in another build: Typst would
 * otherwise pick the machine's copy and the bytes would differ between machines.
 */
export const PDF_FONTS = {
  text: 'Libertinus Serif',
  code: 'Muster Mono',
  math: 'New Computer Modern Math',
} as const;

/** Text width of an A4 page with the report's margins, in points. */
const TEXT_WIDTH_PT = 595.28 - 2 * 62;
const VIRTUAL_ROOT = '/muster-report';

type TypstCompiler = import('@myriaddreamin/typst-ts-node-compiler').NodeCompiler;
let compiler: TypstCompiler | null = null;

async function typstCompiler(): Promise<TypstCompiler> {
  if (compiler === null) {
    const { NodeCompiler } = await import('@myriaddreamin/typst-ts-node-compiler');
    compiler = NodeCompiler.create({
      workspace: VIRTUAL_ROOT,
      fontArgs: [{ fontBlobs: musterMonoFonts() }],
    });
  }
  return compiler;
}

let fontBlobs: Buffer[] | null = null;

/** The Muster Mono font files (regular, bold, oblique, bold oblique). */
function musterMonoFonts(): Buffer[] {
  fontBlobs ??= ['', '-Bold', '-Oblique', '-BoldOblique'].map((style) =>
    readFileSync(new URL(`../fonts/MusterMono${style}.ttf`, import.meta.url)),
  );
  return fontBlobs;
}

let typesetterKey: string | null = null;

/**
 * What a PDF depends on besides its Typst document: the compiler's version (with its own fonts) and
 * the Muster Mono files (a key for reports kept in the cache).
 */
export function typesetterVersion(): string {
  typesetterKey ??= sha256(
    stableStringify({
      typst: installedVersion('@myriaddreamin/typst-ts-node-compiler'),
      fonts: musterMonoFonts().map((blob) => sha256(blob)),
    }),
  );
  return typesetterKey;
}

/**
 * Render a notebook run as PDF, typeset by Typst (@myriaddreamin/typst-ts-node-compiler; no
 * browser, no TeX): a title block, the prose with its headings, lists and tables, code cells
 * (when the front matter says `code: show`), tables, model fits, the same SVG charts as the HTML
 * report, errors, page numbers, and a provenance section. The provenance manifest is also attached
 * to the PDF as `muster-provenance.json`. Fonts are fixed (Libertinus Serif from the Typst compiler,
 * Muster Mono from this package), font fallback is off and the document date is unset, so the bytes
 * depend only on the run.
 *
 * @param run - A finished run ({@link runNotebook}).
 * @param options - `reportDir`, the folder the file goes to; `cacheDir`, the run's cache folder.
 * @returns The PDF bytes.
 * @throws MusterError if Typst rejects the generated document (a bug: please report it).
 * @example
 * ```ts
 * const pdf = await renderPdf(run, { reportDir: '_out' });
 * Buffer.from(pdf.subarray(0, 5)).toString();
 * // => '%PDF-'
 * ```
 */
export async function renderPdf(run: NotebookRun, options: RenderPdfOptions): Promise<Uint8Array> {
  const manifest = options.manifest ?? buildManifest(run, 'pdf', options.reportDir);
  const { source, files } = typstDocument(run, manifest, options.cacheDir ?? null);
  return typeset(source, files);
}

/** Typeset a Typst document with the files it reads into PDF bytes. */
async function typeset(
  source: string,
  files: Map<string, string | Uint8Array>,
): Promise<Uint8Array> {
  const typst = await typstCompiler();
  typst.resetShadow();
  for (const [path, content] of files)
    typst.mapShadow(
      `${VIRTUAL_ROOT}${path}`,
      typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content),
    );
  const result = typst.compile({ mainFileContent: source });
  const diagnostics = result.takeDiagnostics();
  const document = result.result;
  if (document === null) {
    const messages = (diagnostics?.shortDiagnostics ?? [])
      .map((item: { message?: string }) => item.message)
      .join('; ');
    throw new MusterError(
      `renderPdf could not typeset the report; Typst said: ${messages || 'unknown error'}`,
    );
  }
  const pdf = typst.pdf(document);
  typst.resetShadow();
  typst.evictCache(10);
  return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}

/** The Typst source of a report and the files (charts) it refers to. */
function typstDocument(
  run: NotebookRun,
  manifest: ProvenanceManifest,
  cacheDir: string | null,
): { source: string; files: Map<string, string | Uint8Array> } {
  const model = buildReportModel(run, cacheDir);
  const front = run.notebook.frontMatter;
  const files = new Map<string, string | Uint8Array>();
  const inlineText = (number: number) => model.inlineValues.get(number)?.text ?? '';
  const images = new Map<string, string>();
  let imageNumber = 0;
  for (const [src, image] of model.images) {
    // Typst reads PNG, JPEG, GIF and SVG; other types keep the "not embedded" note.
    if (!/^(png|jpg|gif|svg)$/.test(image.extension)) continue;
    const path = `/images/image-${++imageNumber}.${image.extension}`;
    files.set(path, image.data);
    images.set(src, path);
  }
  const context: TypstProseContext = {
    inlineText,
    images,
    labels: model.references,
    footnotesWritten: new Set(),
    footnoteBody: () => '',
  };
  context.footnoteBody = (number) =>
    inlineToTypst(model.footnotes[number - 1]?.children ?? [], context);

  const lines: string[] = [
    `#set document(title: ${typstString(front.title)}${front.author ? `, author: ${typstString(front.author)}` : ''}, date: none)`,
    '#set page(paper: "a4", margin: (x: 62pt, y: 68pt), numbering: "1 / 1", number-align: center)',
    `#set text(font: (${typstString(PDF_FONTS.text)},), size: 10.5pt, fallback: false, lang: "en")`,
    '#set par(justify: true, leading: 0.62em, spacing: 1.05em)',
    `#show raw: set text(font: (${typstString(PDF_FONTS.code)},), size: 0.8em)`,
    `#show math.equation: set text(font: (${typstString(PDF_FONTS.math)},))`,
    '#show raw.where(block: true): set par(justify: false)',
    '#show heading: set block(above: 1.5em, below: 0.8em, sticky: true)',
    '#show figure.where(kind: table): set figure.caption(position: top)',
    '#show figure.caption: set text(size: 9pt)',
    '#show figure: set block(breakable: false)',
    '#show heading.where(level: 1): set text(size: 15pt)',
    '#show heading.where(level: 2): set text(size: 12.5pt)',
    '#show heading.where(level: 3): set text(size: 11pt)',
    '#show link: set text(fill: rgb("#24527a"))',
    '#set table(stroke: none, inset: (x: 4.5pt, y: 2.6pt))',
    '#let cell-note(body) = text(size: 8.5pt, fill: luma(90), body)',
    '#let status-dot(color) = box(baseline: -0.15em, circle(radius: 2.4pt, fill: color, stroke: none))',
    `#pdf.attach("muster-provenance.json", bytes(${typstString(manifestJson(manifest))}), relationship: "data", mime-type: "application/json", description: "Muster provenance manifest")`,
    '',
    '#align(center)[',
    `  #block(below: 0.7em, text(size: 20pt, weight: "bold", ${typstString(front.title)}))`,
    front.author ? `  #block(below: 0.4em, text(size: 12pt, ${typstString(front.author)}))` : '',
    front.date ? `  #block(below: 0.4em, text(size: 10.5pt, ${typstString(front.date)}))` : '',
    `  #block(text(size: 9pt, fill: luma(90), ${typstString(parameterLine(run))}))`,
    ']',
    '#line(length: 100%, stroke: 0.5pt + luma(180))',
    '',
  ];
  for (const block of model.blocks) lines.push(renderBlock(block, context, front.code, files), '');
  lines.push(renderBibliography(model));
  lines.push(renderProvenance(manifest));
  return {
    source: lines.filter((line, index, all) => !(line === '' && all[index - 1] === '')).join('\n'),
    files,
  };
}

function parameterLine(run: NotebookRun): string {
  const parameters = Object.entries(run.parameters).map(
    ([name, value]) => `${name} = ${JSON.stringify(value)}`,
  );
  return parameters.length > 0
    ? `Parameters: ${parameters.join(', ')}; seed ${run.seed}`
    : `Seed ${run.seed}`;
}

function renderBlock(
  block: ReportBlock,
  context: TypstProseContext,
  code: 'show' | 'fold' | 'hide',
  files: Map<string, string | Uint8Array>,
): string {
  if (block.kind === 'prose') {
    const errors = block.errors.map((error) =>
      renderOutput({ item: error, chartId: null, svg: null, caption: null }, files),
    );
    return [markdownToTypst(block.parsed.tokens, context), ...errors].join('\n\n');
  }
  const parts: string[] = [];
  // PDF prints code under `code: show`, or for a cell that asks for it with `echo: true`.
  if (block.code !== null && (code === 'show' || block.cell.options.echo === true)) {
    parts.push(
      `#block(width: 100%, fill: luma(246), inset: 6pt, radius: 2pt, raw(block: true, lang: "${block.cell.language}", ${typstString(block.code)}))`,
    );
  }
  if (block.run?.status === 'not-run') {
    const reason = block.run.waitsOn
      ? `it needs ${unitLabel(block.run.waitsOn)}, which failed`
      : 'the run stopped before it';
    parts.push(`#cell-note[#emph[Cell ${block.cell.cell} not run: ${reason}.]]`);
  }
  for (const output of block.outputs) parts.push(renderOutput(output, files));
  return parts.join('\n\n');
}

function renderOutput(output: NumberedOutput, files: Map<string, string | Uint8Array>): string {
  const item: DisplayItem = output.item;
  switch (item.kind) {
    case 'text':
      return `#block(width: 100%, stroke: 0.5pt + luma(200), inset: 6pt, radius: 2pt, raw(block: true, ${typstString(item.text)}))`;
    case 'table':
      return captionedFigure(renderTable(item), output.caption, 'table');
    case 'fit':
      return captionedFigure(renderFit(item), output.caption, 'table');
    case 'regression-table':
      return captionedFigure(renderRegressionTableTypst(item), output.caption, 'table');
    case 'chart': {
      const path = `/charts/${output.chartId}.svg`;
      files.set(path, setSvgFontFamily(removeTooltipTitles(output.svg!), 'Libertinus Serif'));
      const caption = output.caption;
      // fig-width / fig-height are inches (72 pt); otherwise the chart's CSS pixels (0.75 pt).
      const widthPt =
        caption?.width != null
          ? caption.width * 72
          : caption?.height != null
            ? (caption.height * 72 * item.width) / item.height
            : item.width * 0.75;
      const width = widthPt >= TEXT_WIDTH_PT ? '100%' : `${formatPt(widthPt)}pt`;
      const altText = caption?.alt ?? item.title;
      const alt = altText ? `, alt: ${typstString(altText)}` : '';
      const image = `image(${typstString(path)}, width: ${width}${alt})`;
      if (caption && (caption.prefix !== null || caption.text !== null))
        return captionedFigure(image, caption, 'image');
      return `#block(breakable: false, width: 100%, align(center, ${image}))`;
    }
    case 'error': {
      const where = `${item.where}${item.line !== null ? `, line ${item.line}` : ''}`;
      const source =
        item.sourceLine !== null
          ? ` #raw(block: true, ${typstString(`${item.line} | ${item.sourceLine}`)})`
          : '';
      return `#block(width: 100%, stroke: (left: 2.5pt + rgb("#b3261e"), rest: 0.5pt + rgb("#b3261e")), fill: rgb("#fdf3f2"), inset: 7pt, radius: 2pt)[#strong[${typstText(item.name)}] in ${typstText(where)}: ${typstText(item.message)}${source}]`;
    }
  }
}

/**
 * A Typst figure with the caption and number the cell's options give (numbers are the report's
 * own, so HTML and PDF agree); the label makes `@fig-...` links land on it.
 */
function captionedFigure(
  body: string,
  caption: OutputCaption | null,
  kind: 'image' | 'table',
): string {
  if (!caption || (caption.prefix === null && caption.text === null)) return body;
  // A figure centres its body; tables and fits keep their own (start) alignment inside it.
  const content = body.startsWith('#') ? `[#set align(start)\n${body}]` : body;
  const number = caption.prefix ? caption.prefix.replace(/^\D+/, '') : null;
  const supplement = kind === 'table' ? 'Table' : 'Figure';
  const numbering = number ? `numbering: (..) => ${typstString(number)}` : 'numbering: none';
  const text = caption.text ? `[${typstText(caption.text)}]` : '[]';
  const separator = caption.text ? '' : ', separator: none';
  const label = caption.label ? ` <${caption.label}>` : '';
  return `#figure(${content}, kind: ${kind}, supplement: [${supplement}], ${numbering}, caption: figure.caption(${text}${separator}))${label}`;
}

/** The reference list: citation-js's entries (HTML with italics) as Typst markup. */
function renderBibliography(model: ReportModel): string {
  if (model.bibliography.length === 0) return '';
  const entries = model.bibliography.map(
    (entry) =>
      `#block(above: 0.55em, below: 0.55em)[#pad(left: 1.5em)[#h(-1.5em)${htmlEntryToTypst(entry.html)}]] <ref-${entry.key}>`,
  );
  return ['= References', '', ...entries].join('\n');
}

/** citation-js's HTML entry (italics, bold, entities) as Typst markup. */
function htmlEntryToTypst(html: string): string {
  const entities: Record<string, string> = {
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    nbsp: '\u00a0',
  };
  const decode = (text: string) =>
    text.replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (all, name: string) =>
      name[0] === '#'
        ? String.fromCodePoint(
            name[1] === 'x' || name[1] === 'X'
              ? Number.parseInt(name.slice(2), 16)
              : Number(name.slice(1)),
          )
        : (entities[name] ?? all),
    );
  return html
    .split(/(<\/?[a-zA-Z]+[^>]*>)/)
    .map((part) => {
      const tag = /^<(\/?)([a-zA-Z]+)/.exec(part);
      // `(` and `[` right after `#emph[...]` would continue the call: escape them always.
      if (!tag) return typstText(decode(part)).replace(/[([]/g, (ch) => `\\${ch}`);
      const name = tag[2].toLowerCase();
      if (name === 'i' || name === 'em') return tag[1] ? ']' : '#emph[';
      if (name === 'b' || name === 'strong') return tag[1] ? ']' : '#strong[';
      if (name === 'sup') return tag[1] ? ']' : '#super[';
      if (name === 'sub') return tag[1] ? ']' : '#sub[';
      return '';
    })
    .join('');
}

function formatPt(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function renderTable(table: TableDisplay): string {
  const align = table.align.map((value) => (value === 'right' ? 'right' : 'left')).join(', ');
  const header = table.columns.map((column) => `[#strong[${typstText(column)}]]`).join(', ');
  const cells = table.rows.flatMap((row) => row.map((cell) => `[${typstText(cell)}]`));
  const parts = [
    table.caption ? `#cell-note[${typstText(table.caption)}]` : '',
    `#block(breakable: false, text(size: 8.8pt, table(columns: ${table.columns.length}, align: (${align},), table.hline(stroke: 0.8pt), table.header(${header}), table.hline(stroke: 0.5pt), ${cells.join(', ')}${cells.length > 0 ? ', ' : ''}table.hline(stroke: 0.8pt))))`,
    table.note ? `#cell-note[${typstText(table.note)}]` : '',
  ];
  return parts.filter((part) => part !== '').join('\n');
}

function pairs(items: [string, string][]): string {
  return items.map(([label, value]) => `[${typstText(label)}], [${typstText(value)}]`).join(', ');
}

function renderFit(fit: FitDisplay): string {
  const columns: string[] = [];
  if (fit.summary.length > 0) {
    columns.push(
      `[#strong[Model] #v(0.2em) #grid(columns: 2, column-gutter: 8pt, row-gutter: 3pt, ${pairs(fit.summary)})]`,
    );
  }
  if (fit.methods.length > 0) {
    columns.push(
      `[#strong[Methods] #v(0.2em) #grid(columns: 2, column-gutter: 8pt, row-gutter: 3pt, ${pairs(fit.methods)})]`,
    );
  }
  const colors = { ok: 'rgb("#2e7d32")', warn: 'rgb("#b3261e")', info: 'luma(110)' };
  const diagnostics = fit.diagnostics
    .map(
      (line) =>
        `[#status-dot(${colors[line.status]}) #strong[${typstText(line.label)}:] ${typstText(line.value)}]`,
    )
    .join(', ');
  return [
    '#block(width: 100%, breakable: false, stroke: 0.5pt + luma(200), inset: 8pt, radius: 2pt)[',
    `  #text(weight: "bold", ${typstString(fit.title)})${fit.formula ? ` #h(0.6em) #raw(${typstString(fit.formula)})` : ''}`,
    '',
    `  ${renderTable(fit.coefficients).split('\n').join('\n  ')}`,
    '',
    `  #text(size: 8.8pt, grid(columns: (1fr, 1fr), column-gutter: 14pt, ${columns.join(', ')}))`,
    diagnostics
      ? `\n  #text(size: 8.8pt)[#strong[Diagnostics] #v(0.2em) #stack(spacing: 3pt, ${diagnostics})]`
      : '',
    ']',
  ].join('\n');
}

function renderProvenance(manifest: ProvenanceManifest): string {
  const rows: [string, string][] = [
    ['Notebook', manifest.notebook.path],
    ['Notebook SHA-256', manifest.notebook.sha256],
  ];
  // One row per parameter: a single JSON line of many parameters would run past the margin.
  const parameters = Object.entries(manifest.parameters);
  if (parameters.length === 0) rows.push(['Parameters', 'none']);
  for (const [name, value] of parameters) rows.push([`Parameter ${name}`, JSON.stringify(value)]);
  rows.push(['Seed', String(manifest.seed)]);
  for (const input of manifest.inputs) rows.push([`Input ${input.path}`, input.sha256]);
  for (const key of Object.keys(manifest.versions).sort()) rows.push([key, manifest.versions[key]]);
  const cells = rows
    .map(([label, value]) => `[${typstText(label)}], raw(${typstString(value)})`)
    .join(', ');
  return [
    '#v(1.5em)',
    '#line(length: 100%, stroke: 0.5pt + luma(180))',
    `#text(size: 8pt, fill: luma(70))[#strong[Provenance.] Rebuild and compare with #raw("muster verify")\\; the manifest is attached to this PDF as #raw("muster-provenance.json").`,
    '',
    `#grid(columns: (auto, 1fr), column-gutter: 10pt, row-gutter: 3pt, ${cells})]`,
  ].join('\n');
}
