// Notebooks: parse and run
export { parseNotebook } from './parse-notebook.ts';
export { readProvenance } from './read-provenance.ts';

// Reports: render, write, verify
export { type RenderHtmlOptions, renderHtml } from './render-html.ts';
export {
  type RenderNotebookOptions,
  type RenderNotebookResult,
  renderNotebook,
} from './render-notebook.ts';
export { PDF_FONTS, type RenderPdfOptions, renderPdf } from './render-pdf.ts';
export { type ReportFormat, renderReport } from './render-report.ts';
export { type RunNotebookOptions, runNotebook } from './run-notebook.ts';
export { RunSession } from './run-session.ts';
// Display
export { isVegaLiteSpec, toDisplay } from './to-display.ts';
// Types
export type {
  CellOptions,
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
  RegressionTableDisplay,
  TableDisplay,
  TextDisplay,
  VersionTable,
} from './types.ts';
export { type RenderedSvg, vegaLiteToSvg } from './vega-lite-to-svg.ts';
export {
  type ReportDifference,
  type VerifyReportOptions,
  type VerifyReportResult,
  verifyReport,
} from './verify-report.ts';
