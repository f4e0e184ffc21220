import type { StudyDependencies } from './package-versions.ts';

const fence = '```';

/**
 * arquero 8's newest Arrow library (`@uwdata/flechette` 2.7) depends on a package that npm does
 * not serve; a study pins the last version that installs, as this repository's workspace does.
 */
const OVERRIDES = { '@uwdata/flechette': '2.6.0' };

/** The notebook a new study starts from: a small logistic regression on a bundled data set. */
const analysisNotebook = `---
title: A first analysis
seed: 20240601
---

Does discrimination inside an army raise the odds that its soldiers desert en masse? This notebook
fits a logistic regression of mass desertion on military inequality to the synthetic,
Lyall-shaped belligerents that ship with \`@muster/datasets\`, with standard errors clustered by
war. Replace the data with your own: put a CSV file in \`data/\` and read it with
\`loadCsv('../data/your-file.csv')\` (paths are relative to this notebook).

${fence}ts
import { lyallSynthetic } from '@muster/datasets';
import { fitGlm } from '@muster/glm';
import { oddsRatioPlot } from '@muster/charts';

const data = lyallSynthetic.columns;
const rows = data.war.length;
${fence}

The data hold \${rows} belligerents.

## Model

${fence}ts
const fit = await fitGlm('mass_desertion ~ inequality + log(troops) + regime + initiator', data, {
  family: 'binomial',
  vcov: 'cluster',
  cluster: 'war',
});
fit
${fence}

${fence}ts
const inequality = fit.coefficients.find((row) => row.term === 'inequality')!;
const per10 = (value: number | null) => Math.exp(0.1 * (value ?? Number.NaN)).toFixed(2);
${fence}

Each increase of 0.1 in military inequality multiplies the odds of mass desertion by
\${per10(inequality.estimate)} (95% cluster-robust interval \${per10(inequality.lower)} to
\${per10(inequality.upper)}).

## Odds ratios

${fence}ts
oddsRatioPlot(fit, { title: 'Odds ratios of mass desertion', interval: 'wald' })
${fence}
`;

function readme(name: string): string {
  return `# ${name}

A study written as [Muster](https://github.com/muster-stats/muster) notebooks: Markdown files with
fenced \`ts\` cells whose results (tables, model fits, charts) become reproducible HTML and PDF
reports.

${fence}sh
npm install
npx muster render notebooks/analysis.md --to html,pdf --out _out
${fence}

The first installs the Muster packages (Node 20.19 or newer); the second writes
\`_out/analysis.html\` and \`_out/analysis.pdf\`. \`npx muster dev notebooks\` serves the notebooks
as a live web app instead (open the printed address), re-running them as you edit.

- \`notebooks/\`: the analyses; \`analysis.md\` is a small worked example to start from.
- \`data/\`: your data files; a notebook reads them with \`loadCsv('../data/file.csv')\`, and a
  report records the SHA-256 of every file it read.
- \`npx muster --help\` lists the model commands (\`glm\`, \`cox\`, \`km\`, ...), which fit a CSV file
  from the command line.
`;
}

const gitignore = `node_modules/
_out/
.muster-cache/
`;

const dataReadme = `Data files of the study (CSV). A notebook in notebooks/ reads one with
loadCsv('../data/file.csv'); the rendered report records the file's SHA-256.
`;

/**
 * The files of a new study project, by path relative to its folder: package.json (depending on
 * the published Muster packages), README.md, .gitignore, notebooks/analysis.md and data/.
 *
 * @example
 * Object.keys(studyFiles('my-study', deps));
 * // => ['package.json', 'README.md', '.gitignore', 'notebooks/analysis.md', 'data/README.md']
 */
export function studyFiles(name: string, dependencies: StudyDependencies): Record<string, string> {
  const manifest = {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      render: 'muster render notebooks/analysis.md --to html,pdf --out _out',
      dev: 'muster dev notebooks',
    },
    dependencies: { ...dependencies.muster, arquero: dependencies.arquero },
    overrides: OVERRIDES,
    engines: { node: '>=20.19' },
  };
  return {
    'package.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'README.md': readme(name),
    '.gitignore': gitignore,
    'notebooks/analysis.md': analysisNotebook,
    'data/README.md': dataReadme,
  };
}
