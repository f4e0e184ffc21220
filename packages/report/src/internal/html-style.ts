/** The report's stylesheet: system fonts only (nothing to download), print-friendly. */
export const REPORT_CSS = `
:root {
  --text: #1d1f21; --muted: #5c6166; --rule: #d9dcdf; --soft: #f5f6f7; --accent: #24527a;
  --ok: #2e7d32; --warn: #b3261e; --info: #5c6166;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif;
  --serif: "Iowan Old Style", "Palatino Linotype", Palatino, "Book Antiqua", Georgia, "DejaVu Serif", serif;
  color-scheme: light dark;
  --bg: #fff; --error-bg: #fdf3f2;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--text); background: var(--bg); font: 17px/1.6 var(--serif); }
.page { max-width: 50rem; margin: 0 auto; padding: 2.5rem 1.5rem 4rem; }
h1, h2, h3, h4, h5, h6, .title-block, nav.toc, figcaption, table, .fit-title, .diagnostics, dl, summary, .error { font-family: var(--sans); }
h1, h2, h3, h4 { line-height: 1.25; margin: 2.2rem 0 0.8rem; font-weight: 650; }
h1 { font-size: 1.7rem; } h2 { font-size: 1.35rem; } h3 { font-size: 1.15rem; } h4 { font-size: 1rem; }
p, ul, ol, blockquote { margin: 0 0 1rem; }
a { color: var(--accent); }
blockquote { border-left: 3px solid var(--rule); margin-left: 0; padding-left: 1rem; color: var(--muted); }
code, pre { font-family: var(--mono); font-size: 0.84em; }
:not(pre) > code { background: var(--soft); padding: 0.1em 0.3em; border-radius: 3px; }
pre { background: var(--soft); padding: 0.8rem 1rem; overflow-x: auto; line-height: 1.45; border-radius: 4px; margin: 0 0 1rem; }
hr { border: 0; border-top: 1px solid var(--rule); margin: 2rem 0; }
.title-block { border-bottom: 1px solid var(--rule); padding-bottom: 1.2rem; margin-bottom: 1.5rem; }
.title-block h1.title { font-size: 2.1rem; margin: 0 0 0.4rem; }
.title-block p { margin: 0.1rem 0; color: var(--muted); }
.title-block .parameters { margin-top: 0.6rem; font-size: 0.9rem; }
.title-block .parameters code { font-size: 0.9em; }
nav.toc { font-size: 0.92rem; background: var(--soft); padding: 0.8rem 1.2rem; border-radius: 4px; margin-bottom: 2rem; }
nav.toc h2 { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin: 0 0 0.4rem; }
nav.toc ol { list-style: none; padding-left: 0; margin: 0; }
nav.toc ol ol { padding-left: 1.1rem; }
nav.toc a { text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
section.cell { margin: 1.2rem 0 1.6rem; }
details.code > summary { cursor: pointer; color: var(--muted); font-size: 0.85rem; margin-bottom: 0.4rem; }
.code pre { border-left: 3px solid var(--rule); }
.k { color: #7a3e9d; } .s { color: #2e6b30; } .n { color: #9a5b00; } .c { color: #6a737d; font-style: italic; }
.outputs > * + * { margin-top: 1rem; }
pre.value { background: var(--bg); border: 1px solid var(--rule); }
table { border-collapse: collapse; font-size: 0.86rem; font-variant-numeric: tabular-nums; margin: 0 0 0.4rem; }
th, td { padding: 0.28rem 0.7rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
thead th { border-bottom: 1.5px solid var(--text); font-weight: 600; }
td.r, th.r { text-align: right; } td.r { white-space: nowrap; }
td .frac { display: inline-block; text-align: left; } td.l, th.l { text-align: left; }
.table-wrap { overflow-x: auto; }
table.regression th, table.regression td { border-bottom: none; padding: 0.05rem 0.8rem; white-space: nowrap; }
table.regression td, table.regression thead th:not(.l) { text-align: center; }
table.regression tbody th { font-weight: 400; }
table.regression tr.estimate > * { padding-top: 0.3rem; }
table.regression tr.uncertainty td { color: var(--muted); }
table.regression tbody + tbody { border-top: 1px solid var(--rule); }
table.regression tbody + tbody tr:first-child > * { padding-top: 0.3rem; }
table.regression { border-top: 1.5px solid var(--text); border-bottom: 1.5px solid var(--text); }
table.regression thead th { border-bottom: 1px solid var(--text); padding-top: 0.3rem; padding-bottom: 0.3rem; }
table.regression th.l { position: sticky; left: 0; background: var(--bg); }
@media (max-width: 40rem) { table.regression th, table.regression td { padding-left: 0.4rem; padding-right: 0.4rem; } }
.caption, .note { font-family: var(--sans); font-size: 0.82rem; color: var(--muted); margin: 0.2rem 0; }
.fit { border: 1px solid var(--rule); border-radius: 4px; padding: 0.9rem 1.1rem; }
.fit-title { font-weight: 650; margin: 0 0 0.3rem; }
.fit .formula { margin: 0 0 0.7rem; }
.fit-panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 0.4rem 1.6rem; margin-top: 0.8rem; }
.fit h5 { font-family: var(--sans); font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin: 0.4rem 0 0.3rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.9rem; margin: 0; font-size: 0.86rem; }
dt { color: var(--muted); } dd { margin: 0; font-variant-numeric: tabular-nums; }
ul.diagnostics { list-style: none; padding: 0; margin: 0; font-size: 0.86rem; }
ul.diagnostics li { padding-left: 1.1rem; position: relative; margin: 0.1rem 0; }
ul.diagnostics li::before { content: ""; position: absolute; left: 0.15rem; top: 0.5em; width: 0.5rem; height: 0.5rem; border-radius: 50%; background: var(--info); }
ul.diagnostics li.ok::before { background: var(--ok); }
ul.diagnostics li.warn::before { background: var(--warn); }
ul.diagnostics li.warn { color: var(--warn); }
ul.diagnostics .label { font-weight: 600; color: var(--text); }
figure.chart { margin: 0; overflow-x: auto; }
figure.chart svg { max-width: 100%; min-width: var(--chart-min, 0); height: auto; display: block; }
figure.chart figcaption { font-size: 0.85rem; color: var(--muted); margin-top: 0.3rem; }
.error { border: 1px solid var(--warn); border-left-width: 4px; background: var(--error-bg); padding: 0.7rem 1rem; border-radius: 4px; font-size: 0.92rem; }
.error p { margin: 0 0 0.4rem; }
.error pre { background: var(--bg); margin: 0; }
.not-run, .image-omitted { color: var(--muted); font-style: italic; font-family: var(--sans); font-size: 0.9rem; }
.inline-error { color: var(--warn); font-family: var(--sans); }
math { font-size: 1.08em; font-family: "Latin Modern Math", "STIX Two Math", "Cambria Math", math; }
figure.captioned.figure > figure.chart svg { margin: 0 auto; }
.equation { display: flex; align-items: center; gap: 1rem; margin: 0.4rem 0 1rem; overflow-x: auto; overflow-y: hidden; }
.equation > math { flex: 1; }
.equation-number { font-family: var(--sans); color: var(--muted); font-size: 0.9rem; }
figure.captioned { margin: 0 0 0.6rem; }
figure.captioned > figcaption { font-family: var(--sans); font-size: 0.85rem; color: var(--muted); margin: 0.35rem 0; }
figure.captioned.figure > figcaption { text-align: center; }
.caption-number { font-weight: 600; color: var(--text); }
.callout { border: 1px solid var(--callout, var(--accent)); border-left-width: 4px; border-radius: 4px; padding: 0.7rem 1rem 0.1rem; margin: 0 0 1rem; }
.callout-title { font-family: var(--sans); font-weight: 650; color: var(--callout, var(--accent)); margin: 0 0 0.4rem; }
.callout-note { --callout: #24527a; } .callout-tip { --callout: #2e7d32; } .callout-important { --callout: #6a3d9a; }
.callout-warning { --callout: #9a5b00; } .callout-caution { --callout: #b3261e; }
img.prose-image { max-width: 100%; height: auto; }
.xref.unresolved, .citation.unresolved, .footnote-ref.unresolved { color: var(--warn); font-family: var(--sans); }
a.citation, a.xref { text-decoration: none; }
sup.footnote-ref a { text-decoration: none; }
section.footnotes, section.references { margin-top: 2.5rem; border-top: 1px solid var(--rule); font-size: 0.92rem; }
section.footnotes h2, section.references h2 { font-size: 1.1rem; }
.csl-entry { padding-left: 1.5em; text-indent: -1.5em; margin: 0 0 0.5rem; overflow-wrap: anywhere; }
a.footnote-back { text-decoration: none; }
footer.provenance { margin-top: 3rem; border-top: 1px solid var(--rule); padding-top: 1rem; font-family: var(--sans); font-size: 0.82rem; color: var(--muted); }
footer.provenance summary { cursor: pointer; }
footer.provenance code { font-size: 0.95em; word-break: break-all; }
footer.provenance table { font-size: 0.8rem; }
h1 > a.anchor, h2 > a.anchor, h3 > a.anchor, h4 > a.anchor, h5 > a.anchor, h6 > a.anchor { margin-left: 0.4rem; color: var(--rule); text-decoration: none; font-weight: 400; visibility: hidden; }
h1:hover > a.anchor, h2:hover > a.anchor, h3:hover > a.anchor, h4:hover > a.anchor, a.anchor:focus { visibility: visible; }
h1[id], h2[id], h3[id], h4[id], .equation[id], figure[id], li[id], .csl-entry[id] { scroll-margin-top: 1rem; }
@media (min-width: 80rem) {
  .page { max-width: 76rem; display: grid; grid-template-columns: 15rem minmax(0, 50rem); column-gap: 3.5rem; justify-content: center; }
  .page > .title-block, .page > main, .page > footer { grid-column: 2; }
  .page > nav.toc { grid-column: 1; grid-row: 1 / span 3; position: sticky; top: 1.5rem; align-self: start; max-height: calc(100vh - 3rem); overflow-y: auto; background: none; padding: 0.2rem 0 0; margin: 0; }
  nav.toc li { margin: 0.25rem 0; line-height: 1.35; }
}
@media (prefers-color-scheme: dark) {
  :root { --text: #e2e4e7; --muted: #a2a9b1; --rule: #3b4148; --soft: #1e2227; --accent: #8dbbe6; --bg: #131619; --error-bg: #3a1d1b; --ok: #6fbf73; --warn: #f08078; }
  .k { color: #c99ce6; } .s { color: #8fcf8c; } .n { color: #e8b163; } .c { color: #8b949e; }
  figure.chart svg, img.prose-image { background: #fff; border-radius: 3px; }
  .callout-note { --callout: #8dbbe6; } .callout-tip { --callout: #6fbf73; } .callout-important { --callout: #c3a2e8; }
  .callout-warning { --callout: #e8b163; } .callout-caution { --callout: #f08078; }
}
@media print {
  body { font-size: 11pt; }
  nav.toc, details.code { display: none; }
  section.cell, figure.chart, .fit, table { break-inside: avoid; }
}
`.trim();
