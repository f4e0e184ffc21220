/**
 * Public types of the notebook engine: the parsed notebook, the display model that cells produce,
 * the run of a notebook and the provenance manifest every report embeds. All are plain,
 * JSON-serialisable objects, so a run can be cached, sent to the web app or compared.
 */

/** A parameter value as it may appear in the front matter and on the command line. */
export type ParameterValue = number | string | boolean | null;

/** How a report shows the source of code cells. */
export type CodeDisplay = 'show' | 'fold' | 'hide';

/** The YAML front matter of a notebook, with defaults filled in. */
export interface NotebookFrontMatter {
  /** The report title (required). */
  title: string;
  /** The author line, or null. */
  author: string | null;
  /** A date as written by the author (never the clock), or null. */
  date: string | null;
  /** Parameters and their default values, in the order written. */
  parameters: Record<string, ParameterValue>;
  /** Optional one-line descriptions of parameters. */
  parameterDescriptions: Record<string, string>;
  /** Seed of the notebook's random number generator (default 1). */
  seed: number;
  /** Input files declared by the author, relative to the notebook's folder. */
  inputs: string[];
  /** How code cells are shown: `show`, `fold` (HTML `<details>`, default) or `hide`. */
  code: CodeDisplay;
  /** Rows shown of each displayed table (default 10); the rest is summarised in a note. */
  rows: number;
  /** BibTeX files cited from (`bibliography:`), relative to the notebook's folder. */
  bibliography: string[];
  /** Citation style: `apa` (default), `vancouver`, `harvard1`, or a CSL file relative to the notebook; null for the default. */
  csl: string | null;
  /** Seconds each cell or inline expression may run before it is stopped (default 600). */
  timeout: number;
  /** Megabytes of JavaScript heap the cells may use when run apart from the renderer (default 4096). */
  memory: number;
}

/** A fenced `ts` cell, or a fenced `sql` cell that runs on the notebook's DuckDB database. */
export interface CodeCell {
  kind: 'code';
  /** 1-based number of the cell among the notebook's code cells. */
  cell: number;
  /** `ts` for TypeScript (` ```ts `), `sql` for SQL (` ```sql `). */
  language: 'ts' | 'sql';
  /** Source of the cell (without the fences). */
  source: string;
  /** 1-based line of the notebook file on which the cell's first source line stands. */
  line: number;
  /** Options set by `//| key: value` lines at the top of the cell (defaults when none). */
  options: CellOptions;
  /** How many lines at the top of `source` are option lines (`//|`, or `--|` in SQL; left out when the code is shown). */
  optionLines: number;
}

/**
 * Quarto-style options of a code cell, written as `//| key: value` lines at its top (see
 * docs/notebook-format.md). Null means "not set": the front matter or the default applies.
 */
export interface CellOptions {
  /** `label`: the cell's cross-reference label (`fig-km`, `tbl-models`, `eq-...` is for prose). */
  label: string | null;
  /** `fig-cap`: caption of the cell's chart (numbered when the label starts with `fig-`). */
  figCap: string | null;
  /** `fig-alt`: alternative text of the cell's chart. */
  figAlt: string | null;
  /** `fig-width`, `fig-height`: size of the chart in the report, in inches. */
  figWidth: number | null;
  figHeight: number | null;
  /** `tbl-cap`: caption of the cell's table (numbered when the label starts with `tbl-`). */
  tblCap: string | null;
  /** `echo`: show the cell's code (true) or not (false); null follows the front matter's `code`. */
  echo: boolean | null;
  /** `eval`: run the cell (default true); a cell with `eval: false` is shown but never run. */
  eval: boolean;
  /** `output`: show the cell's outputs (default true); errors are shown regardless. */
  output: boolean;
  /** `timeout`: seconds the cell may run; null follows the front matter or the default. */
  timeout: number | null;
  /** `name` (sql cells only): the notebook name the query's result (an arquero table) is bound to. */
  name: string | null;
}

/** An inline `${expression}` in prose. */
export interface InlineExpression {
  kind: 'inline';
  /** 1-based number of the inline expression in the notebook. */
  inline: number;
  /** The expression's TypeScript source. */
  source: string;
  /** 1-based line of the notebook file where the expression starts. */
  line: number;
}

/** A run of Markdown between code cells. Inline expressions are replaced by placeholders. */
export interface ProseBlock {
  kind: 'prose';
  /** Markdown with each inline expression replaced by `\uE000<n>\uE001` (n = its `inline` number). */
  markdown: string;
  /** 1-based line of the notebook file where the block starts. */
  line: number;
  /** Inline expressions of this block, in order. */
  inlines: InlineExpression[];
}

/** A parsed notebook. */
export interface Notebook {
  /** Absolute path of the notebook file, or null for a notebook parsed from a string. */
  path: string | null;
  /** SHA-256 (hex) of the notebook file's bytes. */
  sha256: string;
  frontMatter: NotebookFrontMatter;
  /** Prose blocks and code cells in document order. */
  blocks: (ProseBlock | CodeCell)[];
}

/** A table ready for display: every cell already formatted as text. */
export interface TableDisplay {
  kind: 'table';
  /** Caption (shape, source), or null. */
  caption: string | null;
  columns: string[];
  /** Alignment of each column: numbers right, text left. */
  align: ('left' | 'right')[];
  rows: string[][];
  /** Rows and columns of the whole table (the display may show only the first rows). */
  nrow: number;
  ncol: number;
  /** A note under the table (e.g. "first 10 of 377 rows"), or null. */
  note: string | null;
}

