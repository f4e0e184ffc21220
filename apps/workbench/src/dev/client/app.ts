/**
 * Browser code of the `muster dev` notebook page: mounts the live report (in a shadow root, so the
 * report's own styles apply unchanged), makes its charts interactive with vega-embed, shows
 * per-cell status and timing, edits cells in place (Shift+Enter runs), submits parameters, shows
 * progress and cancels runs. Updates arrive over server-sent events.
 */
import embed from 'vega-embed';
import { reportStyleSheet, scrollInPageLinks } from './report-styles.ts';

interface CellStatus {
  label: string;
  kind: 'code' | 'inline';
  number: number;
  status: 'cached' | 'ran' | 'failed' | 'not-run';
  milliseconds: number;
}
interface State {
  path: string;
  title: string;
  status: string;
  html: string | null;
  cells: CellStatus[];
  sources: Record<number, string>;
  progress: { done: number; total: number } | null;
  parameters: Record<string, unknown>;
  parameterDefaults: Record<string, unknown>;
  parameterDescriptions: Record<string, string>;
  error: string | null;
  fileHash: string | null;
  version: number;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const path = document.body.dataset.path ?? '';
const host = $('report-host');
const shadow = host.attachShadow({ mode: 'open' });
let shownVersion = -1;
let shownHtml: string | null = null;
let current: State = JSON.parse($('initial-state').textContent ?? '{}');
const editing = new Map<number, string>();
/** How many times each unit (`cell 3`) has executed since the page opened. */
const runCounts = new Map<string, number>();

/** POST JSON to the server (same origin; the session cookie goes along). */
async function post(endpoint: string, body: Record<string, unknown>): Promise<Response | null> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path, ...body }),
  });
  if (response.ok) return response;
  const { error } = (await response.json().catch(() => ({ error: response.statusText }))) as {
    error: string;
  };
  showError(error);
  return null;
}

async function exportAs(format: 'html' | 'pdf'): Promise<void> {
  const status = $('export-status');
  status.hidden = false;
  try {
    const response = await post('/api/export', { format });
    if (!response) return;
    const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await response.blob());
    link.download = name?.[1] ?? `report.${format}`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  } finally {
    status.hidden = true;
  }
}

function showError(message: string | null): void {
  const banner = $('error-banner');
  banner.hidden = !message;
  banner.textContent = message ?? '';
}

function setStatus(status: string, progress: State['progress']): void {
  const badge = $('run-status');
  badge.textContent = status;
  badge.className = `status ${status.replace(' ', '-')}`;
  const bar = $<HTMLProgressElement>('run-progress');
  bar.hidden = status !== 'running';
  if (progress && progress.total > 0) {
    bar.max = progress.total;
    bar.value = progress.done;
  } else bar.removeAttribute('value');
  $('cancel-button').hidden = status !== 'running' && status !== 'queued';
  document.body.dataset.status = status;
}

const appSheet = new CSSStyleSheet();
appSheet.replaceSync(`:host{display:block;background:var(--bg);color:var(--text)}
.muster-cell-bar{display:flex;gap:.5rem;align-items:center;font:12px system-ui,sans-serif;color:#59636e;margin:.4rem 0}
:host(.plain) .muster-cell-bar, :host(.plain) .muster-editor{display:none}
.muster-cell-bar .badge{padding:0 .45rem;border-radius:1rem;border:1px solid #d1d9e0}
.muster-cell-bar .badge.failed{color:#cf222e;border-color:#cf222e}.muster-cell-bar .badge.running{color:#0b5cad;border-color:#0b5cad}
section.cell.stale > :not(.muster-cell-bar){opacity:.5;transition:opacity .2s}.muster-cell-bar .badge.ran{color:#1a7f37;border-color:#1a7f37}
.muster-cell-bar button{font:12px system-ui,sans-serif;padding:.05rem .5rem;border:1px solid #d1d9e0;border-radius:5px;background:#fff;cursor:pointer}
.muster-editor textarea{width:100%;min-height:8rem;font:13px/1.45 ui-monospace,monospace;padding:.5rem;border:1px solid #0b5cad;border-radius:6px}
.muster-editor .hint{font:12px system-ui,sans-serif;color:#59636e}
.muster-interactive svg{display:block;max-width:100%;height:auto}
figure[data-interactive] .muster-static, :host(.plain) .muster-interactive{display:none}
:host(.plain) figure[data-interactive] .muster-static{display:block}
@media (min-width: 80rem){.page > nav.toc{top:4.5rem;max-height:calc(100vh - 6rem)}}`);
scrollInPageLinks(shadow);

/**
 * Start the report on a whole pixel, as it does in its own page: text drawn at a fractional offset
 * (below a header of fractional height) is antialiased differently.
 */
