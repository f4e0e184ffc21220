/** Text of a reconstruction from published figures (`reconstruct`). */
import { glance } from '../../glance.ts';
import type { ReconstructResult } from '../../reconstruct.ts';
import { tidy } from '../../tidy.ts';
import { num, type PrintSettings, percent, plural, printFrame } from './frame.ts';
import { tableColumns, totalLine } from './rows.ts';

const dates = (list: readonly string[]) => (list.length === 0 ? 'none' : list.join(', '));

function smoothingLines(r: ReconstructResult, settings: PrintSettings, d: number): string[] {
  const s = r.smoothing;
  const candidates = s.breakCandidates.length > 0 ? ` among ${dates(s.breakCandidates)}` : '';
  return [
    `Smoothing: random walk of order ${s.order} on the log ${s.scale}, tau = ${num(s.tau, d)}`,
    `  ${s.selection}`,
    `Breaks (${s.breakSelection}${candidates}): ${dates(s.breakDates)}`,
    'Structures averaged (posterior weight):',
    ...printFrame(
      [
        { name: 'order', values: s.models.map((m) => m.order) },
        { name: 'breaks', values: s.models.map((m) => dates(m.breakDates)) },
        { name: 'weight', values: s.models.map((m) => m.weight) },
      ],
      settings,
    ),
  ];
}

function delayLines(r: ReconstructResult, settings: PrintSettings): string[] {
  const o = r.offences;
  if (!o) return ['Delay: none (the series is the counted one, not offences)'];
  return [
    `Offences: ${o.method}; delay 0 to ${plural(o.maxDelay, 'month')}, ${plural(o.delays.length, 'delay')} integrated over:`,
    ...printFrame(
      [
        { name: 'mean', values: o.delays.map((x) => x.mean) },
        { name: 'sd', values: o.delays.map((x) => x.sd) },
        { name: 'perYear', values: o.delays.map((x) => x.perYear) },
        { name: 'weight', values: o.delays.map((x) => x.weight) },
      ],
      settings,
    ),
  ];
}

function figureLines(r: ReconstructResult, settings: PrintSettings): string[] {
  const f = r.figures;
  const check = (id: string) => r.checks?.find((c) => c.id === id);
  return [
    'Figures (fitted: expected total over the window):',
    ...printFrame(
      [
        { name: 'id', values: f.map((x) => x.id) },
        { name: 'qualifier', values: f.map((x) => x.qualifier) },
        { name: 'start', values: f.map((x) => x.start) },
        { name: 'end', values: f.map((x) => x.end) },
        // a rate ("500 a month") differs from its total over the window
        { name: 'value', values: f.some((x) => x.value !== x.total) ? f.map((x) => x.value) : [] },
        { name: 'total', values: f.map((x) => x.total) },
        { name: 'fitted', values: f.map((x) => x.fitted) },
        { name: 'lower', values: f.map((x) => x.lower) },
        { name: 'upper', values: f.map((x) => x.upper) },
        { name: 'p', values: f.map((x) => check(x.id)?.predictive.p ?? null) },
        { name: 'pLeaveOneOut', values: f.map((x) => check(x.id)?.leaveOneOut?.p ?? null) },
      ],
      settings,
    ),
  ];
}

function totalLines(r: ReconstructResult, d: number): string[] {
  const row = glance(r);
  const level = percent(r.confLevel);
  const lines = [totalLine('Total of the counted series', row, d)];
  const o = r.offences;
  if (o) {
    lines.push(
      totalLine(
        'Total of the offences',
        {
          ...row,
          total: o.lambda.reduce((a, b) => a + b, 0),
          totalLower: row.offencesTotalLower as number | null,
          totalUpper: row.offencesTotalUpper as number | null,
        },
        d,
      ),
      `Offences pending at the end of ${r.months.at(-1)}: ${num(o.pending.expected, d)} (${level} interval ${num(o.pending.lower, d)} to ${num(o.pending.upper, d)})`,
    );
  }
  if (!r.draws) lines.push('(intervals of the totals need keepDraws: true)');
  return lines;
}

/**
 * A reconstruction: the fit (method, series, intervals, smoothing with the breaks and the
 * structures averaged with their weights, the delays, convergence), the figures with their fitted
 * totals and checks, the months as a data frame, and the totals.
 */
export function reconstructionLines(r: ReconstructResult, settings: PrintSettings): string[] {
  const d = Math.max(3, settings.digits - 3);
  const fit = r.converged
    ? `converged after ${plural(r.iterations, 'Newton iteration')}`
    : `did not converge after ${plural(r.iterations, 'Newton iteration')}`;
  return [
    `Reconstruction from published figures: ${r.method}`,
    '',
    `Months: ${r.months.length}, ${r.months[0]} to ${r.months.at(-1)}; estimate: ${r.labels.estimate}`,
    `Intervals: ${r.labels.interval}; ${r.labels.predictive}; ${r.intervalMethod}`,
    ...smoothingLines(r, settings, d),
    ...delayLines(r, settings),
    `Fit: ${fit}; log-likelihood ${num(r.logLik, settings.digits)}, log marginal likelihood ${num(r.smoothing.logMarginal, settings.digits)}`,
    '',
    ...figureLines(r, settings),
    '',
    ...printFrame(tableColumns(tidy(r)), settings),
    '',
    ...totalLines(r, d),
  ];
}
