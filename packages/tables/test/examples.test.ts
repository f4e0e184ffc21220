/** Every @example block with `// =>` output in src/, run: the outputs are what the code returns. */
import { readCsv } from '@muster/formula';
import * as glm from '@muster/glm';
import { runExamples } from '@muster/test-support';
import * as tables from '../src/index.ts';
import { fixtureText } from './helpers.ts';

runExamples(new URL('../src/', import.meta.url), {
  modules: { '@muster/tables': tables, '@muster/glm': glm },
  scope: { ...tables, data: readCsv(fixtureText('lyall_synthetic.csv')) },
});
