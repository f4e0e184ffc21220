import type {
  CellRun,
  FileRead,
  Notebook,
  NotebookRun,
  ParameterValue,
  VersionTable,
} from '../types.ts';
import type { Unit } from './execute-unit.ts';

/** What a run knows before any cell runs. */
export interface RunOutline {
  notebook: Notebook;
  parameters: Record<string, ParameterValue>;
  declaredInputs: FileRead[];
  versions: VersionTable;
}

/** A unit that did not run (an earlier one failed, or the run stopped). */
export function notRun(unit: Pick<Unit, 'kind' | 'number' | 'line'>, dependsOn: string[]): CellRun {
  return {
    kind: unit.kind,
    number: unit.number,
    line: unit.line,
    dependsOn,
    status: 'not-run',
    cached: false,
    executed: false,
    outputs: [],
    reads: [],
    key: '',
  };
}

/** The finished run: cells, the declared and tracked inputs sorted by path, and counts. */
export function assembleRun(outline: RunOutline, runs: CellRun[], failed: boolean): NotebookRun {
  const inputs = new Map<string, FileRead>();
  for (const read of [...outline.declaredInputs, ...runs.flatMap((run) => run.reads)])
    inputs.set(read.path, read);
  return {
    notebook: outline.notebook,
    parameters: outline.parameters,
    seed: outline.notebook.frontMatter.seed,
    cells: runs,
    inputs: [...inputs.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    versions: outline.versions,
    failed,
    stats: {
      executed: runs.filter((run) => run.executed).length,
      cached: runs.filter((run) => run.cached && !run.executed).length,
      total: runs.length,
    },
  };
}
