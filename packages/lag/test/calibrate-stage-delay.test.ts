/**
 * calibrateStageDelay: the delay between two stages of the published figures (cases received ->
 * cases heard / sentenced) from the later stage's figures, against a truth simulated with a
 * known delay.
 */
import { createRandom, DataError, InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { calibrateStageDelay, delayPmf, type Figure } from '../src/index.ts';

const months = Array.from({ length: 30 }, (_, i) => {
  const d = new Date(Date.UTC(2022, i, 1));
  return d.toISOString().slice(0, 7);
});
// cases received: flat, then rising (the surge), as reconstructed
const received = months.map((_, i) => (i < 8 ? 60 : 60 * Math.exp(0.12 * (i - 8))));

/** Later-stage figures of a world whose true delay received -> decided is gamma(mean, sd mean / 2). */
function laterFigures(mean: number, seed: number): Figure[] {
  const pmf = delayPmf({ distribution: 'gamma', mean, sd: mean / 2, maxDelay: 12 }).pmf;
  const decided = received.map((_, t) =>
    pmf.reduce((sum, p, d) => sum + p * received[Math.max(t - d, 0)], 0),
  );
  const random = createRandom(seed);
  const total = (a: number, b: number) => decided.slice(a, b + 1).reduce((x, y) => x + y, 0);
  return [
    // a long window from the middle to the end, a single month, a rate over a quarter
    {
      id: 'H1',
      start: months[12],
      end: months[29],
      value: random.poisson(total(12, 29)),
      qualifier: 'exact',
    },
    {
      id: 'S1',
      start: months[20],
      end: months[20],
      value: random.poisson(total(20, 20)),
      qualifier: 'exact',
    },
    {
      id: 'S2',
      start: months[25],
      end: months[25],
      value: random.poisson(total(25, 25)),
      qualifier: 'exact',
    },
    {
      id: 'C1',
      start: months[16],
      end: months[18],
      value: Math.round(total(16, 18) / 3 / 10) * 10,
      qualifier: 'approximate',
      per: 'month',
    },
  ];
}

describe('calibrateStageDelay', () => {
  it('recovers a 2-month delay between the stages from four later-stage figures: the 90% interval covers it', () => {
    const c = calibrateStageDelay({ months, estimate: received }, laterFigures(2, 11));
    expect(c.kind).toBe('stage-delay-calibration');
    expect(c.lower).toBeLessThanOrEqual(2);
    expect(c.upper).toBeGreaterThanOrEqual(2);
    expect(c.mean).toBeGreaterThan(1.2);
    expect(c.mean).toBeLessThan(3.2);
    expect(c.grid.reduce((s, g) => s + g.weight, 0)).toBeCloseTo(1, 12);
    expect(c.delay.pmf.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    expect(c.figures.map((f) => f.id)).toEqual(['H1', 'S1', 'S2', 'C1']);
    expect(c.warnings).toEqual([]);
  });

  it('tells a short delay from a long one (0.7 vs 5 months) and carries the earlier series draws', () => {
    const short = calibrateStageDelay({ months, estimate: received }, laterFigures(0.7, 3));
    const long = calibrateStageDelay({ months, estimate: received }, laterFigures(5, 3));
    expect(short.upper).toBeLessThan(long.lower);
    // uncertainty in the earlier series (draws 20% apart in level) widens the interval
    const draws = Array.from({ length: 50 }, (_, k) =>
      received.map((x) => x * (0.8 + (0.4 * k) / 49)),
    );
    const wide = calibrateStageDelay({ months, estimate: received, draws }, laterFigures(2, 11));
    expect(wide.method).toMatch(/averaged over 50 draws/);
    expect(wide.upper - wide.lower).toBeGreaterThanOrEqual(
      calibrateStageDelay({ months, estimate: received }, laterFigures(2, 11)).upper -
        calibrateStageDelay({ months, estimate: received }, laterFigures(2, 11)).lower,
    );
  });

  it('warns when the best mean is at the edge of the grid, and rejects bad input naming it', () => {
    const edge = calibrateStageDelay({ months, estimate: received }, laterFigures(5, 3), {
      means: [0.5, 1, 1.5],
    });
    expect(edge.warnings.map((w) => w.code)).toEqual(['calibration-at-edge']);
    expect(() =>
      calibrateStageDelay({ months, estimate: received.slice(1) }, laterFigures(2, 1)),
    ).toThrow(
      /calibrateStageDelay requires earlier.estimate to have one value per month \(30\); received 29/,
    );
    expect(() =>
      calibrateStageDelay(
        { months: months.slice(0, 10), estimate: received.slice(0, 10) },
        laterFigures(2, 1),
      ),
    ).toThrow(DataError);
    expect(() =>
      calibrateStageDelay({ months, estimate: received }, laterFigures(2, 1), { means: [0, 1] }),
    ).toThrow(InvalidArgumentError);
    expect(() =>
      calibrateStageDelay({ months, estimate: received }, laterFigures(2, 1), { grid: 3 } as never),
    ).toThrow(/grid/);
  });
});
