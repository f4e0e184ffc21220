/**
 * reconstruct's breaks and order choice, posterior draws, delay prior, expected vs predictive
 * intervals and per-figure checks, on the published art. 337 figures.
 */
import { createRandom, InvalidArgumentError } from '@muster/core';
import { expectClose } from '@muster/test-support';
import { describe, expect, it } from 'vitest';
import { delayPmf, type Figure, posteriorTotal, reconstruct } from '../src/index.ts';
import { penaltyMatrix, scaledPenalty } from '../src/internal/penalty.ts';
import { readCsvObjects } from './helpers.ts';
import { scenarios, simulateWorld } from './support/independent-truth.ts';

const figures: Figure[] = readCsvObjects('russia_mediazona_figures.csv')
  .filter((r) => r.article === '337' && r.metric === 'cases_received_by_courts')
  .map((r) => ({
    id: r.figure_id,
    start: r.as_of_or_period_start,
    end: r.period_end,
    value: Number(r.value),
    qualifier: r.qualifier as Figure['qualifier'],
  }));
const withoutRu12 = figures.filter((f) => f.id !== 'RU12');
const grid = { from: '2021-01', to: '2024-05', draws: 400 } as const;
const delay = delayPmf({ distribution: 'gamma', mean: 5, sd: 2.5, maxDelay: 18 });

describe('reconstruct: breaks and the penalty order', () => {
  it('reconstruct with breaks: ["2022-09-21"] frees September 2022 from both neighbours and says so', () => {
    const r = reconstruct(withoutRu12, { ...grid, breaks: ['2022-09-21'], checks: false });
    expect(r.smoothing.breaks).toEqual(['2022-09', '2022-10']);
    expect(r.smoothing.candidates).toHaveLength(2);
    expect([1, 2]).toContain(r.smoothing.order);
    expect(r.smoothing.selection).toMatch(
      /order by Laplace marginal likelihood among 2 candidates/,
    );
    expect(r.smoothing.breakSelection).toBe('given');
    expect(r.smoothing.breakDates).toEqual(['2022-09-21']);
  });

  it('reconstruct with breaks: { candidates } compares every subset and reports the scores', () => {
    const r = reconstruct(withoutRu12, {
      ...grid,
      order: 1,
      delay,
      breaks: { candidates: ['2022-09-21'] },
      checks: false,
    });
    expect(r.smoothing.candidates.map((c) => c.breaks)).toEqual([[], ['2022-09', '2022-10']]);
    const best = Math.max(...r.smoothing.candidates.map((c) => c.logMarginal));
    expect(r.smoothing.logMarginal).toBe(best);
    expect(r.smoothing.selection).toMatch(
      /breaks by Laplace marginal likelihood among 2 candidates/,
    );
  });

  it('reconstruct rejects a break outside the grid and an unknown order, naming the argument', () => {
    expect(() => reconstruct(withoutRu12, { ...grid, breaks: ['2019-01-01'] })).toThrow(
      /reconstruct requires break dates after the first month and inside the grid; received 2019-01-01/,
    );
    expect(() => reconstruct(withoutRu12, { ...grid, breaks: ['soon'] })).toThrow(
      InvalidArgumentError,
    );
    expect(() => reconstruct(withoutRu12, { ...grid, order: 3 as 1 })).toThrow(
      /reconstruct requires order 1, 2 or 'auto'; received 3/,
    );
  });
});

