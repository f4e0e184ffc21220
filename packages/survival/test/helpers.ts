import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type DataColumns, readCsv } from '@muster/formula';
import { expect } from 'vitest';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** A reference case from test/fixtures (copied from the shared R reference). */
// biome-ignore lint/suspicious/noExplicitAny: reference cases are free-form JSON
export function loadCase(id: string): any {
  return JSON.parse(readFileSync(`${fixtures}${id}.json`, 'utf8'));
}

export function loadCsv(name: string): DataColumns {
  return readCsv(readFileSync(`${fixtures}${name}`, 'utf8'));
}

/** README tolerance: |a - e| <= rtol |e| + atol. */
export const README = { rtol: 1e-6, atol: 1e-10 };
/** README tolerance for p-values below 1e-10 and for zph. */
export const README_LOOSE = { rtol: 1e-4, atol: 1e-10 };

/** The columns of a Kaplan-Meier table that the reference cases give (survfit's summary). */
export const KM_TABLE_COLUMNS = [
  'time',
  'nRisk',
  'nEvent',
  'nCensor',
  'surv',
  'stdErr',
  'lower',
  'upper',
] as const;

export function expectClose(
  actual: number | null | undefined,
  expected: number | null | undefined,
  tolerance: { rtol: number; atol: number },
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
      `${label}: ${a} is not within ${tolerance.rtol} (rel) + ${tolerance.atol} of ${expected}`,
    );
  }
}

/** Tolerance for a p-value: relative 1e-4 below 1e-10, README otherwise. */
export function pValueTolerance(expected: number): { rtol: number; atol: number } {
  return expected < 1e-10 ? README_LOOSE : README;
}
