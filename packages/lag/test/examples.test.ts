/** Every @example block with `// =>` output in src/, run: the outputs are what the code returns. */
import { runExamples } from '@muster/test-support';
import * as lag from '../src/index.ts';
import { readCsvRows } from './helpers.ts';

const hus = readCsvRows('husO104Hosp.csv').slice(1);

// The seven art. 337 figures of the package README (Mediazona), for the posteriorTotal example.
const figures: lag.Figure[] = [
  { id: 'RU01', start: '2021-01-01', end: '2021-12-31', value: 615, qualifier: 'exact' },
  { id: 'RU02', start: '2022-01-01', end: '2022-12-31', value: 1001, qualifier: 'exact' },
  { id: 'RU08', start: '2023-01-01', end: '2023-06-30', value: 2076, qualifier: 'exact' },
  { id: 'RU03', start: '2023-01-01', end: '2023-12-29', value: 5024, qualifier: 'exact' },
  { id: 'RU16', start: '2022-09-21', end: '2023-09-30', value: 3000, qualifier: 'lower_bound' },
  { id: 'RU17', start: '2024-02-01', end: '2024-02-29', value: 718, qualifier: 'exact' },
  { id: 'RU19', start: '2024-01-01', end: '2024-04-10', value: 2300, qualifier: 'approximate' },
];

runExamples(new URL('../src/', import.meta.url), {
  modules: { '@muster/lag': lag },
  scope: { ...lag },
  scopes: {
    'evaluate-nowcast.ts:evaluateNowcast': {
      records: { event: hus.map((r) => r[0]), report: hus.map((r) => r[1]) },
    },
    'reconstruct.ts:posteriorTotal': {
      figures,
      delay: lag.delayPmf({ distribution: 'gamma', mean: 5, sd: 2.5, maxDelay: 14 }),
    },
  },
});
