import type { MarkdownIt, Token } from 'markdown-it';
import type {
  CellRun,
  CodeCell,
  CodeDisplay,
  DisplayItem,
  ErrorDisplay,
  NotebookRun,
  ProseBlock,
} from '../types.ts';
import { type ImageFile, readProseImages } from './images.ts';
import { createMarkdown, type Heading, type ParsedProse, parseProse } from './markdown.ts';
import {
  type Footnote,
  numberReferences,
  type ProseReferences,
  type Reference,
  resolveProseReferences,
  type TokenMeta,
} from './prose-references.ts';
import { renameSvgIds } from './svg.ts';

/** An inline expression's text in the report. */
export interface InlineValue {
  text: string;
  ok: boolean;
}

/** One block of the report in document order. */
export type ReportBlock =
  | { kind: 'prose'; block: ProseBlock; parsed: ParsedProse; errors: ErrorDisplay[] }
  | {
      kind: 'code';
      cell: CodeCell;
      /** The cell's run, or null when the cell is not evaluated (`eval: false`). */
      run: CellRun | null;
      /** Outputs to show: none but errors when the cell sets `output: false`. */
      outputs: NumberedOutput[];
      /** The code to show (option lines left out), or null when the code is not shown. */
      code: string | null;
    };

/** A display item, with a document-wide id for charts (`chart-1`, ...). */
export interface NumberedOutput {
  item: DisplayItem;
  chartId: string | null;
  /** For charts: the SVG with ids made unique in the document. */
  svg: string | null;
  /** The caption the cell's options give this output (its first chart, or its first table or fit). */
  caption: OutputCaption | null;
}

/** A caption from the cell options, numbered when the cell's label is `fig-...` or `tbl-...`. */
export interface OutputCaption {
  /** The label (the element's id and the target of `@label`), or null when not numbered. */
  label: string | null;
  /** `Figure 1`, `Table 2`, or null when not numbered. */
  prefix: string | null;
  /** The caption text, or null (a numbered output without `fig-cap`/`tbl-cap`). */
  text: string | null;
  /** Charts: alternative text (`fig-alt`) and size in inches (`fig-width`, `fig-height`). */
  alt: string | null;
  width: number | null;
  height: number | null;
}

/** What both renderers need: blocks with outputs, inline values, headings. */
export interface ReportModel {
  md: MarkdownIt;
  blocks: ReportBlock[];
  inlineValues: Map<number, InlineValue>;
  headings: Heading[];
  chartCount: number;
  /** Numbered figures, tables and equations by label. */
  references: Map<string, Reference>;
  /** Footnotes in order of first reference. */
  footnotes: Footnote[];
  /** The reference list of the works cited. */
  bibliography: ProseReferences['bibliography'];
  /** Images the prose shows, by the path written in the Markdown. */
  images: Map<string, ImageFile>;
}

/** The name of a unit from its id: `cell-2` -> `cell 2`, `inline-1` -> `inline expression 1`. */
export function unitLabel(id: string): string {
  const [kind, number] = id.split('-');
  return kind === 'inline' ? `inline expression ${number}` : `cell ${number}`;
}

/** Why a unit did not run: `needs cell 2, which failed`, or `the run stopped before it`. */
export function notRunReason(run: CellRun): string {
  return run.waitsOn
    ? `needs ${unitLabel(run.waitsOn)}, which failed`
    : 'the run stopped before it';
}

/**
 * Arrange a run for rendering: inline values, parsed prose with heading ids, numbered charts,
 * citations (kept in `cacheDir`, or in memory only when it is null).
 */
