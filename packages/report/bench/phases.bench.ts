/**
 * Where the time of one render goes, in a fresh process: importing @muster/report, parsing the
 * demo notebook, running it (with or without a warm cache), HTML, PDF (first and second
 * typesetting), in wall-clock and CPU milliseconds.
 *
 *   node --conditions=@muster/source --import tsx bench/phases.bench.ts [--cold]
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const cpu = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const marks: [string, number, number][] = [['process start', 0, 0]];
const mark = (name: string) => marks.push([name, performance.now(), cpu()]);
mark('node and tsx ready');

const here = dirname(fileURLToPath(import.meta.url));
const notebookPath = resolve(here, '../../../notebooks/demo.md');
const reportDir = join(here, '.out');
const cacheDir = join(reportDir, '.muster-cache');
if (process.argv.includes('--cold')) rmSync(reportDir, { recursive: true, force: true });

const report = await import('@muster/report');
mark('import @muster/report');
const notebook = report.parseNotebook(readFileSync(notebookPath), { path: notebookPath });
mark('parse');
const run = await report.runNotebook(notebook, { cacheDir });
mark(`run (${run.stats.executed} executed, ${run.stats.cached} cached)`);
report.renderHtml(run, { reportDir });
mark('HTML');
await report.renderPdf(run, { reportDir });
mark('PDF');
await report.renderPdf(run, { reportDir });
mark('PDF again');
for (let i = 1; i < marks.length; i += 1) {
  const [name, wall, time] = marks[i];
  process.stdout.write(
    `${name.padEnd(36)} wall ${(wall - marks[i - 1][1]).toFixed(0).padStart(6)} ms   cpu ${(time - marks[i - 1][2]).toFixed(0).padStart(6)} ms\n`,
  );
}
