import type { ErrorDisplay } from '../types.ts';
import type { CompiledCell } from './compile-cell.ts';

/**
 * A unit after compilation: its compiled cell, or its error. A unit that does not compile still
 * names what it would declare (read from its source), so the cells that need those names wait on
 * it rather than fail with a ReferenceError.
 */
export type Compiled =
  | { ok: true; cell: CompiledCell }
  | { ok: false; error: ErrorDisplay; declared: string[] };

/** Injected state shared across cells: a cell using it depends on earlier cells using it. */
export const SHARED_STATE = ['random'];

/** Direct upstream units of each unit, and the transitive closure. */
export interface DependencyGraph {
  /** `direct[i]`: the units i reads from directly, ascending. */
  direct: number[][];
  /** Every unit upstream of `index`, directly or not, ascending. */
  closure(index: number): number[];
}

/**
 * Direct upstream cells and their transitive closure. j < i is upstream of i when j declares a
 * name i mentions, or when both mention a name of the notebook's scope (declared at or before j,
 * or shared injected state such as `random`): j may have changed what i reads. Identifiers are
 * collected without scope analysis, so the relation over-approximates (a local variable that
 * shares a notebook name adds an edge); it never misses a use by name.
 */
export function dependencyGraph(compiled: Compiled[]): DependencyGraph {
  const declared = compiled.map((item) => new Set(item.ok ? item.cell.declared : item.declared));
  const mentioned = compiled.map((item) => new Set(item.ok ? item.cell.references : []));
  const direct: number[][] = [];
  const known = new Set<string>(SHARED_STATE);
  const knownAt: Set<string>[] = [];
  for (let j = 0; j < compiled.length; j += 1) {
    for (const name of declared[j]) known.add(name);
    knownAt.push(new Set(known));
  }
  for (let i = 0; i < compiled.length; i += 1) {
    const edges: number[] = [];
    for (let j = 0; j < i; j += 1) {
      for (const name of mentioned[i]) {
        if (declared[j].has(name) || (mentioned[j].has(name) && knownAt[j].has(name))) {
          edges.push(j);
          break;
        }
      }
    }
    direct.push(edges);
  }
  const closures = new Map<number, number[]>();
  const closure = (index: number): number[] => {
    const known = closures.get(index);
    if (known) return known;
    const seen = new Set<number>();
    const stack = [...direct[index]];
    while (stack.length > 0) {
      const j = stack.pop()!;
      if (seen.has(j)) continue;
      seen.add(j);
      stack.push(...direct[j]);
    }
    const sorted = [...seen].sort((a, b) => a - b);
    closures.set(index, sorted);
    return sorted;
  };
  return { direct, closure };
}

/** True when the unit compiled and mentions `name`. */
export function mentions(item: Compiled, name: string): boolean {
  return item.ok && item.cell.references.includes(name);
}

/** Names a source that does not compile would declare at its top level (a lexical guess). */
export function declaredInSource(source: string): string[] {
  const names = new Set<string>();
  const pattern =
    /^(?:export\s+)?(?:async\s+)?(?:const|let|var|function\*?|class)\s+([A-Za-z_$][\w$]*)/gm;
  for (const match of source.matchAll(pattern)) names.add(match[1]);
  return [...names].sort();
}
