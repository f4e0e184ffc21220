import { type DataColumns, readCsv } from '@muster/formula';
import { fixtureReader } from '@muster/test-support';
import { type MatchItOptions, type MatchResult, matchIt } from '../src/index.ts';

export { expectClose } from '@muster/test-support';

const fixtures = fixtureReader(new URL('./fixtures/', import.meta.url), readCsv);

/** A CSV data set of test/fixtures (read once). */
export const fixtureData: (name: string) => DataColumns = fixtures.csv;

/** A text file of test/fixtures. */
export const fixtureText: (name: string) => string = fixtures.text;

/** A JSON file of test/fixtures. */
export const fixtureJson: <T>(name: string) => T = fixtures.json;

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
