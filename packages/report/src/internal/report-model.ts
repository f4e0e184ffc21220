import type { MarkdownIt } from 'markdown-it';
import type {
  CellRun,
  CodeCell,
  CodeDisplay,
  DisplayItem,
  ErrorDisplay,
  NotebookRun,
  ProseBlock,
} from '../types.ts';
import { createMarkdown, type Heading, type ParsedProse, parseProse } from './markdown.ts';
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
}

/** What both renderers need: blocks with outputs, inline values, headings. */
export interface ReportModel {
  md: MarkdownIt;
  blocks: ReportBlock[];
  inlineValues: Map<number, InlineValue>;
  headings: Heading[];
  chartCount: number;
}

/** Arrange a run for rendering: inline values, parsed prose with heading ids, numbered charts. */
export function buildReportModel(run: NotebookRun): ReportModel {
  const code = run.notebook.frontMatter.code;
  const inlineValues = new Map<number, InlineValue>();
  const inlineErrors = new Map<number, ErrorDisplay[]>();
  const codeRuns = new Map<number, CellRun>();
  for (const cell of run.cells) {
    if (cell.kind === 'code') {
      codeRuns.set(cell.number, cell);
      continue;
    }
    if (cell.status === 'not-run') inlineValues.set(cell.number, { text: '[not run]', ok: false });
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
  const reserved = new Set<string>(['contents', 'provenance']);
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
    const outputs = shown.map((item): NumberedOutput => {
      if (item.kind !== 'chart') return { item, chartId: null, svg: null };
      chartNumber += 1;
      const chartId = `chart-${chartNumber}`;
      return { item, chartId, svg: renameSvgIds(item.svg, chartId) };
    });
    blocks.push({ kind: 'code', cell: block, run: cellRun, outputs, code: shownCode(block, code) });
  }
  return {
    md,
    blocks,
    inlineValues,
    headings: parsed.flatMap((item) => item.headings),
    chartCount: chartNumber,
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
