/** Texts of the delay estimates: `empiricalDelay` and `calibrateStageDelay`. */
import type { StageDelayCalibration } from '../../calibrate-stage-delay.ts';
import type { EmpiricalDelay } from '../../empirical-delay.ts';
import { tidy } from '../../tidy.ts';
import { num, type PrintSettings, percent, plural, printFrame } from './frame.ts';

/** Pairs used, mean and sd, then per delay the counts, naive and corrected pmf, hazards. */
export function empiricalDelayLines(r: EmpiricalDelay, settings: PrintSettings): string[] {
  const d = Math.max(3, settings.digits - 3);
  const rows = tidy(r).map(({ delay, observed, naive, estimate, reverseHazard, atRisk }) => ({
    delay,
    count: observed,
    naive,
    pmf: estimate,
    reverseHazard,
    atRisk,
  }));
  return [
    `Empirical delay: ${r.method}`,
    '',
    `Pairs: ${r.n}; delays 0 to ${r.maxDelay}; mean ${num(r.mean, d)}, sd ${num(r.sd, d)}`,
    '',
    ...printFrame(
      Object.keys(rows[0] ?? {}).map((name) => ({
        name,
        values: rows.map((row) => row[name as keyof (typeof rows)[0]] as number | null),
      })),
      settings,
    ),
  ];
}

/**
 * The calibrated delay's mean with its interval and the delay, the grid of means with their
 * log-likelihoods and weights, and the later figures with their fitted totals.
 */
export function calibrationLines(r: StageDelayCalibration, settings: PrintSettings): string[] {
  const d = Math.max(3, settings.digits - 3);
  return [
    `Stage delay calibration: ${r.method}`,
    '',
    `Mean delay: ${num(r.mean, d)} (posterior mean; median ${num(r.median, d)}, ${percent(r.confLevel)} interval ${num(r.lower, d)} to ${num(r.upper, d)})`,
    `Calibrated delay: ${r.delay.distribution}, 0 to ${plural(r.delay.maxDelay, 'month')}, mean ${num(r.delay.mean ?? null, d)}`,
    '',
    'Grid of mean delays:',
    ...printFrame(
      [
        { name: 'mean', values: r.grid.map((g) => g.mean) },
        { name: 'logLik', values: r.grid.map((g) => g.logLik) },
        { name: 'weight', values: r.grid.map((g) => g.weight) },
      ],
      settings,
    ),
    '',
    'Later figures (fitted: posterior mean of the expected total):',
    ...printFrame(
      [
        { name: 'id', values: r.figures.map((f) => f.id) },
        { name: 'qualifier', values: r.figures.map((f) => f.qualifier) },
        { name: 'value', values: r.figures.map((f) => f.value) },
        { name: 'fitted', values: r.figures.map((f) => f.fitted) },
      ],
      settings,
    ),
  ];
}
