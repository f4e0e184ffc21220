/**
 * summary/format (R-like text), tidy and glance (rows) of every lag result kind, on small inputs:
 * the text line by line, the rows against the result's fields, and errors for what is not a lag
 * result.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import {
  backProject,
  calibrateStageDelay,
  empiricalDelay,
  evaluateNowcast,
  format,
  glance,
  nowcast,
  pipelineEstimate,
  posteriorTotal,
  type ReportingTriangle,
  reconstruct,
  summary,
  tidy,
  undercount,
} from '../src/index.ts';
import { expectClose, readFixture } from './helpers.ts';

const counts = [5, 8, 12, 10, 7, 4];
const pmf = [0.2, 0.5, 0.3];
const tri: ReportingTriangle = {
  unit: 'day',
  now: '2011-05-03',
  periods: ['2011-05-01', '2011-05-02', '2011-05-03'],
  maxDelay: 1,
  counts: [
    [10, 10],
    [12, 11],
    [8, null],
  ],
};
const stageMonths = [
  '2023-07',
  '2023-08',
  '2023-09',
  '2023-10',
  '2023-11',
  '2023-12',
  '2024-01',
  '2024-02',
  '2024-03',
  '2024-04',
];
const days = (from: string, n: number) =>
  Array.from({ length: n }, (_, i) =>
    new Date(Date.parse(from) + i * 86400000).toISOString().slice(0, 10),
  );

interface RCase {
  counts: number[];
  pmf: number[];
  k: number;
  start: string;
  upperbound: number[];
  printed: string[];
  printedMax: string[];
}
const rCases = readFixture<{ cases: RCase[] }>('r-summary-backproject.json').cases;

describe('summary of a back-projection', () => {
  it.each(rCases.map((c) => [c.k, c] as const))(
    'summary(backProject(..., { k: %i })) prints the table as R prints data.frame(period, observed, estimate = upperbound, fitted)',
    (_, c) => {
      const fit = backProject(c.counts, c.pmf, { k: c.k, start: c.start });
      const lines = summary(fit).split('\n');
      const table = lines.indexOf(c.printed[0]);
      expect(table).toBeGreaterThan(0);
      expect(lines.slice(table, table + c.printed.length)).toEqual(c.printed);
      // R's max.print note is R's own; the rows before it are R's
      const limited = summary(fit, { maxRows: 3 }).split('\n');
      expect(limited.slice(table, table + 4)).toEqual(c.printedMax.slice(0, 4));
      expect(limited[table + 4]).toBe(
        ` [ reached maxRows -- omitted ${c.counts.length - 3} rows ]`,
      );
      for (const [i, v] of fit.lambda.entries()) expectClose(v, c.upperbound[i], { rtol: 1e-10 });
    },
  );

  it('format(backProject(...)) with a bootstrap names the delay, k, convergence, bootstrap and the total with its interval', () => {
    const fit = backProject(counts, pmf, {
      start: '2023-01',
      bootstrap: { replicates: 20, seed: 7, keepReplicates: true },
    });
    expect(format(fit).split('\n')).toEqual([
      'Back-projection: EMS back-projection (Becker et al. 1991), as surveillance::backprojNP with k = 2',
      '',
      'Delay: pmf on 0 to 2 periods, mean 1.1',
      'Smoothing: k = 2',
      'Iterations: converged after 5 iterations (relative change 0.002575 < tolerance 0.005)',
      'Bootstrap: 20 replicates (seed 7), 95% percentile intervals',
      '',
      '   period observed  estimate     lower     upper    fitted',
      '1 2023-01        5 14.020535 8.6427279 18.902693  2.804107',
      '2 2023-02        8 12.076277 8.9326830 14.066501  9.425523',
      '3 2023-03       12  9.314359 4.9658955 12.210799 12.107171',
      '4 2023-04       10  6.501659 2.3186079 10.563481  9.580394',
      '5 2023-05        7  4.132711 1.2951908  7.972006  6.871679',
      '6 2023-06        4  3.021318 0.3740786  7.482894  4.621117',
      '',
      'Total of the estimates: 49.07 (95% interval 38.99 to 62.63)',
    ]);
  });

  it('tidy and glance of a back-projection carry its fields', () => {
    const fit = backProject(counts, pmf, {
      start: '2023-01',
      bootstrap: { replicates: 20, seed: 7, keepReplicates: true },
    });
    const rows = tidy(fit);
    expect(rows.map((r) => r.period)).toEqual(fit.periods);
    expect(rows.map((r) => r.observed)).toEqual(fit.counts);
    expect(rows.map((r) => r.estimate)).toEqual(fit.lambda);
    expect(rows.map((r) => r.lower)).toEqual(fit.bootstrap?.lower);
    expect(rows.map((r) => r.upper)).toEqual(fit.bootstrap?.upper);
    expect(rows.map((r) => r.fitted)).toEqual(fit.fitted);
    const row = glance(fit);
    expect(row).toMatchObject({
      kind: 'back-projection',
      method: fit.method,
      periods: 6,
      iterations: fit.iterations,
      converged: true,
      confLevel: 0.95,
      k: 2,
      replicates: 20,
      nWarnings: 0,
    });
    expectClose(
      row.total as number,
      fit.lambda.reduce((a, b) => a + b),
      { rtol: 1e-12 },
    );
    expectClose(row.delayMean as number, 1.1, { rtol: 1e-12 });
    const totals = (fit.bootstrap?.samples ?? [])
      .map((s) => s.reduce((a, b) => a + b))
      .sort((a, b) => a - b);
    // R's quantile type 7 of 20 totals at 0.025: 0.475 of the way from the 1st to the 2nd
    expectClose(row.totalLower as number, totals[0] + 0.475 * (totals[1] - totals[0]), {
      rtol: 1e-12,
    });
    // without a bootstrap: no interval, and the periods are indices
    const plain = tidy(backProject(counts, pmf));
    expect(plain[0]).toMatchObject({ period: 1, lower: null, upper: null });
  });

  it('format(backProject(...)) ends with the warnings and their codes', () => {
    const fit = backProject(counts, [0, 0.5, 0.5], { maxIter: 2 });
    const lines = format(fit).split('\n');
    expect(lines[4]).toBe(
      'Iterations: did not converge: stopped after 3 iterations (maxIter 2; relative change 0.007123 >= tolerance 0.005)',
    );
    expect(lines.slice(-3)).toEqual([
      '',
      `warning [not-converged]: ${fit.warnings[0].message}`,
      `warning [last-period-unidentified]: ${fit.warnings[1].message}`,
    ]);
    expect(summary(fit)).toBe(lines.slice(0, -3).join('\n'));
    expect(glance(fit)).toMatchObject({ converged: false, nWarnings: 2 });
  });
});

describe('summary of the other kinds', () => {
  it('summary(reconstruct(...)) with a delay: smoothing, breaks and weights, delays, figures, months and totals', () => {
    const r = reconstruct(
      [
        { id: 'A', start: '2021-01-01', end: '2021-03-31', value: 150, qualifier: 'exact' },
        { id: 'B', start: '2021-04-01', end: '2021-06-30', value: 200, qualifier: 'exact' },
        { id: 'C', start: '2021-07-01', end: '2021-09-30', value: 330, qualifier: 'approximate' },
      ],
      { draws: 200, breaks: ['2021-07-01'], order: 1, delay: [0.3, 0.4, 0.3], keepDraws: true },
    );
    expect(format(r).split('\n')).toEqual([
      'Reconstruction from published figures: penalised Poisson likelihood over figure windows, random walk of order 1 on the log monthly offences, counted series = offences convolved with the delay',
      '',
      'Months: 9, 2021-01 to 2021-09; estimate: expected count (posterior mode)',
      'Intervals: 90% interval of the expected count; 90% predictive interval of the count; quantiles of 200 draws by elliptical slice sampling around the Laplace approximations, mixed over the smoothing parameter',
      'Smoothing: random walk of order 1 on the log offences, tau = 37190885',
      '  tau: Laplace marginal likelihood',
      'Breaks (given): 2021-07-01',
      'Structures averaged (posterior weight):',
      '  order     breaks weight',
      '1     1 2021-07-01      1',
      'Offences: back-projection by penalised likelihood (intervals from the same posterior draws); delay 0 to 2 months, 1 delay integrated over:',
      '  mean perYear weight',
      '1    1       0      1',
      'Fit: converged after 1 Newton iteration; log-likelihood 1461.257, log marginal likelihood 1446.757',
      '',
      'Figures (fitted: expected total over the window):',
      '  id   qualifier      start        end total   fitted    lower    upper    p pLeaveOneOut',
      '1  A       exact 2021-01-01 2021-03-31   150 149.7559 135.3523 170.5889 0.91        0.813',
      '2  B       exact 2021-04-01 2021-06-30   200 200.5146 181.7395 220.6807 0.90        0.822',
      '3  C approximate 2021-07-01 2021-09-30   330 328.8324 275.7399 388.5014 0.88        0.764',
      '',
      '   period  estimate    lower     upper predictiveLower predictiveUpper  offences offencesLower offencesUpper',
      '1 2021-01  47.42248 41.32423  55.47034           36.00           65.00  47.42248      41.32423      55.47034',
      '2 2021-02  49.10469 43.83654  56.23174           36.00           63.05  53.02985      48.67388      59.05912',
      '3 2021-03  53.22876 48.91989  59.13059           41.00           66.00  59.30024      55.12284      64.07077',
      '4 2021-04  59.52267 55.21559  64.21287           46.00           74.05  66.31206      60.22073      72.37930',
      '5 2021-05  66.56079 60.39091  72.93104           54.00           83.00  74.15298      64.31879      84.52619',
      '6 2021-06  74.43112 64.42427  85.22243           56.00           95.10  82.92103      67.93422      99.28440',
      '7 2021-07  85.93025 65.78019 113.35579           60.95          121.10 101.71980      36.68910     187.93978',
      '8 2021-08 105.77726 73.33280 130.99841           72.00          134.05 134.04345      75.75955     158.99658',
      '9 2021-09 137.12491 91.01590 196.85318           85.95          208.00 176.63862      33.29485     404.80374',
      '',
      'Total of the counted series: 679.1 (90% interval 614.1 to 751.7)',
      'Total of the offences: 795.5 (90% interval 666.3 to 1002)',
      'Offences pending at the end of 2021-09: 164.9 (90% interval 46 to 331)',
    ]);
    const rows = tidy(r);
    expect(rows.map((x) => x.period)).toEqual(r.months);
    expect(rows.map((x) => x.estimate)).toEqual(r.estimate);
    expect(rows.map((x) => x.lower)).toEqual(r.lower);
    expect(rows.map((x) => x.predictiveUpper)).toEqual(r.predictive.upper);
    expect(rows.map((x) => x.offences)).toEqual(r.offences?.lambda);
    expect(rows.every((x) => x.observed === null)).toBe(true);
    const row = glance(r);
    expect(row).toMatchObject({
      kind: 'reconstruction',
      periods: 9,
      order: 1,
      breaks: 1,
      figures: 3,
    });
    expect([row.pending, row.pendingLower, row.pendingUpper]).toEqual([
      r.offences?.pending.expected,
      r.offences?.pending.lower,
      r.offences?.pending.upper,
    ]);
    expectClose(
      row.total as number,
      r.estimate.reduce((a, b) => a + b),
      { rtol: 1e-12 },
    );
    const total = posteriorTotal(r, { series: 'counted' });
    expectClose(row.totalLower as number, total.lower, { rtol: 1e-12 });
    expectClose(row.totalUpper as number, total.upper, { rtol: 1e-12 });
    const offences = posteriorTotal(r, { series: 'offences' });
    expectClose(row.offencesTotalUpper as number, offences.upper, { rtol: 1e-12 });
  });

  it('summary(nowcast(...)) prints the date, the estimated delay, the prior and the periods', () => {
    const n = nowcast(tri, { samples: 500 });
    expect(format(n).split('\n')).toEqual([
      'Nowcast: chain-ladder nowcast (reverse-time hazards) with negative-binomial predictive intervals',
      '',
      'Now: 2011-05-03 (unit day); 90% predictive intervals from 500 draws (seed 1)',
      'Delay estimated from the triangle: 0 to 1 day, mean 0.4884',
      'Prior of the period totals: gamma (shape 19.55, rate 1) from 3 rows',
      '',
      '      period observed estimate   mean median lower upper',
      '1 2011-05-01       20 20.00000 20.000     20    20 20.00',
      '2 2011-05-02       23 23.00000 23.000     23    23 23.00',
      '3 2011-05-03        8 15.63636 16.994     17    11 24.05',
      '',
      'Total observed so far: 51; sum of the predictive means: 59.99 (no interval: the draws are not kept)',
    ]);
    const rows = tidy(n);
    expect(
      rows.map((x) => [x.period, x.observed, x.estimate, x.lower, x.upper, x.mean, x.median]),
    ).toEqual(
      n.periods.map((p, i) => [
        p,
        n.observed[i],
        n.estimate[i],
        n.lower[i],
        n.upper[i],
        n.mean[i],
        n.median[i],
      ]),
    );
    expect(glance(n)).toMatchObject({
      kind: 'nowcast',
      periods: 3,
      observedTotal: 51,
      confLevel: 0.9,
      now: '2011-05-03',
    });
    expectClose(glance(n).delayMean as number, 21 / 43, { rtol: 1e-12 });
  });

  it('summary(evaluateNowcast(...)) prints dates, coverage, errors, the by-age table and each nowcast', () => {
    const event = days('2020-01-01', 20);
    const ev = evaluateNowcast(
      { event, delay: event.map((_, i) => (i % 3 === 0 ? 1 : 0)) },
      {
        unit: 'day',
        maxDelay: 1,
        dates: ['2020-01-10', '2020-01-15', '2020-01-20'],
        horizon: 2,
        samples: 200,
      },
    );
    expect(format(ev).split('\n')).toEqual([
      'Nowcast evaluation: retrospective evaluation of the chain-ladder nowcast: coverage and mean absolute error against final counts',
      '',
      'Dates scored: 2 (2020-01-10, 2020-01-15); skipped: 2020-01-20',
      'Horizon: 2 periods; 90% predictive intervals',
      'Scored nowcasts: 4; coverage 1',
      'Mean absolute error: 0.25 (predictive median), 0.3889 (chain ladder), 0.25 (observed so far)',
      '',
      'By age:',
      '  age n coverage mae maeChainLadder maeObserved',
      '1   0 2        1 0.5      0.7777778         0.5',
      '2   1 2        1 0.0      0.0000000         0.0',
      '',
      'Each nowcast scored:',
      '         now     period age observed estimate median lower upper final covered',
      '1 2020-01-10 2020-01-10   0        0 0.000000      0     0     1     1    TRUE',
      '2 2020-01-10 2020-01-09   1        1 1.000000      1     1     1     1    TRUE',
      '3 2020-01-15 2020-01-15   0        1 1.555556      1     1     3     1    TRUE',
      '4 2020-01-15 2020-01-14   1        1 1.000000      1     1     1     1    TRUE',
    ]);
    const rows = tidy(ev);
    expect(
      rows.map((x) => [x.now, x.period, x.age, x.observed, x.estimate, x.final, x.covered]),
    ).toEqual(
      ev.scores.map((s) => [s.now, s.period, s.age, s.observed, s.estimate, s.final, s.covered]),
    );
    expect(glance(ev)).toMatchObject({
      kind: 'nowcast-evaluation',
      periods: 4,
      n: 4,
      coverage: 1,
      skippedDates: 1,
    });
  });

  it('summary(pipelineEstimate(...)) names the periods by the labels given, and a steady rate as such', () => {
    const p = pipelineEstimate({
      offences: [100, 120, 130, 90],
      delay: pmf,
      periods: ['2023-01', '2023-02', '2023-03', '2023-04'],
    });
    expect(format(p).split('\n').slice(2)).toEqual([
      'At period 2023-04; delay mean 1.1',
      'Pending: 111 expected (90% interval 94 to 129; Poisson quantiles of the pending count given the series)',
      '',
      'By age (offences of period at - age not yet in court):',
      '   period age estimate',
      '1 2023-04   0       72',
      '2 2023-03   1       39',
      '3 2023-02   2        0',
    ]);
    const steady = pipelineEstimate({ rate: 500, delay: pmf });
    expect(steady.rate).toBe(500);
    expect(format(steady).split('\n').slice(2)).toEqual([
      'At a steady rate of 500 per period; delay mean 1.1',
      'Pending: 550 expected (90% interval 512 to 589; Poisson quantiles of the pending count given the series)',
      '',
      'By age (offences of each age not yet in court):',
      '  age estimate',
      '1   0      400',
      '2   1      150',
      '3   2        0',
    ]);
    expect(tidy(steady).map((row) => row.period)).toEqual([null, null, null]);
    expect(() => pipelineEstimate({ offences: [1, 2], delay: pmf, periods: ['a'] })).toThrow(
      'pipelineEstimate requires periods to be 2 strings, one per period of offences; received 1 values',
    );
    expect(() => pipelineEstimate({ rate: 5, delay: pmf, periods: ['a'] })).toThrow(
      /requires offences \(a series\) for periods to label; received periods with rate/,
    );
  });

  it('summary(pipelineEstimate(...)) prints the pending count with its interval and the offences by age', () => {
    const p = pipelineEstimate({ offences: [100, 120, 130, 90], delay: pmf });
    expect(format(p).split('\n')).toEqual([
      'Offences in the pipeline: expected offences not yet in court: sum_d lambda_{at-d} P(delay > d)',
      '',
      'At period 3; delay mean 1.1',
      'Pending: 111 expected (90% interval 94 to 129; Poisson quantiles of the pending count given the series)',
      '',
      'By age (offences of period at - age not yet in court):',
      '  period age estimate',
      '1      3   0       72',
      '2      2   1       39',
      '3      1   2        0',
    ]);
    expect(tidy(p).map((x) => [x.period, x.age, x.estimate])).toEqual(
      p.byAge.map((v, d) => [p.at - d, d, v]),
    );
    expect(glance(p)).toMatchObject({
      total: p.expected,
      totalLower: p.lower,
      totalUpper: p.upper,
      delayMean: p.meanDelay,
      at: 3,
    });
  });

  it('summary(undercount(...)) prints the capture Beta, the total with its interval and the sensitivity table', () => {
    const u = undercount({
      caught: 100,
      capture: { mean: 0.15, sd: 0.03 },
      sensitivity: [0.1, 0.2],
    });
    expect(format(u).split('\n')).toEqual([
      'Under-count: beta-negative-binomial posterior of the total (prior 1/N, capture ~ Beta)',
      '',
      'Caught: 100',
      'Capture probability: Beta(21.1, 119.6), mean 0.15, sd 0.03, 90% interval 0.1036 to 0.202',
      'Total offenders: 672 (posterior median; 90% interval 476 to 991); mean 694.9, plug-in 666.7 (caught / mean capture)',
      '',
      'Sensitivity (capture probability fixed):',
      '  capture estimate lower upper',
      '1     0.1     1000   850  1161',
      '2     0.2      500   429   576',
    ]);
    expect(tidy(u).map((x) => [x.observed, x.estimate, x.lower, x.upper, x.capture])).toEqual([
      [100, u.estimate, u.lower, u.upper, u.capture.mean],
      ...u.sensitivity.map((s) => [100, s.estimate, s.lower, s.upper, s.capture]),
    ]);
    expect(glance(u)).toMatchObject({
      total: 672,
      totalLower: 476,
      totalUpper: 991,
      caught: 100,
      plugIn: u.plugIn,
      delayMean: null,
    });
  });

  it('summary(empiricalDelay(...)) prints the pairs, the mean and the corrected and naive pmf', () => {
    const e = empiricalDelay(
      ['2023-01', '2023-01', '2023-02', '2023-03'],
      ['2023-01', '2023-03', '2023-03', '2023-04'],
    );
    expect(format(e).split('\n')).toEqual([
      'Empirical delay: reverse-time hazard estimator corrected for right truncation (Lagakos et al. 1988)',
      '',
      'Pairs: 4; delays 0 to 2; mean 1.111, sd 0.737',
      '',
      '  delay count naive       pmf reverseHazard atRisk',
      '1     0     1  0.25 0.2222222     1.0000000      1',
      '2     1     2  0.50 0.4444444     0.6666667      3',
      '3     2     1  0.25 0.3333333     0.3333333      3',
    ]);
    expect(tidy(e).map((x) => [x.delay, x.observed, x.estimate, x.naive, x.atRisk])).toEqual(
      e.pmf.map((p, d) => [d, e.counts[d], p, e.naive[d], e.atRisk[d]]),
    );
    expect(glance(e)).toMatchObject({
      kind: 'empirical-delay',
      periods: 3,
      delayMean: e.mean,
      n: 4,
      total: null,
    });
  });

  it('summary(calibrateStageDelay(...)) prints the mean delay, the grid and the later figures, with the edge warning', () => {
    const c = calibrateStageDelay(
      { months: stageMonths, estimate: stageMonths.map((_, i) => 100 + 10 * i) },
      [
        { id: 'S1', start: '2024-03-01', end: '2024-04-30', value: 200, qualifier: 'exact' },
        { id: 'S2', start: '2023-10-01', end: '2023-12-31', value: 300, qualifier: 'approximate' },
      ],
      { means: [1, 2, 3, 4] },
    );
    expect(format(c).split('\n')).toEqual([
      'Stage delay calibration: gamma delay between the stages (sd / mean 0.5), likelihood of the later figures averaged over 1 draw of the earlier series, flat prior over 4 means',
      '',
      'Mean delay: 3.999 (posterior mean; median 4, 90% interval 4 to 4)',
      'Calibrated delay: mixture, 0 to 12 months, mean 3.999',
      '',
      'Grid of mean delays:',
      '  mean   logLik       weight',
      '1    1 814.8654 1.427458e-11',
      '2    2 824.7477 2.794984e-07',
      '3    3 833.0871 1.169864e-03',
      '4    4 839.8368 9.988299e-01',
      '',
      'Later figures (fitted: posterior mean of the expected total):',
      '  id   qualifier value   fitted',
      '1 S1       exact   200 291.0504',
      '2 S2 approximate   300 325.4338',
      '',
      'warning [calibration-at-edge]: calibrateStageDelay: the most likely mean delay, 4 months, is at the edge of the grid of means: widen means',
    ]);
    expect(tidy(c).map((x) => [x.period, x.observed, x.estimate, x.qualifier])).toEqual(
      c.figures.map((f) => [f.id, f.value, f.fitted, f.qualifier]),
    );
    expect(glance(c)).toMatchObject({
      delayMean: c.mean,
      delayMeanLower: c.lower,
      delayMeanUpper: c.upper,
      nWarnings: 1,
    });
  });
});

describe('documents and serialised results', () => {
  it('the README prints summary(fit) of its example as summary returns it', () => {
    const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    const shown = /`summary\(fit\)` prints:\n\n```text\n([\s\S]*?)\n```/.exec(readme);
    const fit = backProject(counts, pmf, { start: '2023-01' });
    expect(shown?.[1]).toBe(summary(fit));
  });

  it('summary, tidy and glance read a result from its JSON as the result itself', () => {
    const fit = backProject(counts, pmf, {
      start: '2023-01',
      bootstrap: { replicates: 20, seed: 3 },
    });
    const json = JSON.parse(JSON.stringify(fit));
    expect(summary(json)).toBe(summary(fit));
    expect(tidy(json)).toEqual(tidy(fit));
    expect(glance(json)).toEqual(glance(fit));
  });

  it('summary(reconstruct(...)) shows the value of a figure given as a rate beside its total', () => {
    const r = reconstruct(
      [
        { id: 'Y', start: '2021-01-01', end: '2021-06-30', value: 300, qualifier: 'exact' },
        {
          id: 'M',
          start: '2021-04-01',
          end: '2021-06-30',
          value: 60,
          qualifier: 'approximate',
          per: 'month',
        },
      ],
      { draws: 100, breaks: [], order: 1, checks: false },
    );
    const lines = summary(r).split('\n');
    const header = lines.findIndex((line) => line.startsWith('Figures'));
    expect(lines[header + 1]).toMatch(/ qualifier +start +end value total +fitted/);
    expect(lines[header + 3]).toMatch(/^2 +M approximate 2021-04-01 2021-06-30 +60 +180 /);
  });
});

describe('what is not a lag result', () => {
  it.each([
    ['summary', summary],
    ['format', format],
    ['tidy', tidy],
    ['glance', glance],
  ] as const)(
    '%s refuses a glm-like object, null and a number, naming the argument result',
    (name, fn) => {
      const call = (value: unknown) => () => (fn as (r: unknown) => unknown)(value);
      expect(call({ kind: 'glm', warnings: [] })).toThrow(InvalidArgumentError);
      expect(call({ kind: 'glm', warnings: [] })).toThrow(
        `${name} requires a result of @muster/lag (kind back-projection, reconstruction, nowcast, pipeline-estimate, undercount, empirical-delay, stage-delay-calibration, nowcast-evaluation); received kind "glm"`,
      );
      expect(call(null)).toThrow('received null');
      expect(call(3)).toThrow('received number 3');
      let caught: unknown;
      try {
        call(null)();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidArgumentError);
      expect((caught as InvalidArgumentError).argument).toBe('result');
    },
  );

  it('summary refuses an unknown option and a bad maxRows', () => {
    const fit = backProject(counts, pmf);
    expect(() => summary(fit, { rows: 3 } as never)).toThrow(InvalidArgumentError);
    expect(() => summary(fit, { maxRows: -1 })).toThrow(
      'summary requires maxRows >= 0; received -1',
    );
    expect(() => format(fit, { digits: 0 })).toThrow('format requires digits >= 1; received 0');
  });
});
