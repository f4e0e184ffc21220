import type { DisplayItem, FileRead, ParameterValue } from '../types.ts';
import { INJECTED } from './compile-units.ts';

/** What cells see besides the notebook's own names. */
export interface Injected {
  params: Readonly<Record<string, ParameterValue>>;
  seed: number;
  random: unknown;
  arquero: typeof import('arquero') | null;
  /** The project's CSV reader (@muster/formula's readCsv), loaded with arquero for loadCsv. */
  readCsv: typeof import('@muster/formula').readCsv | null;
}

/** A unit whose values the scope holds, with what it showed. */
export interface LiveUnit {
  /** The unit's key including the files it read (`CellRun.key`). */
  fullKey: string;
  outputs: DisplayItem[];
  reads: FileRead[];
  /** Names the unit declares: running another unit that declares one of them replaces it. */
  declared: readonly string[];
}

/**
 * The state a {@link RunSession} keeps between runs of one notebook: the scope, the units whose
 * values it holds (by cache key) and the notebook's random stream with the units that drew from it.
 */
export class SessionState {
  /** Hash of what every value depends on (notebook, parameters, seed, versions, rows). */
  context: string | null = null;
  scope: Record<string, unknown> = Object.create(null);
  injected: Injected | null = null;
  /** Makes a fresh `random` stream (set once the generator is loaded). */
  createRandom: (() => unknown) | null = null;
  live = new Map<string, LiveUnit>();
  /** Cache keys of the units that drew from the current `random` stream, in order. */
  randomHistory: string[] = [];

  /**
   * Start a run under `context`: a new context empties the scope; else names that no unit declares
   * any more (a deleted cell's) leave the scope.
   */
  begin(context: string, declared: ReadonlySet<string>): void {
    if (context !== this.context) {
      this.context = context;
      this.scope = Object.create(null);
      this.injected = null;
      this.createRandom = null;
      this.live.clear();
      this.randomHistory = [];
      return;
    }
    for (const name of Object.keys(this.scope)) {
      if (!declared.has(name) && !INJECTED.includes(name)) delete this.scope[name];
    }
  }

  /** A unit is about to run and will assign `declared`: units that set those names are no longer live. */
  forget(declared: readonly string[]): void {
    if (declared.length === 0) return;
    const names = new Set(declared);
    for (const [key, unit] of this.live) {
      if (unit.declared.some((name) => names.has(name))) this.live.delete(key);
    }
  }

  keep(key: string, unit: LiveUnit): void {
    this.live.set(key, unit);
  }

  /** Start the `random` stream again from the seed (every unit that drew from it is replayed). */
  resetRandom(): void {
    this.randomHistory = [];
    if (this.injected && this.createRandom) this.injected.random = this.createRandom();
  }

  /** After a run: drop units that are no longer part of the notebook. */
  retain(keys: ReadonlySet<string>): void {
    for (const key of this.live.keys()) if (!keys.has(key)) this.live.delete(key);
  }
}
