import { readFileSync } from 'node:fs';
import { type DataColumns, readCsv } from '@muster/formula';
import { expect } from 'vitest';
import { type MatchItOptions, type MatchResult, matchIt } from '../src/index.ts';

/** |actual - expected| <= rtol |expected| + atol; null expected means null (R's NA). */
export function expectClose(
  actual: number | null | undefined,
  expected: number | null,
  tolerance: { rtol: number; atol?: number },
  label = '',
): void {
  if (expected === null) {
    expect(actual ?? null, `${label}: expected NA`).toBe(null);
    return;
  }
  expect(typeof actual, `${label}: expected a number, got ${actual}`).toBe('number');
  const bound = tolerance.rtol * Math.abs(expected) + (tolerance.atol ?? 0);
  expect(
    Math.abs((actual as number) - expected),
    `${label}: ${actual} vs ${expected}`,
  ).toBeLessThanOrEqual(bound);
}

const fixtures = new URL('./fixtures/', import.meta.url);

/** A CSV data set of test/fixtures. */
export function fixtureData(name: string): DataColumns {
  return readCsv(readFileSync(new URL(name, fixtures), 'utf8'));
}

/** A JSON file of test/fixtures. */
export function fixtureJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as T;
}

/** One balance row of a reference case (R's summary.matchit). */
export interface ReferenceBalanceRow {
  term: string;
  meansTreated: number | null;
  meansControl: number | null;
  stdMeanDiff: number | null;
  varRatio: number | null;
  ecdfMean: number | null;
  ecdfMax: number | null;
  stdPairDist: number | null;
}

/** One reference case written by test/fixtures/r/generate.R. */
export interface ReferenceCase {
  id: string;
  args: Record<string, unknown>;
  estimand: string;
  matchMatrix: (number | null | (number | null)[])[] | null;
  subclass: (number | null)[] | null;
  weights: number[];
  discarded: boolean[];
  distance: number[] | null;
  caliper: number | null;
  qCut: number[] | null;
  sumAll: ReferenceBalanceRow[];
  sumMatched: ReferenceBalanceRow[];
  nn: Record<string, { control: number; treated: number }>;
  warnings: string[] | string;
  effect?: {
    outcome: string;
    vcov: 'cluster' | 'HC3';
    nobs: number;
    coefficients: {
      term: string;
      estimate: number;
      stdError: number;
      statistic: number;
      pValue: number;
    }[];
  };
}

/** The matchIt options for a case's R arguments. */
export function optionsOf(args: Record<string, unknown>): MatchItOptions {
  const options: MatchItOptions = {};
  for (const [key, value] of Object.entries(args)) {
    if (key === 'm.order') options.order = value as MatchItOptions['order'];
    else if (key === 'exact') options.exact = [value as string];
    else if (key === 'cutpoints') options.cutPoints = value as MatchItOptions['cutPoints'];
    else if (key === 'subclass') options.subclasses = value as number;
    else (options as Record<string, unknown>)[key] = value;
  }
  return options;
}

/** Run a reference case. */
export function runCase(c: ReferenceCase): Promise<MatchResult> {
  const data = { belligerents: fixtureData('belligerents.csv'), ties: fixtureData('ties.csv') };
  const ties = c.id.includes('ties');
  return matchIt(
    ties ? 't ~ a + b' : 'high_inequality ~ log(troops) + regime + initiator + duration',
    ties ? data.ties : data.belligerents,
    optionsOf(c.args),
  );
}
