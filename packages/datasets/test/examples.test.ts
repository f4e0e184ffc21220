/** Every @example block with `// =>` output in src/, run: the outputs are what the code returns. */
import { runExamples } from '@muster/test-support';
import * as datasets from '../src/index.ts';

runExamples(new URL('../src/', import.meta.url), {
  modules: { '@muster/datasets': datasets },
  scope: { ...datasets },
});
