/** Texts of a nowcast (`nowcast`) and of its retrospective evaluation (`evaluateNowcast`). */
import type { EvaluateNowcastResult } from '../../evaluate-nowcast.ts';
import type { NowcastResult } from '../../nowcast.ts';
import { tidy } from '../../tidy.ts';
import { num, type PrintSettings, percent, plural, printFrame } from './frame.ts';
import { tableColumns } from './rows.ts';

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/**
 * A nowcast: method, date, intervals, the delay estimated from the triangle and its mean, the
 * prior of the period totals, then per period observed so far, the chain-ladder estimate, the
 * predictive interval, mean and median; the totals observed and predicted.
 */
export function nowcastLines(r: NowcastResult, settings: PrintSettings): string[] {
  const d = Math.max(3, settings.digits - 3);
  const mean = sum(r.delay.pmf.map((p, k) => p * k));
  return [
    `Nowcast: ${r.method}`,
    '',
    `Now: ${r.now} (unit ${r.unit}); ${percent(r.confLevel)} predictive intervals from ${plural(r.samples, 'draw')} (seed ${r.seed})`,
    `Delay estimated from the triangle: 0 to ${plural(r.delay.pmf.length - 1, r.unit)}, mean ${num(mean, d)}`,
    `Prior of the period totals: gamma (shape ${num(r.prior.shape, d)}, rate ${num(r.prior.rate, d)}) from ${plural(r.prior.rows, 'row')}`,
    '',
    ...printFrame(
      tableColumns(tidy(r), ['period', 'observed', 'estimate', 'mean', 'median', 'lower', 'upper']),
      settings,
    ),
    '',
    `Total observed so far: ${num(sum(r.observed), d)}; sum of the predictive means: ${num(sum(r.mean), d)} (no interval: the draws are not kept)`,
  ];
}

/**
 * An evaluation of nowcasts: method, horizon, dates scored and skipped, overall coverage and
 * errors, the by-age table, then every scored nowcast.
 */
export function evaluationLines(r: EvaluateNowcastResult, settings: PrintSettings): string[] {
  const d = Math.max(3, settings.digits - 3);
  const scored = [...new Set(r.scores.map((s) => s.now))];
  const skipped = r.skippedDates.length > 0 ? `; skipped: ${r.skippedDates.join(', ')}` : '';
  const a = r.byAge;
  return [
    `Nowcast evaluation: ${r.method}`,
    '',
    `Dates scored: ${scored.length} (${scored.join(', ')})${skipped}`,
    `Horizon: ${plural(r.horizon, 'period')}; ${percent(r.confLevel)} predictive intervals`,
    `Scored nowcasts: ${r.n}; coverage ${num(r.coverage, d)}`,
    `Mean absolute error: ${num(r.mae, d)} (predictive median), ${num(r.maeChainLadder, d)} (chain ladder), ${num(r.maeObserved, d)} (observed so far)`,
    '',
    'By age:',
    ...printFrame(
      [
        { name: 'age', values: a.map((x) => x.age) },
        { name: 'n', values: a.map((x) => x.n) },
        { name: 'coverage', values: a.map((x) => x.coverage) },
        { name: 'mae', values: a.map((x) => x.mae) },
        { name: 'maeChainLadder', values: a.map((x) => x.maeChainLadder) },
        { name: 'maeObserved', values: a.map((x) => x.maeObserved) },
      ],
      settings,
    ),
    '',
    'Each nowcast scored:',
    ...printFrame(
      tableColumns(tidy(r), [
        'now',
        'period',
        'age',
        'observed',
        'estimate',
        'median',
        'lower',
        'upper',
        'final',
        'covered',
      ]),
      settings,
    ),
  ];
}
