import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type DataColumns, readCsv } from '@muster/formula';
import { expectClose } from '@muster/test-support';

/** The project's one comparison helper: |a - e| <= rtol |e| + atol, a tolerance required. */
export { expectClose };

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

/** Tolerance for a p-value: relative 1e-4 below 1e-10, README otherwise. */
export function pValueTolerance(expected: number): { rtol: number; atol: number } {
  return expected < 1e-10 ? README_LOOSE : README;
}
