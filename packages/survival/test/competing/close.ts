/** Test helpers for the competing-risks and AFT tests: tolerances and fixture loading. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsv } from '@muster/formula';
import { expect } from 'vitest';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** Parsed fixture JSON (reference cases are untyped data). */
// biome-ignore lint/suspicious/noExplicitAny: fixture JSON is untyped data read from test/fixtures
export type Json = any;

export function fixtureJson<T = Json>(name: string): T {
  return JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as T;
}

export function fixtureCsv(name: string): Record<string, (number | null)[] | (string | null)[]> {
  return readCsv(readFileSync(join(fixtures, name), 'utf8'));
}

/** |actual - expected| <= rtol |expected| + atol; README tolerance by default. */
export function expectClose(
  actual: number | null | undefined,
  expected: number | null | undefined,
  tolerance: { rtol: number; atol: number } = { rtol: 1e-6, atol: 1e-10 },
  label = '',
): void {
  if (expected === null || expected === undefined) {
    expect(actual ?? null, label).toBeNull();
    return;
  }
  expect(typeof actual, label).toBe('number');
  const a = actual as number;
  const ok = Math.abs(a - expected) <= tolerance.rtol * Math.abs(expected) + tolerance.atol;
  if (!ok) {
    expect.fail(
      `${label}: ${a} differs from ${expected} beyond rtol ${tolerance.rtol}, atol ${tolerance.atol}`,
    );
  }
}

/** README tolerance, with 1e-4 relative for p-values below 1e-10. */
export function expectPValue(
  actual: number | null | undefined,
  expected: number | null,
  label = '',
): void {
  if (expected !== null && expected < 1e-10)
    expectClose(actual, expected, { rtol: 1e-4, atol: 0 }, label);
  else expectClose(actual, expected, { rtol: 1e-6, atol: 1e-10 }, label);
}

export const README = { rtol: 1e-6, atol: 1e-10 };
