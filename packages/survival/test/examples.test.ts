/** Every @example block with `// =>` output in src/, run: the outputs are what the code returns. */
import { readFileSync } from 'node:fs';
import * as duckdb from '@muster/duckdb';
import { readCsv } from '@muster/formula';
import { runExamples } from '@muster/test-support';
import * as survival from '../src/index.ts';
import { loadCsv } from './helpers.ts';

const lung = loadCsv('lung.csv');
const mgus2 = loadCsv('mgus2.csv');
const mgus2complete = loadCsv('mgus2_complete.csv');

runExamples(new URL('../src/', import.meta.url), {
  modules: {
    '@muster/survival': survival,
    '@muster/duckdb': duckdb,
    '@muster/formula': { readCsv },
    'node:fs': { readFileSync },
  },
  scope: { ...survival },
  scopes: {
    'aft/fit-aft.ts:fitAft': { lung },
    'aft/predict-aft.ts:predictAft': {
      fit: survival.fitAft('Surv(time, status) ~ age + sex', lung),
    },
    'competing/fit-fine-gray.ts:fitFineGray': { mgus2: mgus2complete },
    'competing/predict-fine-gray.ts:predictFineGray': {
      fit: survival.fitFineGray(mgus2complete, {
        time: 'etime',
        event: 'event',
        cause: 1,
        covariates: ['age', 'male', 'hgb'],
      }),
    },
    'competing/fit-cause-specific-cox.ts:fitCauseSpecificCox': { mgus2 },
    'competing/fit-fine-gray-cox.ts:fitFineGrayCox': {
      mgus2: loadCsv('finegray-route-mgus2.csv'),
    },
    'competing/gray-test.ts:grayTest': { mgus2 },
  },
});