describe('reconstruct: draws, totals, pipeline and labels', () => {
  const r = reconstruct(withoutRu12, {
    ...grid,
    delay,
    breaks: ['2022-09-21'],
    keepDraws: true,
    checks: false,
  });

  it('reconstruct keepDraws exposes joint draws; posteriorTotal sums them into one interval', () => {
    expect(r.draws).toHaveLength(400);
    expect(r.offences!.draws).toHaveLength(400);
    expect(r.offences!.draws![0]).toHaveLength(41);
    const total = posteriorTotal(r, { from: '2022-09' });
    const byMonth = r.offences!.lambda.slice(20).reduce((a, b) => a + b, 0);
    expect(total.estimate).toBeCloseTo(byMonth, 6);
    expect(total.lower).toBeLessThan(total.estimate);
    expect(total.upper).toBeGreaterThan(total.estimate);
    // the interval of a sum is narrower than the sum of the monthly intervals
    const sumOfUppers = r.offences!.upper.slice(20).reduce((a, b) => a + b, 0);
    expect(total.upper).toBeLessThan(sumOfUppers);
    expect(() => posteriorTotal(reconstruct(withoutRu12, { ...grid, checks: false }))).toThrow(
      /posteriorTotal requires a reconstruction with draws/,
    );
  });

  it('reconstruct with a delay reports the pending cases at the last month from the same draws', () => {
    const pending = r.offences!.pending;
    expect(pending.lower).toBeLessThan(pending.expected);
    expect(pending.upper).toBeGreaterThan(pending.expected);
    expect(pending.intervalMethod).toMatch(/Poisson mixture over 400 posterior draws/);
  });

  it('reconstruct labels expected counts and predictive intervals; the predictive is wider', () => {
    expect(r.labels.estimate).toBe('expected count (posterior mode)');
    expect(r.labels.predictive).toBe('90% predictive interval of the count');
    for (let i = 0; i < 41; i++) {
      expect(r.predictive.lower[i]).toBeLessThanOrEqual(r.lower[i] + 1);
      expect(r.predictive.upper[i]).toBeGreaterThanOrEqual(r.upper[i] - 1);
    }
    const feb = r.figures.find((f) => f.id === 'RU17')!;
    expect(feb.predictiveUpper - feb.predictiveLower).toBeGreaterThan(feb.upper - feb.lower);
  });
});

describe('reconstruct: delay prior', () => {
  it('reconstruct with delayPrior integrates over 9 delays; each draw carries its own delay', () => {
    const uncertain = reconstruct(withoutRu12, {
      ...grid,
      delayPrior: { distribution: 'gamma', mean: 5, sd: 2.5, maxDelay: 18 },
      breaks: ['2022-09-21'],
      order: 1,
      checks: false,
      keepDraws: true,
    });
    const delays = uncertain.offences!.delays;
    expect(delays).toHaveLength(9);
    expect(delays.reduce((a, d) => a + d.weight, 0)).toBeCloseTo(1, 12);
    expect(uncertain.intervalMethod).toMatch(/over 9 delays of the prior/);
    expect(delays.map((d) => d.mean)).toEqual([
      5,
      5,
      5,
      5 * Math.exp(-0.3 * Math.sqrt(3)),
      5 * Math.exp(-0.3 * Math.sqrt(3)),
      5 * Math.exp(-0.3 * Math.sqrt(3)),
      5 * Math.exp(0.3 * Math.sqrt(3)),
      5 * Math.exp(0.3 * Math.sqrt(3)),
      5 * Math.exp(0.3 * Math.sqrt(3)),
    ]);
    const used = new Set(uncertain.offences!.drawDelay);
    expect(used.size).toBeGreaterThan(1);
    expect(() =>
      reconstruct(withoutRu12, {
        ...grid,
        delay,
        delayPrior: { distribution: 'gamma', mean: 5, sd: 2.5, maxDelay: 18 },
      }),
    ).toThrow(/reconstruct requires delay or delayPrior, not both/);
  });

  it('reconstruct with lengthening: true lets the delay lengthen or shorten about a month a year around the middle of the grid', () => {
    const r = reconstruct(withoutRu12, {
      ...grid,
      delayPrior: {
        distribution: 'gamma',
        mean: 5,
        sd: 2.5,
        maxDelay: 18,
        shapeSpread: 0,
        lengthening: true,
      },
      breaks: ['2022-09-21'],
      checks: false,
    });
    const delays = r.offences!.delays;
    // 3 means x 3 rates (the shape fixed): the rate's prior is centred at 0 with sd 1 month a year
    expect(delays).toHaveLength(9);
    expect([...new Set(delays.map((d) => d.perYear))].sort((a, b) => a - b)).toEqual([
      -Math.sqrt(3),
      0,
      Math.sqrt(3),
    ]);
    expectClose(
      delays.reduce((a, d) => a + d.weight, 0),
      1,
      { rtol: 1e-12 },
    );
    expect(() =>
      reconstruct(withoutRu12, {
        ...grid,
        delayPrior: {
          distribution: 'gamma',
          mean: 5,
          sd: 2.5,
          maxDelay: 18,
          lengthening: 1 as never,
        },
      }),
    ).toThrow(
      /reconstruct requires delayPrior.lengthening to be true, false or an object; received 1/,
    );
  });

  it('reconstruct with a lengthening delay prior uses one pmf per offence month', () => {
    const r = reconstruct(withoutRu12, {
      ...grid,
      delayPrior: {
        distribution: 'gamma',
        mean: 5,
        sd: 2.5,
        maxDelay: 18,
        meanSpread: 0,
        shapeSpread: 0,
        lengthening: { from: '2022-09', perYear: 1, perYearSd: 0.5 },
      },
      order: 1,
      checks: false,
    });
    expect(r.offences!.delays.map((d) => d.perYear)).toEqual([
      1,
      1 - 0.5 * Math.sqrt(3),
      1 + 0.5 * Math.sqrt(3),
    ]);
  });
});

