// Notebooks: parse and run
export { parseNotebook } from './parse-notebook.ts';
export { type RunNotebookOptions, runNotebook } from './run-notebook.ts';

// Display
export { isVegaLiteSpec, toDisplay } from './to-display.ts';
export { type RenderedSvg, vegaLiteToSvg } from './vega-lite-to-svg.ts';

// Types
export type {
  CellRun,
  ChartDisplay,
  CodeCell,
  CodeDisplay,
  DiagnosticLine,
  DisplayItem,
  ErrorDisplay,
  FileRead,
  FitDisplay,
  InlineExpression,
  Notebook,
  NotebookFrontMatter,
  NotebookRun,
  ParameterValue,
  ProseBlock,
  ProvenanceManifest,
  TableDisplay,
  TextDisplay,
  VersionTable,
} from './types.ts';
