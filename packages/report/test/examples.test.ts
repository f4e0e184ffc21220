/** Every @example block with `// =>` output in src/, run: the outputs are what the code returns. */
import { runExamples } from '@muster/test-support';
import * as report from '../src/index.ts';
import { texToTypst } from '../src/internal/tex-to-typst.ts';

// A run of a one-cell notebook, the `run` the rendering examples start from.
const run = await report.runNotebook(
  report.parseNotebook('---\ntitle: Example\n---\n\n```ts\n1 + 1\n```\n', { path: 'example.md' }),
);

const FILES = 'reads or writes the report files of a render of notebooks/demo.md';

// A notebook of two independent cells, and the same with the second cell edited.
const notebook = (second: string) =>
  `---\ntitle: Session\n---\n\n\`\`\`ts\nconst a = 1;\n\`\`\`\n\n\`\`\`ts\n${second}\n\`\`\`\n`;

runExamples(new URL('../src/', import.meta.url), {
  modules: { '@muster/report': report },
  scope: { ...report, texToTypst, run },
  scopes: {
    'run-session.ts:RunSession': { text: notebook('2 + 2'), edited: notebook('3 + 3') },
  },
  skip: {
    'internal/resolve-specifier.ts':
      "resolves against a study project's node_modules on disk (/home/me/study)",
    'render-notebook.ts': FILES,
    'read-provenance.ts': FILES,
    'verify-report.ts': FILES,
  },
});
