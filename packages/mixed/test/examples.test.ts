/** Every @example block with `// =>` output in src/, run: the outputs are what the code returns. */
import { runExamples } from '@muster/test-support';
import * as mixed from '../src/index.ts';
import { fixtureCsv } from './helpers.ts';

runExamples(new URL('../src/', import.meta.url), {
  modules: { '@muster/mixed': mixed },
  scope: { ...mixed },
  scopes: { 'fit-glmer.ts:fitGlmer': { panel: fixtureCsv('panel.csv') } },
});
