import { readFileSync } from 'node:fs';
import { type DataColumns, readCsv } from '@muster/formula';
import { expect } from 'vitest';

/** |actual - expected| <= rtol |expected| + atol. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/** Assert a number is within tolerance. */
export function expectClose(
  actual: number | null | undefined,
  expected: number,
  tolerance: Tolerance,
  label = '',
): void {
  expect(typeof actual, `${label}: expected a number`).toBe('number');
  const bound = tolerance.rtol * Math.abs(expected) + tolerance.atol;
  if (!(Math.abs((actual as number) - expected) <= bound)) {
    expect.fail(`${label}: ${actual} differs from ${expected} by more than ${bound}`);
  }
}

export function fixtureText(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

const cache = new Map<string, DataColumns>();
export function fixtureCsv(name: string): DataColumns {
  let data = cache.get(name);
  if (data === undefined) {
    data = readCsv(fixtureText(name));
    cache.set(name, data);
  }
  return data;
}

export interface GlmerCase {
  id: string;
  data: string;
  formula: string;
  family: 'binomial' | 'poisson';
  link: 'logit' | 'probit' | 'log';
  nAGQ: number;
  note: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: reference JSON
  expected: any;
}

export const cases: GlmerCase[] = JSON.parse(fixtureText('glmer-cases.json'));
