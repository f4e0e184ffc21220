import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunNotebookOptions } from '../run-notebook.ts';
import type { CellRun, DisplayItem, FileRead, Notebook, ParameterValue } from '../types.ts';
import { notRun } from './assemble-run.ts';
import type { CellCache } from './cache.ts';
import type { CellGuard } from './cell-guard.ts';
import { type Compiled, type DependencyGraph, mentions } from './dependency-graph.ts';
import { type Execution, executeUnit, isFile, type Unit, unitName } from './execute-unit.ts';
import { sha256, stableStringify } from './hash.ts';
import type { Injected, SessionState } from './session-state.ts';
import type { SqlEngine } from './sql-engine.ts';

/** Version of the cache layout and key recipe; bump to invalidate every cache. */
const CACHE_FORMAT = 1;

/** Everything fixed for one run of a notebook. */
export interface RunSetup {
  notebook: Notebook;
  baseDir: string;
  cacheDir: string | null;
  conditions: readonly string[];
  parameters: Record<string, ParameterValue>;
  seed: number;
  cache: CellCache;
  units: Unit[];
  compiled: Compiled[];
  upstream: DependencyGraph;
  environmentKey: string;
  /** The run's DuckDB database for sql cells, or null when the notebook has none. */
  sql: SqlEngine | null;
}

/** Outputs a unit can show without running: kept in the session's scope, or from the cache. */
interface Served {
  from: 'session' | 'cache';
  outputs: DisplayItem[];
  reads: FileRead[];
}

type Callbacks = Pick<RunNotebookOptions, 'onCell' | 'onUnitStart' | 'stopped'>;

/**
 * Runs a notebook's units one step at a time: a unit whose upstream failed waits (not run, naming
 * the failed unit); a unit whose key is unchanged is served from the session or the cache; any
 * other runs after the upstream units whose values the scope lacks.
 */
export class UnitRunner {
  readonly runs: CellRun[] = [];
  readonly #fullKeys: string[] = [];
  readonly #staticKeys: string[] = [];
  readonly #planned = new Map<number, { key: string; served: Served }>();
  readonly #randomUsers: number[];

  constructor(
    private readonly setup: RunSetup,
    private readonly session: SessionState,
    private readonly guard: CellGuard,
    private readonly callbacks: Callbacks,
  ) {
    this.#randomUsers = setup.units
      .map((_, index) => index)
      .filter((index) => mentions(setup.compiled[index], 'random'));
  }

  /** True when a unit failed. */
  get failed(): boolean {
    return this.runs.some((run) => run.status === 'error');
  }

  /** The cache keys this run used (the session keeps only these). */
  get keys(): Set<string> {
    return new Set(this.#staticKeys.filter((key) => key !== ''));
  }

  /**
   * Decide, before anything runs, which units can be served and which will run: a unit runs when
   * it has no stored outputs under its key or an upstream unit runs. Returns the units that will
   * run (ascending): their outputs shown so far are stale.
   */
  plan(): number[] {
    const { units, compiled, upstream } = this.setup;
    const fullKeys: string[] = [];
    const stale: number[] = [];
    const dirty = new Set<number>();
    for (let index = 0; index < units.length; index += 1) {
      const key = compiled[index].ok ? this.#keyOf(index, fullKeys) : '';
      const served =
        upstream.direct[index].some((j) => dirty.has(j)) || key === '' ? null : this.#lookup(key);
      if (served === null) {
        dirty.add(index);
        stale.push(index);
        fullKeys.push('');
        continue;
      }
      this.#planned.set(index, { key, served });
      fullKeys.push(fullKeyOf(key, served.reads));
    }
    return stale;
  }

  /** Run or serve unit `index` (units are stepped in document order). */
  async step(index: number): Promise<void> {
    const unit = this.setup.units[index];
    const blocker = this.#blocker(index);
    if (blocker !== null) return this.#skip(index, blocker);
    const stopped = this.callbacks.stopped?.[index];
    if (stopped) {
      this.#staticKeys[index] = '';
      this.#fail(index, [stopped], []);
      return;
    }
    const planned = this.#planned.get(index);
    const key = planned?.key ?? (this.setup.compiled[index].ok ? this.#keyOf(index) : '');
    this.#staticKeys[index] = key;
    const served = planned?.served ?? (key === '' ? null : this.#lookup(key));
    if (served) {
      this.#fullKeys[index] = fullKeyOf(key, served.reads);
      this.#finish(index, {
        ...this.#base(unit, index),
        status: 'ok',
        cached: true,
        executed: false,
        outputs: served.outputs,
        reads: served.reads,
        key: this.#fullKeys[index],
      });
      return;
    }
    const failedUpstream = await this.#runUpstream(index);
    if (failedUpstream !== null) return this.#skip(index, failedUpstream);
    await this.#runOwn(index, key);
  }

  #base(unit: Unit, index: number) {
    return {
      kind: unit.kind,
      number: unit.number,
      line: unit.line,
      dependsOn: this.setup.upstream.direct[index].map((j) => this.setup.units[j].id),
    };
  }