describe('reconstruct: per-figure checks', () => {
  it('reconstruct with every figure warns that RU12 does not fit the others (leave-one-out)', () => {
    const r = reconstruct(figures, { ...grid, draws: 400 });
    const inconsistent = r.warnings.filter((w) => w.code === 'figure-inconsistent');
    expect(inconsistent.map((w) => w.message).join('\n')).toMatch(
      /figure RU12 \(exact 629\) does not fit the other figures/,
    );
    const ru12 = r.checks!.find((c) => c.id === 'RU12')!;
    expect(ru12.leaveOneOut!.p).toBeLessThan(0.01);
    expect(ru12.leaveOneOut!.lower).toBeGreaterThan(629);
  });

  it('reconstruct without RU12 raises no figure-inconsistent warning for the exact figures', () => {
    const r = reconstruct(withoutRu12, { ...grid, breaks: ['2022-09-21'] });
    const named = r.warnings.filter((w) => w.code === 'figure-inconsistent').map((w) => w.message);
    expect(named.filter((m) => /RU0[123]|RU17|RU26/.test(m))).toEqual([]);
    expect(r.checks).toHaveLength(9);
  });
});

describe('reconstruct: the order and breaks it chooses', () => {
  it('order 1 is a random walk with drift: a log-linear series costs nothing, a bend does', () => {
    const m = 12;
    const parts = penaltyMatrix(m, 1);
    const quadratic = (theta: number[]) => {
      const p = scaledPenalty(parts, 10);
      let sum = 0;
      for (let a = 0; a < m; a++)
        for (let b = 0; b < m; b++) sum += theta[a] * p[a * m + b] * theta[b];
      return sum;
    };
    const line = Array.from({ length: m }, (_, i) => 3 + 0.05 * i);
    const bent = Array.from({ length: m }, (_, i) => 3 + 0.05 * Math.max(i - 6, 0));
    expect(Math.abs(quadratic(line))).toBeLessThan(1e-9);
    // the bend costs tau times the steps' squared deviations from their mean drift
    const steps = bent.slice(1).map((x, i) => x - bent[i]);
    const drift = steps.reduce((a, b) => a + b, 0) / steps.length;
    expectClose(quadratic(bent), 10 * steps.reduce((s, d) => s + (d - drift) ** 2, 0), {
      rtol: 1e-9,
    });
  });

  it('the default search finds the mobilisation in a simulated surge and says so; breaks: [] fits without', () => {
    const world = simulateWorld(scenarios.baseline, createRandom(7));
    const options = { from: '2021-01', to: '2024-05', delay, draws: 200, checks: false } as const;
    const found = reconstruct(world.figures, options);
    expect(found.smoothing.breakSelection).toBe('searched');
    expect(found.smoothing.breakCandidates).toContain('2022-09-21');
    expect(found.smoothing.breakDates).toEqual(['2022-09-21']);
    const warning = found.warnings.find((w) => w.code === 'break-found')!;
    expect(warning.subjects).toEqual(['2022-09-21']);
    expect(warning.message).toMatch(
      /the series may jump at 2022-09-21 \(posterior probability 0\.\d\d\)/,
    );
    const weights = found.smoothing.models.map((row) => row.weight);
    expectClose(
      weights.reduce((a, b) => a + b, 0),
      1,
      { rtol: 1e-9 },
    );
    const none = reconstruct(world.figures, { ...options, breaks: [] });
    expect(none.smoothing.breakSelection).toBe('none');
    expect(none.smoothing.breakDates).toEqual([]);
    expect(none.warnings.some((w) => w.code === 'break-found')).toBe(false);
  });
});
