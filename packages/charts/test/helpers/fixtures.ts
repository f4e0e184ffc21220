import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('../fixtures/', import.meta.url));

/**
 * A reference case copied from ../shared/reference/cases (kind, call, expected...). The cases name
 * the Wald limits waldLower/waldUpper; a fit (and so the charts) names them lower/upper.
 */
// biome-ignore lint/suspicious/noExplicitAny: fixtures are JSON read at run time
export function referenceCase(id: string): { expected: any; [key: string]: any } {
  return JSON.parse(readFileSync(`${folder}${id}.json`, 'utf8'), (key, value) =>
    key === 'coefficients' && Array.isArray(value)
      ? value.map(({ waldLower, waldUpper, ...row }) =>
          waldLower === undefined ? row : { ...row, lower: waldLower, upper: waldUpper },
        )
      : value,
  );
}

/** marginalEffects and predictionGrid results of @muster/glm (test/fixtures/generate-margins.ts). */
// biome-ignore lint/suspicious/noExplicitAny: fixtures are JSON read at run time
export function marginsResults(): { ame: any; atValues: any; predictions: any } {
  return JSON.parse(readFileSync(`${folder}margins-lyall.json`, 'utf8'));
}

/** Values R computed for these tests (test/fixtures/r/charts-reference.R). */
// biome-ignore lint/suspicious/noExplicitAny: fixtures are JSON read at run time
export const rReference: any = JSON.parse(readFileSync(`${folder}r-reference.json`, 'utf8'));
