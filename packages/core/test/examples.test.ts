/** Every @example block with `// =>` output in src/, run: the outputs are what the code returns. */
import { runExamples } from '@muster/test-support';
import * as core from '../src/index.ts';
import * as threads from '../src/threads/node.ts';

runExamples(new URL('../src/', import.meta.url), {
  modules: { '@muster/core': core, '@muster/core/threads': threads },
  scope: { ...core },
});