/** One line of a fit's diagnostics panel. */
export interface DiagnosticLine {
  label: string;
  value: string;
  /** `ok`, `warn` (needs the reader's attention) or `info`. */
  status: 'ok' | 'warn' | 'info';
}

/** A model fit: coefficient table, model summary, methods and diagnostics. */
export interface FitDisplay {
  kind: 'fit';
  /** A title such as "Binomial GLM (logit link)". */
  title: string;
  /** Formula of the model, or null. */
  formula: string | null;
  coefficients: TableDisplay;
  /** Model summary as label/value pairs (observations, log-likelihood, AIC, ...). */
  summary: [string, string][];
  /** Method labels as label/value pairs (family, link, covariance, interval, ties...). */
  methods: [string, string][];
  diagnostics: DiagnosticLine[];
}

/**
 * A regression table (several models side by side, from `@muster/tables`): a label and one
 * formatted cell per model in each row; `section` groups the rows (an estimate, the line beneath
 * it, goodness of fit, the model's method) so renderers rule between the groups.
 */
export interface RegressionTableDisplay {
  kind: 'regression-table';
  /** Caption above the table, or null. */
  caption: string | null;
  /** Model headings. */
  models: string[];
  rows: {
    section: 'estimate' | 'uncertainty' | 'gof' | 'method';
    label: string;
    cells: string[];
  }[];
  /** Notes under the table (what the parentheses hold, stars, ratios). */
  notes: string[];
}

/** A Vega-Lite chart, with its specification and the SVG that Vega drew in Node. */
export interface ChartDisplay {
  kind: 'chart';
  /** The Vega-Lite specification, as given (embedded in HTML for interactive use). */
  spec: Record<string, unknown>;
  /** The static SVG (ids made unique per chart when the report is assembled). */
  svg: string;
  /** SVG size in CSS pixels. */
  width: number;
  height: number;
  /** The chart's title (from the spec), or null. */
  title: string | null;
}

/** Plain text: numbers, strings, booleans, pretty-printed objects. */
export interface TextDisplay {
  kind: 'text';
  text: string;
  /** `value` for short values shown as output, `json` for pretty-printed structures. */
  style: 'value' | 'json';
}

/** An error raised by a cell: which cell, which line, which message. */
export interface ErrorDisplay {
  kind: 'error';
  /** `cell N` or `inline N`. */
  where: string;
  /** 1-based line of the notebook file, or null when unknown. */
  line: number | null;
  /** The source line at `line`, or null. */
  sourceLine: string | null;
  /** Error class name (`TypeError`, `DataError`...). */
  name: string;
  message: string;
}

/** Anything a cell can show. */
export type DisplayItem =
  | TableDisplay
  | FitDisplay
  | RegressionTableDisplay
  | ChartDisplay
  | TextDisplay
  | ErrorDisplay;

/** A file a cell read, identified by its path (relative to the notebook, `/`-separated) and bytes. */
export interface FileRead {
  path: string;
  sha256: string;
}

/** The outcome of one code cell or inline expression. */
export interface CellRun {
  kind: 'code' | 'inline';
  /** Cell number (code) or inline number. */
  number: number;
  /** 1-based line in the notebook file. */
  line: number;
  /** `ok`, `error`, or `not-run` (a cell it needs failed, or the run stopped before it). */
  status: 'ok' | 'error' | 'not-run';
  /**
   * For a `not-run` unit: the id (`cell-2`, `inline-1`) of the failed unit it needs, directly or
   * through other units; absent when the run stopped before reaching it.
   */
  waitsOn?: string;
  /** True when the outputs came from the cache without running the cell. */
  cached: boolean;
  /** True when the cell was executed in this run (a cached cell may be executed for its values). */
  executed: boolean;
  outputs: DisplayItem[];
  /** Files the cell read (tracked), sorted by path. */
  reads: FileRead[];
  /** Cache key: hash of the source, upstream keys, parameters, seed, environment and reads. */
  key: string;
  /** Numbers (1-based, same kind ordering as all cells) of the cells this one depends on directly. */
  dependsOn: string[];
}

/** Versions of what produced a report. */
export type VersionTable = Record<string, string>;

/** The provenance manifest embedded in every report. */
export interface ProvenanceManifest {
  manifest: 'muster-provenance/1';
  /** `html` or `pdf`. */
  format: 'html' | 'pdf';
  notebook: {
    /**
     * Path of the notebook relative to its project root (the folder with `.git` or
     * `pnpm-workspace.yaml`, else `package.json`), `/`-separated.
     */
    path: string;
    sha256: string;
  };
  title: string;
  parameters: Record<string, ParameterValue>;
  seed: number;
  /** Declared and tracked input files, relative to the notebook's folder, sorted by path. */
  inputs: FileRead[];
  /** Per cell: where it is, a hash of its source and a hash of its outputs. */
  cells: { id: string; line: number; status: CellRun['status']; source: string; output: string }[];
  /** Node, Muster packages (`+src.<hash>` when run from sources), Vega, Vega-Lite, Typst. */
  versions: VersionTable;
  /** The locale and time zone cells ran under (pinned, whatever the machine's LANG and TZ). */
  locale: string;
  timeZone: string;
}

/** A finished run of a notebook, ready to render. */
export interface NotebookRun {
  notebook: Notebook;
  /** Parameters after applying overrides to the defaults. */
  parameters: Record<string, ParameterValue>;
  seed: number;
  /** Code cells and inline expressions in document order. */
  cells: CellRun[];
  /** Declared and tracked inputs with their hashes. */
  inputs: FileRead[];
  versions: VersionTable;
  /** True when a cell or inline expression failed. */
  failed: boolean;
  /** How many cells were executed and how many served from the cache. */
  stats: { executed: number; cached: number; total: number };
}