function alignReport(): void {
  host.style.paddingTop = '0px';
  const top = host.getBoundingClientRect().top + window.scrollY;
  host.style.paddingTop = `${Math.ceil(top) - top}px`;
}
new ResizeObserver(alignReport).observe(document.body);

function mountReport(html: string): void {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const css = [...doc.querySelectorAll('style')].map((style) => style.textContent ?? '').join('\n');
  shadow.adoptedStyleSheets = [reportStyleSheet(css), appSheet];
  for (const node of doc.querySelectorAll('style')) node.remove();
  shadow.innerHTML = doc.body.innerHTML;
  enhanceCells();
  void enhanceCharts();
  alignReport();
}

async function enhanceCharts(): Promise<void> {
  const scripts = [...shadow.querySelectorAll<HTMLScriptElement>('script.muster-vega-lite')];
  await Promise.all(
    scripts.map(async (script) => {
      const figure = shadow.getElementById(script.dataset.chart ?? '');
      if (!figure) return;
      const spec = JSON.parse(script.textContent ?? '{}');
      const target = document.createElement('div');
      target.className = 'muster-interactive';
      const staticSvg = figure.querySelector(':scope > svg, :scope > .svg, :scope svg');
      figure.insertBefore(target, figure.firstChild);
      try {
        await embed(target, spec, { renderer: 'svg', actions: false, defaultStyle: false });
        // The static drawing stays for the report view (Hide cell controls), which shows the
        // report exactly as the static HTML does.
        staticSvg?.classList.add('muster-static');
        figure.dataset.interactive = 'true';
      } catch (error) {
        target.remove();
        console.warn('chart stayed static:', error);
      }
    }),
  );
}

function enhanceCells(): void {
  const byNumber = new Map(
    current.cells.filter((c) => c.kind === 'code').map((c) => [c.number, c]),
  );
  for (const section of shadow.querySelectorAll<HTMLElement>('section.cell')) {
    const number = Number(section.id.replace('cell-', ''));
    const status = byNumber.get(number);
    const bar = document.createElement('div');
    bar.className = 'muster-cell-bar';
    const badge = document.createElement('span');
    badge.className = 'badge';
    const edit = document.createElement('button');
    edit.type = 'button';
    edit.textContent = 'Edit';
    edit.className = 'edit-cell';
    edit.addEventListener('click', () => openEditor(section, number));
    const change = (label: string, name: string, body: Record<string, unknown>) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label;
      button.className = name;
      button.addEventListener('click', () => {
        if (body.op === 'delete' && !confirm(`Delete cell ${number} from the notebook file?`))
          return;
        if (body.op === 'insert') editing.set(number + 1, '');
        void post('/api/cells', { cell: number, hash: current.fileHash, ...body });
      });
      return button;
    };
    const runs = document.createElement('span');
    runs.className = 'runs';
    bar.append(
      `Cell ${number}`,
      badge,
      runs,
      edit,
      change('Add below', 'add-cell', { op: 'insert', source: '' }),
      change('↑', 'move-up', { op: 'move', direction: 'up' }),
      change('↓', 'move-down', { op: 'move', direction: 'down' }),
      change('Delete', 'delete-cell', { op: 'delete' }),
    );
    section.prepend(bar);
    showCellStatus(section, status ?? null);
    showRunCount(section);
    if (editing.has(number)) openEditor(section, number);
  }
}

/** A cell's badge: its status and own running time, `running…`, or stale until it is redone. */
function showCellStatus(section: HTMLElement, status: CellStatus | 'running' | null): void {
  const badge = section.querySelector<HTMLElement>('.muster-cell-bar .badge');
  if (!badge) return;
  if (status === 'running') {
    badge.className = 'badge running';
    badge.textContent = 'running…';
    section.dataset.status = 'running';
    return;
  }
  badge.className = `badge ${status?.status ?? ''}`;
  badge.textContent = status
    ? `${status.status}${status.status === 'ran' || status.status === 'failed' ? ` · ${status.milliseconds} ms` : ''}`
    : 'not run';
  section.dataset.status = status?.status ?? 'not-run';
}

/** Show how many times the cell has run since the page opened. */
function showRunCount(section: HTMLElement): void {
  const count = runCounts.get(`cell ${section.id.replace('cell-', '')}`) ?? 0;
  const label = section.querySelector<HTMLElement>('.muster-cell-bar .runs');
  section.dataset.runs = String(count);
  if (label) label.textContent = count === 1 ? 'ran once' : `ran ${count} times`;
}

/**
 * A run is planned: the outputs of the cells that will run are stale until the report is redrawn
 * with their new outputs; the other cells keep theirs.
 */
function markStale(labels: string[]): void {
  for (const label of labels) {
    const number = /^cell (\d+)$/.exec(label)?.[1];
    const section = number ? shadow.getElementById(`cell-${number}`) : null;
    if (!section) continue;
    section.classList.add('stale');
    section.dataset.stale = 'true';
  }
}

