/** Text of a back-projection (`backProject`). */
import type { BackProjectResult } from '../../back-project.ts';
import { glance } from '../../glance.ts';
import { tidy } from '../../tidy.ts';
import { num, type PrintSettings, percent, plural, printFrame } from './frame.ts';
import { tableColumns, totalLine } from './rows.ts';

function convergence(r: BackProjectResult, d: number): string {
  const change = `relative change ${num(r.criterion, d)}`;
  return r.converged
    ? `converged after ${plural(r.iterations, 'iteration')} (${change} < tolerance ${num(r.tolerance, d)})`
    : `did not converge: stopped after ${plural(r.iterations, 'iteration')} (maxIter ${r.maxIter}; ${change} >= tolerance ${num(r.tolerance, d)})`;
}

function bootstrapLine(r: BackProjectResult): string[] {
  const b = r.bootstrap;
  if (!b) return [];
  const stopped = b.notConverged > 0 ? `; ${b.notConverged} stopped at maxIter` : '';
  return [
    `Bootstrap: ${plural(b.replicates, 'replicate')} (seed ${b.seed}), ${percent(b.confLevel)} percentile intervals${stopped}`,
  ];
}

/**
 * The estimate of backprojNP (its `upperbound`) per period, as R prints
 * `data.frame(period, observed, estimate = upperbound, lower, upper, fitted)`, under what was
 * estimated: method, delay and its mean, smoothing k, convergence, bootstrap.
 */
export function backProjectionLines(r: BackProjectResult, settings: PrintSettings): string[] {
  const d = Math.max(3, settings.digits - 3);
  const delay = r.delay
    ? [
        `Delay: ${r.delay.distribution === 'pmf' ? 'pmf' : `${r.delay.distribution} pmf`} on 0 to ${plural(r.delay.maxDelay, 'period')}, mean ${num(r.delay.mean, d)}`,
      ]
    : [];
  const row = glance(r);
  return [
    `Back-projection: ${r.method}`,
    '',
    ...delay,
    `Smoothing: k = ${r.k}`,
    `Iterations: ${convergence(r, d)}`,
    ...bootstrapLine(r),
    '',
    ...printFrame(tableColumns(tidy(r)), settings),
    '',
    totalLine('Total of the estimates', row, d),
  ];
}
