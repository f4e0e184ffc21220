import { FormulaError, InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { logRank } from '../src/index.ts';
import extra from './fixtures/survival-extra-cases.json' with { type: 'json' };
import { expectClose, loadCsv, pValueTolerance, README } from './helpers.ts';

const EXACT = { rtol: 1e-12, atol: 1e-14 };
const small = {
  time: [1, 2, 3, 4, 5, 6],
  status: [1, 1, 1, 1, 0, 1],
  arm: ['a', 'b', 'a', 'b', 'a', 'b'],
};

describe('logRank on hand-derived data', () => {
  it('logRank(Surv ~ arm) sums d n_k / n for expected and the hypergeometric variance', () => {
    const test = logRank('Surv(time, status) ~ arm', small);
    // expected for a: 3/6 + 2/5 + 2/4 + 1/3 (+ 0 at t = 6)
    const expectedA = 0.5 + 0.4 + 0.5 + 1 / 3;
    // variance: sum n_a n_b d (n - d) / (n^2 (n - 1)), the single subject at risk at t = 6 adds 0
    const variance =
      (3 * 3 * 5) / (36 * 5) +
      (2 * 3 * 4) / (25 * 4) +
      (2 * 2 * 3) / (16 * 3) +
      (1 * 2 * 2) / (9 * 2);
    expect(test.groups.map((g) => g.group)).toEqual(['a', 'b']);
    expect(test.groups.map((g) => g.n)).toEqual([3, 3]);
    expect(test.groups.map((g) => g.observed)).toEqual([2, 3]);
    expectClose(test.groups[0].expected, expectedA, EXACT, 'E_a');
    expectClose(test.groups[1].expected, 5 - expectedA, EXACT, 'E_b');
    expectClose(test.chisq, (2 - expectedA) ** 2 / variance, EXACT, 'chisq');
    expect(test.df).toBe(1);
    expect(test.method).toBe('log-rank');
  });

  it('logRank with rho = 1 weights each event time by the pooled S(t-)', () => {
    const test = logRank('Surv(time, status) ~ arm', small, { rho: 1 });
    // S(t-) = 1, 5/6, 2/3, 1/2, (censor), 1/4 at t = 1, 2, 3, 4, 6; observed a = 1 + 2/3
    expectClose(test.groups[0].observed, 1 + 2 / 3, EXACT, 'O_a');
    expect(test.method).toBe('peto-peto');
  });
});

describe('logRank against R survdiff beyond the shared cases', () => {
  it('Peto-Peto (rho = 1) stratified by treatment (veteran)', () => {
    const e = extra.logrankVeteranPeto;
    const test = logRank('Surv(time, status) ~ celltype + strata(trt)', loadCsv('veteran.csv'), {
      rho: 1,
    });
    expectClose(test.chisq, e.chisq, README, 'chisq');
    expect(test.df).toBe(e.df);
    expectClose(test.pValue, e.pValue, pValueTolerance(e.pValue), 'pValue');
    test.groups.forEach((g, i) => {
      expectClose(g.n, e.n[i], README, 'n');
      expectClose(g.observed, e.observed[i], README, 'observed');
      expectClose(g.expected, e.expected[i], README, 'expected');
    });
    expect(test.strata).toEqual(['trt=1', 'trt=2']);
  });

  it('groups from two variables, one of them a single subject (lung sex x ph.ecog)', () => {
    const e = extra.logrankLungTwoVariables;
    const test = logRank('Surv(time, status) ~ sex + ph.ecog', loadCsv('lung.csv'));
    expect(test.groups.map((g) => g.group)).toEqual(e.groups);
    expectClose(test.chisq, e.chisq, README, 'chisq');
    test.groups.forEach((g, i) => {
      expectClose(g.n, e.n[i], README, 'n');
      expectClose(g.observed, e.observed[i], README, 'observed');
      expectClose(g.expected, e.expected[i], README, 'expected');
    });
    expect(test.nDropped).toBe(1);
  });
});

describe('logRank on bad input', () => {
  it('logRank requires at least one event', () => {
    expect(() =>
      logRank('Surv(time, status) ~ arm', { ...small, status: [0, 0, 0, 0, 0, 0] }),
    ).toThrow(/at least one event; received 0 events/);
  });

  it('logRank requires two groups', () => {
    expect(() =>
      logRank('Surv(time, status) ~ arm', { ...small, arm: ['a', 'a', 'a', 'a', 'a', 'a'] }),
    ).toThrow(InvalidArgumentError);
  });

  it('logRank requires a right-censored Surv response and a group', () => {
    expect(() => logRank('time ~ arm', small)).toThrow(FormulaError);
    expect(() => logRank('Surv(time, status) ~ 1', small)).toThrow(/at least one group/);
    expect(() =>
      logRank('Surv(start, time, status) ~ arm', { ...small, start: [0, 0, 0, 0, 0, 0] }),
    ).toThrow(/right-censored/);
  });

  it('logRank accepts negative times, as survdiff', () => {
    const test = logRank('Surv(time, status) ~ arm', { ...small, time: [1, 2, -3, 4, 5, 6] });
    expect(test.nobs).toBe(6);
  });
});
