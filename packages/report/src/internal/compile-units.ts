import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CellCache } from './cache.ts';
import { compileCell } from './compile-cell.ts';
import { type Compiled, declaredInSource } from './dependency-graph.ts';
import { reportDir, reportVersion } from './environment.ts';
import { errorAt, type Unit } from './execute-unit.ts';
import { sha256, stableStringify } from './hash.ts';
import { sqlCellProgram } from './sql-text.ts';

/** Names every cell sees; cells cannot declare them. */
export const INJECTED = [
  'display',
  'params',
  'seed',
  'random',
  'readFile',
  'loadCsv',
  'loadParquet',
];

/**
 * Compile every unit (compiled code is cached by source, so a cached run never loads esbuild).
 * With `onlyCached`, returns null instead of compiling a unit the cache lacks.
 */
export async function compileUnits(units: Unit[], cache: CellCache): Promise<Compiled[]>;
export async function compileUnits(
  units: Unit[],
  cache: CellCache,
  onlyCached: true,
): Promise<Compiled[] | null>;
export async function compileUnits(
  units: Unit[],
  cache: CellCache,
  onlyCached = false,
): Promise<Compiled[] | null> {
  const compilerKey = sha256(
    stableStringify({ report: reportVersion(), esbuild: esbuildVersion() }),
  );
  const compiled: Compiled[] = [];
  for (const unit of units) {
    // A sql cell runs as the TypeScript that calls the run's database with its query.
    const source =
      unit.sql === null
        ? unit.source
        : sqlCellProgram(unit.source, unit.sql.optionLines, unit.sql.name);
    const key = sha256(`${compilerKey}\0${unit.kind}\0${source}`);
    const hit = cache.getCompiled(key);
    if (hit) {
      compiled.push({ ok: true, cell: hit });
      continue;
    }
    if (onlyCached) return null;
    const outcome = await compileCell(source, unit.kind);
    const reserved = outcome.ok
      ? outcome.cell.declared.filter((name) => INJECTED.includes(name))
      : [];
    if (outcome.ok && reserved.length > 0) {
      const message = `cells cannot declare ${reserved[0]}: Muster provides it (reserved: ${INJECTED.join(', ')})`;
      const word = new RegExp(`\\b${reserved[0]}\\b`);
      const line = unit.source.split('\n').findIndex((text) => word.test(text));
      compiled.push({
        ok: false,
        error: errorAt(unit, 'SyntaxError', message, line === -1 ? null : line + 1),
        declared: outcome.cell.declared.filter((name) => !INJECTED.includes(name)),
      });
    } else if (outcome.ok) {
      cache.setCompiled(key, outcome.cell);
      compiled.push({ ok: true, cell: outcome.cell });
    } else {
      compiled.push({
        ok: false,
        error: errorAt(unit, outcome.name, outcome.message, outcome.line),
        declared: declaredInSource(unit.source),
      });
    }
  }
  return compiled;
}

function esbuildVersion(): string {
  for (let dir = reportDir; ; dir = dirname(dir)) {
    const path = resolve(dir, 'node_modules', 'esbuild', 'package.json');
    if (existsSync(path))
      return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
    if (dirname(dir) === dir) return 'unknown';
  }
}
