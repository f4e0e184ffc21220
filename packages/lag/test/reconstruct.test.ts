import { DataError, InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { delayPmf, type Figure, reconstruct } from '../src/index.ts';
import { expectClose, readCsvObjects } from './helpers.ts';

/** Art. 337 figures of court cases received (not offences) from the Mediazona table. */
function courtCasesReceived337(): Figure[] {
  return readCsvObjects('russia_mediazona_figures.csv')
    .filter((r) => r.article === '337' && r.metric === 'cases_received_by_courts')
    .map((r) => ({
      id: r.figure_id,
      start: r.as_of_or_period_start,
      end: r.period_end,
      value: Number(r.value),
      qualifier: r.qualifier as Figure['qualifier'],
    }));
}

describe('reconstruct: published figures', () => {
  const figures = courtCasesReceived337();

  it('reconstruct accepts the Mediazona art. 337 court-case figures (window, value, qualifier)', () => {
    expect(figures.map((f) => f.id)).toEqual([
      'RU01',
      'RU02',
      'RU03',
      'RU08',
      'RU12',
      'RU16',
      'RU17',
      'RU19',
      'RU20',
      'RU26',
    ]);
    const result = reconstruct(figures, { from: '2021-01', to: '2024-05' });
    expect(result.months[0]).toBe('2021-01');
    expect(result.months).toHaveLength(41);
    expect(result.converged).toBe(true);
    // exact yearly and monthly figures are reproduced within a few per cent
    for (const id of ['RU01', 'RU02', 'RU03', 'RU17', 'RU26']) {
      const f = result.figures.find((g) => g.id === id)!;
      expectClose(f.fitted, f.total, { rtol: 0.05, atol: 0 });
      expect(f.total).toBeGreaterThanOrEqual(f.lower);
      expect(f.total).toBeLessThanOrEqual(f.upper);
    }
    // the lower bound "more than 3,000" holds
    expect(result.figures.find((g) => g.id === 'RU16')!.fitted).toBeGreaterThan(3000);
    for (let i = 0; i < 41; i++) {
      expect(result.lower[i]).toBeLessThanOrEqual(result.estimate[i]);
      expect(result.upper[i]).toBeGreaterThanOrEqual(result.estimate[i]);
    }
    // by default the order and the breaks are chosen (a forward search among the window edges)
    expect(result.smoothing.breakSelection).toBe('searched');
    expect(result.smoothing.breakCandidates).toContain('2022-09-21');
    expect(result.smoothing.selection).toMatch(
      /order and breaks by Laplace marginal likelihood: breaks searched forward among 12 figure window edges/,
    );
    const weights = result.smoothing.models.map((model) => model.weight);
    expectClose(
      weights.reduce((a, b) => a + b, 0),
      1,
      { rtol: 1e-9 },
    );
    expect(result.method).toMatch(/penalised Poisson likelihood/);
  });

  it('reconstruct with a delay back-projects the court series to offences on the same months', () => {
    const delay = delayPmf({ distribution: 'gamma', mean: 5, sd: 2.5, maxDelay: 14 });
    const result = reconstruct(figures, { from: '2021-01', to: '2024-05', delay });
    expect(result.offences?.months).toEqual(result.months);
    expect(result.offences?.lambda).toHaveLength(41);
    expect(result.smoothing.scale).toBe('offences');
    // the court series is the offences convolved with the delay (offences before 2021 at the 2021-01 level)
    const lambda = result.offences!.lambda;
    const implied = result.months.map((_, c) =>
      delay.pmf.reduce((sum, f, d) => sum + f * lambda[Math.max(c - d, 0)], 0),
    );
    expectClose(result.estimate, implied, { rtol: 1e-12, atol: 0 });
  });

  it('reconstruct turns a rate ("500 a month") into a total over its window', () => {
    const rate: Figure = {
      id: 'RU07',
      start: '2023-10-01',
      end: '2023-12-29',
      value: 500,
      qualifier: 'approximate',
      per: 'month',
    };
    const result = reconstruct([...figures, rate], { from: '2021-01', to: '2024-05' });
    expectClose(result.figures.find((f) => f.id === 'RU07')!.total, 500 * (2 + 29 / 31), {
      rtol: 1e-14,
      atol: 0,
    });
  });
});

describe('reconstruct: hand-derived', () => {
  it('reconstruct of monthly exact counts with almost no penalty returns the counts', () => {
    const counts = [40, 55, 61, 80, 77, 90];
    const figures: Figure[] = counts.map((value, i) => ({
      id: `m${i}`,
      start: `2024-0${i + 1}`,
      end: `2024-0${i + 1}`,
      value,
      qualifier: 'exact',
    }));
    const result = reconstruct(figures, { smoothing: 1e-8 });
    // Poisson MLE of disjoint monthly counts is the counts; the weak ridge moves them by < 1e-3
    expectClose(result.estimate, counts, { rtol: 1e-3, atol: 0 });
    expect(result.smoothing.selection).toMatch(/^tau: fixed/);
  });

  it('reconstruct splits a year and its half-year into independent counts (year minus half-year)', () => {
    const figures: Figure[] = [
      { id: 'Y', start: '2023-01-01', end: '2023-12-31', value: 1200, qualifier: 'exact' },
      { id: 'H1', start: '2023-01-01', end: '2023-06-30', value: 400, qualifier: 'exact' },
    ];
    const result = reconstruct(figures, { smoothing: 1e-6 });
    const firstHalf = result.estimate.slice(0, 6).reduce((a, b) => a + b, 0);
    const secondHalf = result.estimate.slice(6).reduce((a, b) => a + b, 0);
    expectClose(firstHalf, 400, { rtol: 1e-3, atol: 0 });
    expectClose(secondHalf, 800, { rtol: 1e-3, atol: 0 });
    expect(result.warnings).toEqual([]);
  });

  it('reconstruct weighs a window that covers part of a month by the share of its days', () => {
    // 10 days of a 30-day month
    const figures: Figure[] = [
      { id: 'A', start: '2023-04-01', end: '2023-04-30', value: 300, qualifier: 'exact' },
      { id: 'B', start: '2023-05-01', end: '2023-05-31', value: 310, qualifier: 'exact' },
    ];
    const result = reconstruct(figures, { smoothing: 1e-6, order: 1 });
    expectClose(result.estimate, [300, 310], { rtol: 1e-3, atol: 0 });
    const partial = reconstruct(
      [
        { id: 'P', start: '2023-04-01', end: '2023-04-10', value: 100, qualifier: 'exact' },
        figures[1],
      ],
      {
        smoothing: 1e-6,
        order: 1,
      },
    );
    expectClose(partial.estimate[0], 300, { rtol: 1e-3, atol: 0 });
  });

  it('reconstruct treats a lower bound as censored: it binds only when the rest of the data fall short', () => {
    const base: Figure[] = [
      { id: 'Y', start: '2023-01-01', end: '2023-12-31', value: 1200, qualifier: 'exact' },
      { id: 'Y2', start: '2024-01-01', end: '2024-12-31', value: 1300, qualifier: 'exact' },
    ];
    const loose = reconstruct(
      [
        ...base,
        { id: 'L', start: '2024-01-01', end: '2024-06-30', value: 100, qualifier: 'lower_bound' },
      ],
      {},
    );
    const free = reconstruct(base, {});
    expectClose(loose.estimate, free.estimate, { rtol: 1e-3, atol: 0 });
    const binding = reconstruct(
      [
        ...base,
        { id: 'L', start: '2024-01-01', end: '2024-06-30', value: 1000, qualifier: 'lower_bound' },
      ],
      {},
    );
    const h1 = binding.estimate.slice(12, 18).reduce((a, b) => a + b, 0);
    expect(h1).toBeGreaterThan(900);
  });
});

describe('reconstruct: bad input', () => {
  const year: Figure = {
    id: 'RU03',
    start: '2023-01-01',
    end: '2023-12-29',
    value: 5024,
    qualifier: 'exact',
  };

  it('reconstruct rejects a window that ends before it starts, naming the figure', () => {
    const bad: Figure = {
      id: 'RU99',
      start: '2023-06-30',
      end: '2023-01-01',
      value: 10,
      qualifier: 'exact',
    };
    expect(() => reconstruct([year, bad])).toThrow(DataError);
    expect(() => reconstruct([year, bad])).toThrow(
      "reconstruct requires each figure's window to end on or after its start; figure RU99 ends 2023-01-01 before it starts 2023-06-30",
    );
  });

  it('reconstruct rejects an exact total below a lower bound inside its window, naming both figures', () => {
    const bound: Figure = {
      id: 'RU16',
      start: '2023-02-01',
      end: '2023-09-30',
      value: 6000,
      qualifier: 'lower_bound',
    };
    expect(() => reconstruct([year, bound])).toThrow(DataError);
    expect(() => reconstruct([year, bound])).toThrow(
      /contradicting figures: RU03 \(exact 5024, 2023-01-01\.\.2023-12-29\) is below the lower bound RU16 \(lower_bound 6000, 2023-02-01\.\.2023-09-30\) inside its window/,
    );
  });

  it('reconstruct rejects an exact figure larger than an exact figure containing it', () => {
    const half: Figure = {
      id: 'RU08',
      start: '2023-01-01',
      end: '2023-06-30',
      value: 6000,
      qualifier: 'exact',
    };
    expect(() => reconstruct([year, half])).toThrow(
      /RU03 \(exact 5024.*is below the exact figure RU08 \(exact 6000/,
    );
  });

  it('reconstruct rejects exact figures inside a window that add up to more than it', () => {
    const figures: Figure[] = [
      year,
      { id: 'H1', start: '2023-01-01', end: '2023-06-30', value: 3000, qualifier: 'exact' },
      { id: 'H2', start: '2023-07-01', end: '2023-12-29', value: 3000, qualifier: 'exact' },
    ];
    expect(() => reconstruct(figures)).toThrow(
      /RU03 .* is below the sum 6000 of the exact figures inside it \(H1, H2\)/,
    );
  });

  it('reconstruct rejects two exact figures with the same window and different values', () => {
    expect(() => reconstruct([year, { ...year, id: 'X', value: 5000 }])).toThrow(
      /X .* and RU03 .* give different exact totals for the same window/,
    );
  });

  it('reconstruct rejects a negative value and an unknown qualifier, naming the figure', () => {
    expect(() =>
      reconstruct([year, { ...year, id: 'N', start: '2023-01-01', end: '2023-01-31', value: -5 }]),
    ).toThrow(/figure values that are finite and >= 0; received -5 in figure N/);
    expect(() => reconstruct([{ ...year, qualifier: 'about' as Figure['qualifier'] }])).toThrow(
      /qualifier exact, approximate or lower_bound; received about in figure RU03/,
    );
  });

  it('reconstruct rejects a figure outside the requested months and a delay pmf that does not sum to 1', () => {
    expect(() => reconstruct([year], { from: '2023-03' })).toThrow(
      /every figure inside the grid 2023-03-01\.\.2023-12-31; figure RU03 covers 2023-01-01\.\.2023-12-29/,
    );
    expect(() => reconstruct([year], { delay: [0.3, 0.3] })).toThrow(InvalidArgumentError);
  });
});
