/**
 * Benchmark: render the demo notebook (notebooks/demo.md) to HTML and PDF, from cold (empty
 * cache, fresh process) and from the cache (fresh process, warm cache), and in one process
 * repeatedly from the cache. Then times R rendering the same analysis as R Markdown (render.R),
 * in the same run, and prints the ratios. Medians of several runs (the machine is shared).
 *
 *   node --conditions=@muster/source --import tsx bench/render.bench.ts [--runs 5]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderNotebook } from '@muster/report';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const notebook = join(repoRoot, 'notebooks', 'demo.md');
const outDir = join(here, '.out');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const fmt = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

interface Once {
  import: number;
  render: number;
  sinceStart: number;
  renderCpu: number;
  cpuSinceStart: number;
  executed: number;
  cached: number;
  wall: number;
}

function renderOnce(): Once {
  const start = performance.now();
  const child = spawnSync(
    process.execPath,
    [
      '--conditions=@muster/source',
      '--import',
      'tsx',
      join(here, 'render-once.ts'),
      notebook,
      outDir,
    ],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  const wall = performance.now() - start;
  if (child.status !== 0) throw new Error(child.stderr);
  return { ...(JSON.parse(child.stdout) as Omit<Once, 'wall'>), wall };
}

function cli(): number {
  const start = performance.now();
  const child = spawnSync(
    process.execPath,
    [
      '--conditions=@muster/source',
      '--import',
      'tsx',
      'apps/workbench/src/cli.ts',
      'render',
      notebook,
      '--to',
      'html,pdf',
      '--out',
      outDir,
      '--quiet',
    ],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(child.stderr);
  return performance.now() - start;
}

const cold: Once[] = [];
const warm: Once[] = [];
const cliCold: number[] = [];
const cliWarm: number[] = [];
const reportBytes = () =>
  Buffer.concat([readFileSync(join(outDir, 'demo.html')), readFileSync(join(outDir, 'demo.pdf'))]);
for (let run = 0; run < runs; run += 1) {
  rmSync(outDir, { recursive: true, force: true });
  cold.push(renderOnce());
  const coldBytes = reportBytes();
  warm.push(renderOnce());
  // Sanity: the render from the cache ran nothing and wrote the same bytes as the cold one.
  if (Buffer.compare(coldBytes, reportBytes()) !== 0)
    throw new Error('cold and cached renders differ');
  if (warm[warm.length - 1].executed !== 0) throw new Error('the warm render executed cells');
  rmSync(outDir, { recursive: true, force: true });
  cliCold.push(cli());
  cliWarm.push(cli());
}

// In one process: the first render pays for loading Vega, esbuild and Typst; later renders from
// the cache show the steady cost of checking the cache and typesetting.
rmSync(outDir, { recursive: true, force: true });
const inProcess: number[] = [];
for (let run = 0; run <= runs; run += 1) {
  const start = performance.now();
  const result = await renderNotebook(notebook, { outDir, formats: ['html', 'pdf'] });
  if (result.failed) throw new Error('the notebook failed');
  inProcess.push(performance.now() - start);
}

const m = (list: Once[], key: keyof Once) => fmt(median(list.map((item) => item[key] as number)));
const lines = [
  `demo notebook -> HTML + PDF, median of ${runs} runs (wall clock; CPU time in brackets)`,
  `  cold, fresh process:  renderNotebook ${m(cold, 'render')} [${m(cold, 'renderCpu')}], import ${m(cold, 'import')}, since process start ${m(cold, 'sinceStart')} [${m(cold, 'cpuSinceStart')}]`,
  `  cache, fresh process: renderNotebook ${m(warm, 'render')} [${m(warm, 'renderCpu')}], import ${m(warm, 'import')}, since process start ${m(warm, 'sinceStart')} [${m(warm, 'cpuSinceStart')}]`,
  `  muster render (whole command, wall): cold ${fmt(median(cliCold))}, cache ${fmt(median(cliWarm))}`,
  `  one process: first render ${fmt(inProcess[0])}, then from the cache ${fmt(median(inProcess.slice(1)))}`,
  `  load average while measuring: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} (2 cores)`,
];
process.stdout.write(`${lines.join('\n')}\n`);

// R: the same analysis as R Markdown (glm + sandwich::vcovCL + two ggplot2 charts) to HTML.
const rScript = join(here, 'render.R');
const rscript = '/usr/bin/Rscript';
if (existsSync(rscript)) {
  const child = spawnSync(rscript, [rScript, String(runs)], { cwd: here, encoding: 'utf8' });
  if (child.status !== 0) {
    process.stdout.write(`R benchmark failed: ${child.stderr}\n`);
  } else {
    const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
      cold: number;
      cache: number;
      wall_cold: number;
      wall_cache: number;
    };
    process.stdout.write(
      [
        `R Markdown -> HTML only (rmarkdown::render, median of ${runs}): cold ${fmt(r.cold * 1000)} (Rscript wall ${fmt(r.wall_cold * 1000)}), knitr cache ${fmt(r.cache * 1000)} (wall ${fmt(r.wall_cache * 1000)})`,
        `ratio R / Muster (render call, Muster doing HTML and PDF): cold ${((r.cold * 1000) / median(cold.map((x) => x.render))).toFixed(2)}, cache ${((r.cache * 1000) / median(warm.map((x) => x.render))).toFixed(2)}`,
        `ratio R / Muster (whole command, wall): cold ${((r.wall_cold * 1000) / median(cliCold)).toFixed(2)}, cache ${((r.wall_cache * 1000) / median(cliWarm)).toFixed(2)}`,
      ].join('\n') + '\n',
    );
  }
} else {
  process.stdout.write('Rscript not found: no R comparison\n');
}
rmSync(outDir, { recursive: true, force: true });