function openEditor(section: HTMLElement, number: number): void {
  if (section.querySelector('.muster-editor')) return;
  const wrapper = document.createElement('div');
  wrapper.className = 'muster-editor';
  const area = document.createElement('textarea');
  area.value = editing.get(number) ?? current.sources[number] ?? '';
  area.spellcheck = false;
  const hint = document.createElement('div');
  hint.className = 'hint';
  hint.textContent = 'Shift+Enter runs and saves the cell to the notebook file · Escape closes';
  const runCell = async () => {
    editing.delete(number);
    await post('/api/cell', {
      cell: number,
      source: area.value,
      previous: current.sources[number] ?? '',
    });
  };
  area.addEventListener('input', () => editing.set(number, area.value));
  area.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.shiftKey) {
      event.preventDefault();
      void runCell();
    } else if (event.key === 'Escape') {
      editing.delete(number);
      wrapper.remove();
    }
  });
  wrapper.append(area, hint);
  section.querySelector('.muster-cell-bar')?.after(wrapper);
  area.focus();
}

function renderParameters(state: State): void {
  const names = Object.keys(state.parameterDefaults);
  const panel = $('parameters-panel');
  panel.hidden = names.length === 0;
  const fields = $('parameters-fields');
  if (fields.dataset.names === names.join(',')) return;
  fields.dataset.names = names.join(',');
  fields.replaceChildren(
    ...names.map((name) => {
      const label = document.createElement('label');
      const input = document.createElement('input');
      input.name = name;
      const value = state.parameters[name] ?? state.parameterDefaults[name];
      input.value = value === null ? '' : String(value);
      input.type = typeof state.parameterDefaults[name] === 'number' ? 'number' : 'text';
      if (input.type === 'number') {
        // An empty or non-numeric value is refused by the form, with the browser's message,
        // before anything is sent.
        input.step = 'any';
        input.required = true;
      }
      label.append(
        state.parameterDescriptions[name] ? `${name} — ${state.parameterDescriptions[name]}` : name,
        input,
      );
      return label;
    }),
  );
}

function render(state: State): void {
  current = state;
  $('nb-title').textContent = state.title;
  document.title = `${state.title} · Muster`;
  setStatus(state.status, state.progress);
  showError(state.status === 'error' ? state.error : null);
  renderParameters(state);
  if (state.html && (state.version !== shownVersion || state.html !== shownHtml)) {
    shownVersion = state.version;
    shownHtml = state.html;
    mountReport(state.html);
    document.body.dataset.version = String(state.version);
  }
}

$('run-button').addEventListener('click', () => void post('/api/run', {}));
$('controls-toggle').addEventListener('click', () => {
  const plain = host.classList.toggle('plain');
  $('controls-toggle').textContent = plain ? 'Show cell controls' : 'Hide cell controls';
});
$('cancel-button').addEventListener('click', () => void post('/api/cancel', {}));
$('export-html').addEventListener('click', () => void exportAs('html'));
$('export-pdf').addEventListener('click', () => void exportAs('pdf'));
$('export-cancel').addEventListener('click', () => void post('/api/export/cancel', {}));
$('parameters-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(event.target as HTMLFormElement);
  void post('/api/run', { parameters: Object.fromEntries(data.entries()) });
});

render(current);
// Opening a notebook runs it (a POST: GETs never start anything).
if (current.status === 'not run') void post('/api/run', {});
const events = new EventSource(`/api/events?path=${encodeURIComponent(path)}`);
events.addEventListener('update', (event) => render(JSON.parse((event as MessageEvent).data)));
events.addEventListener('status', (event) => {
  const { status, progress } = JSON.parse((event as MessageEvent).data);
  setStatus(status, progress);
});
events.addEventListener('plan', (event) => {
  markStale((JSON.parse((event as MessageEvent).data) as { stale: string[] }).stale);
});
events.addEventListener('running', (event) => {
  const { where } = JSON.parse((event as MessageEvent).data) as { where: string };
  runCounts.set(where, (runCounts.get(where) ?? 0) + 1);
  const number = /^cell (\d+)$/.exec(where)?.[1];
  const section = number ? shadow.getElementById(`cell-${number}`) : null;
  if (section) {
    showCellStatus(section, 'running');
    showRunCount(section);
  }
});
events.addEventListener('progress', (event) => {
  const { done, total, cell } = JSON.parse((event as MessageEvent).data) as {
    done: number;
    total: number;
    cell: CellStatus;
  };
  setStatus('running', { done, total });
  const section = cell.kind === 'code' ? shadow.getElementById(`cell-${cell.number}`) : null;
  if (section) {
    showCellStatus(section, cell);
    // A cell that ran keeps its stale mark until the report is redrawn with its new output.
    if (cell.status === 'cached') {
      section.classList.remove('stale');
      delete section.dataset.stale;
    }
  }
});
