import type { NotebookState } from './server.ts';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const style = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --accent: #0b5cad; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #f6f8fa; }
header.app { position: sticky; top: 0; z-index: 10; display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; padding: .6rem 1.2rem; background: #fff; border-bottom: 1px solid var(--line); }
header.app a.home { font-weight: 600; color: var(--ink); text-decoration: none; }
header.app .title { font-weight: 600; }
.status { font-size: .8rem; padding: .1rem .5rem; border-radius: 1rem; border: 1px solid var(--line); }
.status.ok { color: var(--ok); border-color: var(--ok); } .status.failed, .status.error { color: var(--bad); border-color: var(--bad); }
.status.running { color: var(--accent); border-color: var(--accent); } .status.cancelled { color: var(--warn); border-color: var(--warn); }
button, .button { font: inherit; font-size: .85rem; padding: .25rem .7rem; border: 1px solid var(--line); border-radius: 6px; background: #fff; color: var(--ink); cursor: pointer; text-decoration: none; }
button:hover, .button:hover { border-color: var(--accent); }
progress { width: 10rem; }
main { max-width: 980px; margin: 1.5rem auto; padding: 0 1.2rem; }
table.notebooks { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
table.notebooks th, table.notebooks td { text-align: left; padding: .5rem .8rem; border-bottom: 1px solid var(--line); }
aside.panel { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .8rem 1rem; margin-bottom: 1rem; }
aside.panel form { display: flex; flex-wrap: wrap; gap: .6rem 1.2rem; align-items: end; }
aside.panel label { display: flex; flex-direction: column; font-size: .8rem; color: var(--muted); }
aside.panel input { font: inherit; padding: .2rem .4rem; border: 1px solid var(--line); border-radius: 4px; }
.error-banner { color: var(--bad); white-space: pre-wrap; }
main.notebook { max-width: none; margin: 0; padding: 0; }
main.notebook > aside.panel, main.notebook > .error-banner { max-width: 980px; margin: 1rem auto; }
html { scroll-padding-top: 3.5rem; }
`;

/** The index page: every notebook with its title, last run status and time. */
export function indexPage(root: string, notebooks: NotebookState[]): string {
  const rows = notebooks
    .map(
      (nb) =>
        `<tr data-path="${escapeHtml(nb.path)}"><td><a href="/notebook/${encodeURI(nb.path)}">${escapeHtml(nb.title)}</a></td><td><code>${escapeHtml(nb.path)}</code></td>` +
        `<td><span class="status ${nb.status.replace(' ', '-')}">${escapeHtml(nb.status)}</span></td>` +
        `<td>${nb.lastRun ? `<time datetime="${nb.lastRun}">${escapeHtml(nb.lastRun.replace('T', ' ').slice(0, 19))} UTC</time>` : '—'}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>Muster notebooks</title><style>${style}</style></head>
<body><header class="app"><a class="home" href="/">Muster</a><span class="muted">${escapeHtml(root)}</span></header>
<main><h1>Notebooks</h1>
<table class="notebooks"><thead><tr><th>Title</th><th>File</th><th>Last run</th><th>Finished</th></tr></thead>
<tbody>${rows || '<tr><td colspan="4">No notebooks (Markdown files with front matter) in this folder.</td></tr>'}</tbody></table>
</main></body></html>
`;
}

/** The page of one notebook: the app's controls around the live report. */
export function notebookPage(state: NotebookState): string {
  const initial = JSON.stringify(state).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>${escapeHtml(state.title)} · Muster</title><style>${style}</style></head>
<body data-path="${escapeHtml(state.path)}">
<header class="app">
  <a class="home" href="/">Muster</a>
  <span class="title" id="nb-title">${escapeHtml(state.title)}</span>
  <span class="status" id="run-status">${escapeHtml(state.status)}</span>
  <progress id="run-progress" hidden></progress>
  <button id="run-button" type="button">Run all</button>
  <button id="cancel-button" type="button" hidden>Cancel</button>
  <button id="controls-toggle" type="button">Hide cell controls</button>
  <button id="export-html" type="button" data-format="html">Export HTML</button>
  <button id="export-pdf" type="button" data-format="pdf">Export PDF</button>
  <span id="export-status" hidden>Exporting… <button id="export-cancel" type="button">Cancel export</button></span>
</header>
<main class="notebook">
  <aside class="panel" id="parameters-panel" hidden><form id="parameters-form"><strong>Parameters</strong><span id="parameters-fields"></span><button type="submit">Run with these values</button></form></aside>
  <div class="error-banner" id="error-banner" hidden></div>
  <div id="report-host"></div>
</main>
<script type="application/json" id="initial-state">${initial}</script>
<script src="/assets/app.js"></script>
</body></html>
`;
}
