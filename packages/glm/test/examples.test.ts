/** Every @example block with `// =>` output in src/, run: the outputs are what the code returns. */

import * as duckdb from '@muster/duckdb';
import { runExamples } from '@muster/test-support';
import * as glm from '../src/index.ts';

runExamples(new URL('../src/', import.meta.url), {
  modules: { '@muster/glm': glm, '@muster/duckdb': duckdb },
  scope: { ...glm },
});
