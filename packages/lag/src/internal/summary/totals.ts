/** Texts of the pipeline estimate (`pipelineEstimate`) and of the under-count (`undercount`). */
import type { PipelineResult } from '../../pipeline-estimate.ts';
import { tidy } from '../../tidy.ts';
import type { UndercountResult } from '../../undercount.ts';
import { num, type PrintSettings, percent, printFrame } from './frame.ts';
import { tableColumns } from './rows.ts';

/** The pending count with its interval and the delay's mean, then the pending offences by age. */
export function pipelineLines(r: PipelineResult, settings: PrintSettings): string[] {
  const d = Math.max(3, settings.digits - 3);
  return [
    `Offences in the pipeline: ${r.method}`,
    '',
    r.rate !== undefined
      ? `At a steady rate of ${num(r.rate, d)} per period; delay mean ${num(r.meanDelay, d)}`
      : `At period ${r.periods?.[r.at] ?? r.at}; delay mean ${num(r.meanDelay, d)}`,
    `Pending: ${num(r.expected, d)} expected (${percent(r.confLevel)} interval ${num(r.lower, d)} to ${num(r.upper, d)}; ${r.intervalMethod})`,
    '',
    r.rate !== undefined
      ? 'By age (offences of each age not yet in court):'
      : 'By age (offences of period at - age not yet in court):',
    ...printFrame(tableColumns(tidy(r), ['period', 'age', 'estimate']), settings),
  ];
}

/** The capture probability, the total offenders with its interval, and the sensitivity table. */
export function undercountLines(r: UndercountResult, settings: PrintSettings): string[] {
  const d = Math.max(3, settings.digits - 3);
  const c = r.capture;
  const level = percent(r.confLevel);
  const rows = tidy(r).slice(1);
  return [
    `Under-count: ${r.method}`,
    '',
    `Caught: ${r.caught}`,
    `Capture probability: Beta(${num(c.alpha, d)}, ${num(c.beta, d)}), mean ${num(c.mean, d)}, sd ${num(c.sd, d)}, ${level} interval ${num(c.lower, d)} to ${num(c.upper, d)}`,
    `Total offenders: ${num(r.estimate, d)} (posterior median; ${level} interval ${num(r.lower, d)} to ${num(r.upper, d)}); mean ${num(r.mean, d)}, plug-in ${num(r.plugIn, d)} (caught / mean capture)`,
    '',
    'Sensitivity (capture probability fixed):',
    ...printFrame(tableColumns(rows, ['capture', 'estimate', 'lower', 'upper']), settings),
  ];
}
