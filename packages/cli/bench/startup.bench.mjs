// Benchmark: the built `muster` command as a whole process against Rscript doing the same, on the
// Lyall data (377 belligerents, errors clustered by 160 wars), and a render served from the cache.
// Every case is a fresh process; the cases run interleaved, round after round, so that a change in
// the machine's load hits them alike. Prints medians of wall time and of CPU time (user + system,
// from /usr/bin/time) and the load average before and after.
//
//   pnpm build && node packages/cli/bench/startup.bench.mjs [--runs 9]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const cli = join(here, '..', 'dist', 'cli.js');
const lyall = join(repoRoot, 'packages/datasets/data/lyall_synthetic.csv');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 9;
const out = mkdtempSync(join(tmpdir(), 'muster-startup-'));

const glm = [
  'glm',
  lyall,
  '--formula',
  'mass_desertion ~ inequality + log(troops) + regime + initiator',
  '--family',
  'binomial',
  '--vcov',
  'cluster',
  '--cluster',
  'war',
];
const render = ['render', join(repoRoot, 'notebooks/demo.md'), '--to', 'html,pdf', '--out', out];
const node = (args) => [process.execPath, cli, ...args];
const cases = {
  'muster glm (Wald intervals: --no-profile)': node([...glm, '--no-profile']),
  'Rscript: glm + vcovCL + coeftest + Wald intervals': [
    'Rscript',
    join(here, 'glm.R'),
    'wald',
    lyall,
  ],
  'muster glm (default: also profile intervals, separation check)': node(glm),
  'Rscript: the same + confint (profile)': ['Rscript', join(here, 'glm.R'), 'profile', lyall],
  'muster glm --help (start-up alone)': node(['glm', '--help']),
  'muster render demo.md --to html,pdf, from the cache': node(render),
  'muster glm through tsx on the sources (as `pnpm muster`)': [
    process.execPath,
    '--conditions=@muster/source',
    '--import',
    'tsx',
    join(repoRoot, 'apps/workbench/src/cli.ts'),
    ...glm,
    '--no-profile',
  ],
};

/** Run once under /usr/bin/time: wall and CPU seconds. */
function time(command) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S', ...command], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (result.status !== 0) throw new Error(`${command.join(' ')} failed:\n${result.stderr}`);
  const [wall, user, system] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { wall, cpu: user + system };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

time(node(render)); // fills the cache
const loadBefore = loadavg();
const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let round = 0; round < runs; round += 1) {
  for (const [name, command] of Object.entries(cases)) samples[name].push(time(command));
}
const loadAfter = loadavg();
rmSync(out, { recursive: true, force: true });

console.log(`${runs} runs each, interleaved; ${new Date().toISOString().slice(0, 10)}`);
console.log(
  `load average before ${loadBefore.map((x) => x.toFixed(1)).join(' ')}, after ${loadAfter.map((x) => x.toFixed(1)).join(' ')}`,
);
console.log('| case | wall (median) | CPU (median) |');
console.log('| --- | --- | --- |');
for (const [name, list] of Object.entries(samples)) {
  const wall = median(list.map((s) => s.wall)).toFixed(2);
  const cpu = median(list.map((s) => s.cpu)).toFixed(2);
  console.log(`| ${name} | ${wall} s | ${cpu} s |`);
}