export function buildReportModel(run: NotebookRun, cacheDir: string | null = null): ReportModel {
  const code = run.notebook.frontMatter.code;
  const inlineValues = new Map<number, InlineValue>();
  const inlineErrors = new Map<number, ErrorDisplay[]>();
  const codeRuns = new Map<number, CellRun>();
  for (const cell of run.cells) {
    if (cell.kind === 'code') {
      codeRuns.set(cell.number, cell);
      continue;
    }
    if (cell.status === 'not-run')
      inlineValues.set(cell.number, { text: `[not run: ${notRunReason(cell)}]`, ok: false });
    else if (cell.status === 'error') {
      inlineErrors.set(
        cell.number,
        cell.outputs.filter((item): item is ErrorDisplay => item.kind === 'error'),
      );
      const error = cell.outputs.find((item) => item.kind === 'error');
      inlineValues.set(cell.number, {
        text: `[error: ${error && error.kind === 'error' ? error.message : 'failed'}]`,
        ok: false,
      });
    } else {
      const text = cell.outputs.find((item) => item.kind === 'text');
      inlineValues.set(cell.number, {
        text: text && text.kind === 'text' ? text.text : '',
        ok: true,
      });
    }
  }
  const md = createMarkdown();
  const references = numberReferences(run.notebook);
  const reserved = new Set<string>(['contents', 'provenance', 'footnotes', 'references']);
  for (const label of references.keys()) reserved.add(label);
  let chartCount = 0;
  for (const block of run.notebook.blocks)
    if (block.kind === 'code') reserved.add(`cell-${block.cell}`);
  for (const cell of run.cells)
    for (const item of cell.outputs)
      if (item.kind === 'chart') reserved.add(`chart-${++chartCount}`);

  const proseBlocks = run.notebook.blocks.filter(
    (block): block is ProseBlock => block.kind === 'prose',
  );
  const texts = new Map([...inlineValues].map(([number, value]) => [number, value.text]));
  const parsed = parseProse(md, proseBlocks, texts, reserved);
  const tokenLists = parsed.map((item) => item.tokens);
  const resolved = resolveProseReferences(
    md,
    run.notebook,
    tokenLists,
    parsed.flatMap((item) => item.footnotes),
    references,
    cacheDir,
  );
  const blocks: ReportBlock[] = [];
  let proseIndex = 0;
  let chartNumber = 0;
  for (const block of run.notebook.blocks) {
    if (block.kind === 'prose') {
      const errors = block.inlines.flatMap((inline) => inlineErrors.get(inline.inline) ?? []);
      blocks.push({ kind: 'prose', block, parsed: parsed[proseIndex++], errors });
      continue;
    }
    const cellRun = codeRuns.get(block.cell) ?? null;
    const shown = (cellRun?.outputs ?? []).filter(
      (item) => block.options.output || item.kind === 'error',
    );
    const captions = captionsOf(block, references);
    const outputs = shown.map((item): NumberedOutput => {
      const caption =
        item.kind === 'chart'
          ? captions.take('chart')
          : item.kind === 'table' || item.kind === 'fit' || item.kind === 'regression-table'
            ? captions.take('table')
            : null;
      if (item.kind !== 'chart') return { item, chartId: null, svg: null, caption };
      chartNumber += 1;
      const chartId = `chart-${chartNumber}`;
      return { item, chartId, svg: renameSvgIds(item.svg, chartId), caption };
    });
    blocks.push({ kind: 'code', cell: block, run: cellRun, outputs, code: shownCode(block, code) });
  }
  unlinkMissingTargets(blocks, resolved.footnotes);
  return {
    md,
    blocks,
    inlineValues,
    headings: parsed.flatMap((item) => item.headings),
    chartCount: chartNumber,
    references,
    footnotes: resolved.footnotes,
    bibliography: resolved.bibliography,
    images: readProseImages(run.notebook.path, tokenLists),
  };
}

/**
 * The captions a cell's options give: `fig-cap` (and a `fig-` label) to its first chart,
 * `tbl-cap` (and a `tbl-` label) to its first table or fit. Each is handed out once.
 */
function captionsOf(
  cell: CodeCell,
  references: Map<string, Reference>,
): { take: (kind: 'chart' | 'table') => OutputCaption | null } {
  const { options } = cell;
  const label = options.label;
  const reference = label ? references.get(label) : undefined;
  const numbered = (kind: Reference['kind']) =>
    reference && reference.kind === kind && label !== null
      ? { label, prefix: reference.text }
      : null;
  const figure = numbered('fig');
  const table = numbered('tbl');
  const pending = {
    chart:
      figure ||
      options.figCap !== null ||
      options.figAlt !== null ||
      options.figWidth !== null ||
      options.figHeight !== null
        ? {
            label: figure?.label ?? null,
            prefix: figure?.prefix ?? null,
            text: options.figCap,
            alt: options.figAlt,
            width: options.figWidth,
            height: options.figHeight,
          }
        : null,
    table:
      table || options.tblCap !== null
        ? {
            label: table?.label ?? null,
            prefix: table?.prefix ?? null,
            text: options.tblCap,
            alt: null,
            width: null,
            height: null,
          }
        : null,
  } as Record<'chart' | 'table', OutputCaption | null>;
  return {
    take(kind) {
      const caption = pending[kind];
      pending[kind] = null;
      return caption;
    },
  };
}

/**
 * The code of a cell as the report shows it, without its option lines, or null when it is not
 * shown: `echo: false` hides it, `echo: true` shows it even under `code: hide`, and otherwise the
 * front matter's `code` decides.
 */
function shownCode(cell: CodeCell, code: CodeDisplay): string | null {
  const show = cell.options.echo ?? code !== 'hide';
  return show ? cell.source.split('\n').slice(cell.optionLines).join('\n') : null;
}

/**
 * A figure or table label whose cell showed no output to caption (not run, failed, `output:
 * false`, no chart) has a number but nothing to point at: its cross-references stay as text
 * (a link to a missing label would not typeset in Typst).
 */
function unlinkMissingTargets(blocks: ReportBlock[], footnotes: Footnote[]): void {
  const placed = new Set<string>();
  for (const block of blocks) {
    if (block.kind === 'code')
      for (const output of block.outputs)
        if (output.caption?.label) placed.add(output.caption.label);
  }
  const visit = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.children) visit(token.children);
      const meta = token.meta as TokenMeta | null;
      if (
        token.type === 'xref' &&
        meta?.target &&
        !meta.target.startsWith('eq-') &&
        !placed.has(meta.target)
      )
        meta.target = null;
    }
  };
  for (const block of blocks) if (block.kind === 'prose') visit(block.parsed.tokens);
  for (const note of footnotes) visit(note.children);
}
