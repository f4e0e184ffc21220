/**
 * One render of a notebook in a fresh process, timed from inside: how long importing
 * @muster/report took, how long renderNotebook took (HTML and PDF), and the time since the
 * process started, in wall-clock and CPU milliseconds. Prints one JSON line. Used by
 * render.bench.ts.
 *
 *   node --conditions=@muster/source --import tsx bench/render-once.ts NOTEBOOK OUT_DIR
 */
const [notebook, outDir] = process.argv.slice(2);
const cpu = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const started = performance.now();
const { renderNotebook } = await import('@muster/report');
const imported = performance.now();
const importedCpu = cpu();
const result = await renderNotebook(notebook, { outDir, formats: ['html', 'pdf'] });
const rendered = performance.now();
const renderedCpu = cpu();
if (result.failed) throw new Error('the notebook failed');
process.stdout.write(
  `${JSON.stringify({
    import: imported - started,
    render: rendered - imported,
    sinceStart: rendered,
    renderCpu: renderedCpu - importedCpu,
    cpuSinceStart: renderedCpu,
    executed: result.run.stats.executed,
    cached: result.run.stats.cached,
  })}\n`,
);
