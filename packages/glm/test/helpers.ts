import { readFileSync } from 'node:fs';
import { type DataColumns, readCsv } from '@muster/formula';
import { expectClose } from '@muster/test-support';
import { expect } from 'vitest';
import type { FamilyName, GlmResult } from '../src/index.ts';

/** |actual - expected| <= rtol |expected| + atol. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/** The reference README's tolerance. */
export const REFERENCE: Tolerance = { rtol: 1e-6, atol: 1e-10 };
/** The README's tolerance for p-values below 1e-10. */
export const SMALL_P: Tolerance = { rtol: 1e-4, atol: 1e-10 };

/** The project's one comparison helper: |a - e| <= rtol |e| + atol, a tolerance required. */
export { expectClose };

export function fixtureText(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

const csvCache = new Map<string, DataColumns>();
export function fixtureCsv(name: string): DataColumns {
  let data = csvCache.get(name);
  if (data === undefined) {
    data = readCsv(fixtureText(name));
    csvCache.set(name, data);
  }
  return data;
}

export interface ReferenceCase {
  id: string;
  data: string;
  formula: string;
  family: FamilyName;
  link: string;
  vcov: 'classical' | 'HC0' | 'HC1' | 'HC3' | 'cluster';
  cluster?: string | null;
  weights?: string | null;
  method: 'ml' | 'firth';
  note?: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: reference JSON
  expected: any;
}

const NUMERIC_FIELDS = [
  'logLik',
  'deviance',
  'nullDeviance',
  'aic',
  'bic',
  'dispersion',
  'nEvents',
] as const;
const COUNT_FIELDS = ['dfResidual', 'dfNull', 'nobs', 'df'] as const;

/**
 * The reference cases name the Wald limits `waldLower`/`waldUpper` (../shared/reference); a fit
 * names them `lower`/`upper`, as every Muster fit does.
 */
const REFERENCE_ROW_FIELDS: Record<string, string> = { waldLower: 'lower', waldUpper: 'upper' };

/** Compare a fit with a reference case's `expected`, field by field, at the README tolerance. */
export function expectMatchesReference(
  result: GlmResult,
  expected: ReferenceCase['expected'],
): void {
  for (const key of NUMERIC_FIELDS) {
    if (expected[key] !== undefined) expectClose(result[key], expected[key], REFERENCE, key);
  }
  for (const key of COUNT_FIELDS) {
    if (expected[key] !== undefined) expect(result[key], key).toBe(expected[key]);
  }
  if (expected.converged !== undefined) expect(result.converged).toBe(expected.converged);
  expect(result.coefficients.map((c) => c.term)).toEqual(
    expected.coefficients.map((c: { term: string }) => c.term),
  );
  expected.coefficients.forEach((e: Record<string, number | string | null>, j: number) => {
    const a = result.coefficients[j] as unknown as Record<string, number | null>;
    for (const [key, value] of Object.entries(e)) {
      if (key === 'term') continue;
      const v = value as number | null;
      const tolerance = key === 'pValue' && v !== null && v < 1e-10 ? SMALL_P : REFERENCE;
      expectClose(a[REFERENCE_ROW_FIELDS[key] ?? key], v, tolerance, `${e.term}.${key}`);
    }
  });
}

/** Muster's warning code for each R warning message of glm. */
export function warningCodeForR(message: string): string {
  if (message.includes('algorithm did not converge')) return 'not-converged';
  if (message.includes('fitted probabilities numerically 0 or 1'))
    return 'glm-fitted-probabilities-0-1';
  if (message.includes('fitted rates numerically 0')) return 'glm-fitted-rates-0';
  if (message.includes('non-integer')) return 'glm-non-integer';
  if (message.includes('boundary')) return 'glm-boundary';
  return `unmapped: ${message}`;
}
