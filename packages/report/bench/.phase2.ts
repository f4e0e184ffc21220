const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const marks: [string, number, number][] = [];
const mark = (name: string) => marks.push([name, performance.now(), cpu()]);
mark('start');
const report = await import('@muster/report');
mark('import');
const { readFileSync } = await import('node:fs');
const nbPath = '/work/main/notebooks/demo.md';
const nb = report.parseNotebook(readFileSync(nbPath), { path: nbPath });
mark('parse');
const run = await report.runNotebook(nb, {
  cacheDir: process.env.CACHE ?? '/tmp/demo/.muster-cache',
});
mark('run');
report.renderHtml(run, { reportDir: '/tmp/demo' });
mark('html');
await report.renderPdf(run, { reportDir: '/tmp/demo' });
mark('pdf');
await report.renderPdf(run, { reportDir: '/tmp/demo' });
mark('pdf again');
for (let i = 1; i < marks.length; i++)
  console.log(
    marks[i][0].padEnd(10),
    'wall',
    (marks[i][1] - marks[i - 1][1]).toFixed(0).padStart(6),
    'cpu',
    (marks[i][2] - marks[i - 1][2]).toFixed(0).padStart(6),
  );
console.log('before start: wall', marks[0][1].toFixed(0), 'cpu', marks[0][2].toFixed(0), run.stats);