  #finish(index: number, run: CellRun): void {
    this.runs[index] = run;
    this.callbacks.onCell?.(run);
  }

  /** The first failed unit upstream of `index`, or null. */
  #blocker(index: number): string | null {
    for (const j of this.setup.upstream.closure(index)) {
      if (this.runs[j]?.status === 'error') return this.setup.units[j].id;
    }
    return null;
  }

  #skip(index: number, blocker: string): void {
    const unit = this.setup.units[index];
    this.#staticKeys[index] = '';
    this.#fullKeys[index] = '';
    this.#finish(index, { ...notRun(unit, this.#base(unit, index).dependsOn), waitsOn: blocker });
  }

  /** The key of a unit from its source and its upstream units' keys (the reads come after). */
  #keyOf(index: number, fullKeys: string[] = this.#fullKeys): string {
    const { units, compiled, upstream, notebook, parameters, seed, environmentKey } = this.setup;
    const unit = units[index];
    return sha256(
      stableStringify({
        format: CACHE_FORMAT,
        environment: environmentKey,
        kind: unit.kind,
        // sql cells only, so that the keys of ts cells stay as they were
        ...(unit.sql === null ? {} : { language: 'sql' }),
        source: unit.source,
        // Parameters enter the key of the cells that mention `params`; cells downstream of
        // those get them through their upstream keys.
        parameters: mentions(compiled[index], 'params') ? parameters : null,
        seed,
        rows: notebook.frontMatter.rows,
        upstream: upstream.direct[index].map((j) => fullKeys[j]),
      }),
    );
  }

  #lookup(key: string): Served | null {
    const live = this.session.live.get(key);
    if (live && readsUnchanged(this.setup.baseDir, live.reads))
      return { from: 'session', outputs: live.outputs, reads: live.reads };
    const entry = this.setup.cache.getCell(key);
    if (entry && readsUnchanged(this.setup.baseDir, entry.reads))
      return { from: 'cache', outputs: entry.outputs, reads: entry.reads };
    return null;
  }

  /** True when the scope holds unit j's values for its current key. */
  #hasValues(j: number): boolean {
    return this.session.live.get(this.#staticKeys[j])?.fullKey === this.#fullKeys[j];
  }

  /** Run the upstream units whose values the scope lacks; returns the id of one that failed. */
  async #runUpstream(index: number): Promise<string | null> {
    for (const j of this.setup.upstream.closure(index)) {
      if (this.#hasValues(j)) continue;
      const result = await this.#execute(j);
      this.runs[j] = {
        ...this.runs[j],
        outputs: result.outputs,
        executed: true,
        status: result.failed ? 'error' : 'ok',
      };
      if (result.failed) return this.setup.units[j].id;
      this.#keep(j, result);
    }
    return null;
  }

  async #runOwn(index: number, key: string): Promise<void> {
    const unit = this.setup.units[index];
    const result = await this.#execute(index);
    if (result.failed) {
      this.#fail(index, result.outputs, result.reads);
      return;
    }
    this.setup.cache.setCell(key, { format: 1, outputs: result.outputs, reads: result.reads });
    this.#fullKeys[index] = fullKeyOf(key, result.reads);
    this.#keep(index, result);
    this.#finish(index, {
      ...this.#base(unit, index),
      status: 'ok',
      cached: false,
      executed: true,
      outputs: result.outputs,
      reads: result.reads,
      key: this.#fullKeys[index],
    });
  }

  /** Finish unit `index` as failed where it ran: its error among the outputs, nothing cached. */
  #fail(index: number, outputs: DisplayItem[], reads: FileRead[]): void {
    this.#fullKeys[index] = '';
    this.#finish(index, {
      ...this.#base(this.setup.units[index], index),
      status: 'error',
      cached: false,
      executed: true,
      outputs,
      reads,
      key: '',
    });
  }

  #keep(index: number, result: Execution): void {
    const item = this.setup.compiled[index];
    this.session.keep(this.#staticKeys[index], {
      fullKey: this.#fullKeys[index],
      outputs: result.outputs,
      reads: result.reads,
      declared: item.ok ? item.cell.declared : [],
    });
  }

  async #execute(index: number): Promise<Execution> {
    const { units, compiled, notebook, seed, baseDir, cacheDir, conditions } = this.setup;
    const unit = units[index];
    const item = compiled[index];
    if (!item.ok) return { outputs: [item.error], reads: [], failed: true };
    const injected = await this.#inject();
    if (mentions(item, 'random')) await this.#alignRandom(index);
    this.session.forget(item.cell.declared);
    const timeout = unit.timeout ?? notebook.frontMatter.timeout;
    this.callbacks.onUnitStart?.({ index, where: unitName(unit), timeout });
    const result = await executeUnit(unit, item.cell, {
      scope: this.session.scope,
      baseDir,
      cacheDir,
      conditions,
      injected,
      randomKey: `${seed}\0${unit.kind}\0${unit.source}`,
      rows: notebook.frontMatter.rows,
      timeout,
      guard: this.guard,
      sql: this.setup.sql,
    });
    if (mentions(item, 'random')) this.session.randomHistory.push(this.#staticKeys[index]);
    return result;
  }

  /**
   * Before unit `index` draws from `random`, the stream must be where a full run leaves it: drawn
   * by exactly the earlier units that use it. In a session that kept other draws, start the stream
   * again and replay those units.
   */
  async #alignRandom(index: number): Promise<void> {
    const earlier = this.#randomUsers.filter((k) => k < index);
    const expected = earlier.map((k) => this.#staticKeys[k]);
    const history = this.session.randomHistory;
    if (history.length === expected.length && history.every((key, i) => key === expected[i]))
      return;
    this.session.resetRandom();
    for (const k of earlier) {
      const result = await this.#execute(k);
      this.runs[k] = { ...this.runs[k], executed: true };
      if (!result.failed) this.#keep(k, result);
    }
  }

  /** What cells see, made when the first unit runs (a run served from the cache loads nothing). */
  async #inject(): Promise<Injected> {
    const { seed, parameters, compiled } = this.setup;
    const needsArquero = compiled.some((item) => mentions(item, 'loadCsv'));
    const kept = this.session.injected;
    if (kept !== null) {
      if (kept.arquero === null && needsArquero) {
        kept.arquero = await import('arquero');
        kept.readCsv = (await import('@muster/formula')).readCsv;
      }
      return kept;
    }
    const core = (await import('@muster/core')) as unknown as {
      createRandom?: (seed: number) => unknown;
    };
    const createRandom =
      typeof core.createRandom === 'function' ? core.createRandom : () => undefined;
    this.session.createRandom = () => createRandom(seed);
    this.session.injected = {
      params: Object.freeze({ ...parameters }),
      seed,
      random: createRandom(seed),
      arquero: needsArquero ? await import('arquero') : null,
      readCsv: needsArquero ? (await import('@muster/formula')).readCsv : null,
    };
    return this.session.injected;
  }
}

function fullKeyOf(key: string, reads: FileRead[]): string {
  return sha256(`${key}\0${stableStringify(reads)}`);
}

function readsUnchanged(baseDir: string, reads: FileRead[]): boolean {
  for (const read of reads) {
    const absolute = resolve(baseDir, read.path);
    if (!isFile(absolute) || sha256(readFileSync(absolute)) !== read.sha256) return false;
  }
  return true;
}
