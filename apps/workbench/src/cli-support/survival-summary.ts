/** The text of a survival fit: @muster/survival's summary (R's print) with its header line. */
import { type SurvivalFitResult, summary } from '@muster/survival';

/**
 * summary(fit, { header: true }) as lines, without R's closing blank lines, so that a command
 * can add its own sections (zph, curves, predictions) and then {@link warningLines}.
 */
export function survivalSummaryLines(fit: SurvivalFitResult): string[] {
  const lines = summary(fit, { header: true }).split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The fit's warnings as format() prints them, after a blank line. */
export function warningLines(fit: SurvivalFitResult): string[] {
  return fit.warnings.length === 0
    ? []
    : ['', ...fit.warnings.map((warning) => `warning: ${warning.message}`)];
}
