/** Every @example block with `// =>` output in src/, run: the outputs are what the code returns. */
import * as nodeFs from 'node:fs';
import * as nodeOs from 'node:os';
import * as nodePath from 'node:path';
import { runExamples } from '@muster/test-support';
import * as arquero from 'arquero';
import * as duckdb from '../src/index.ts';

runExamples(new URL('../src/', import.meta.url), {
  modules: {
    '@muster/duckdb': duckdb,
    arquero,
    'node:fs': nodeFs,
    'node:os': nodeOs,
    'node:path': nodePath,
  },
});
