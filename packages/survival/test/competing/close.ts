/** Test helpers for the competing-risks and AFT tests: tolerances and fixture loading. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsv } from '@muster/formula';
import { expectClose } from '@muster/test-support';

/** The project's one comparison helper: |a - e| <= rtol |e| + atol, a tolerance required. */
export { expectClose };

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
