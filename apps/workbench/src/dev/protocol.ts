import type { CellRun, ErrorDisplay, ParameterValue } from '@muster/report';

interface RunRequestBase {
  id: number;
  path: string;
  parameters: Record<string, ParameterValue | string>;
  cacheDir: string;
  reportDir: string;
}

/** A request from the dev server to its notebook worker. */
export type WorkerRequest =
  /** `stopped`: units (by index) stopped at their time limit in an earlier attempt, with their errors. */
  | (RunRequestBase & { type: 'run'; stopped: Record<number, ErrorDisplay> })
  | (RunRequestBase & { type: 'export'; format: 'html' | 'pdf' });

/** Status of one cell in the web app. */
export interface CellStatus {
  /** `cell 3` or `inline 2`. */
  label: string;
  kind: 'code' | 'inline';
  number: number;
  /** `cached` (served from the cache), `ran`, `failed`, or `not-run` (an earlier cell failed). */
  status: 'cached' | 'ran' | 'failed' | 'not-run';
  /** Milliseconds the cell itself ran (0 for cached cells). */
  milliseconds: number;
}

/** A message from the worker. */
export type WorkerMessage =
  /**
   * Before any unit runs: the units that will run (`cell 3`, `inline expression 2`); the others
   * keep their outputs.
   */
  | { type: 'plan'; id: number; stale: string[] }
  /** A cell or inline expression starts executing, with its time limit in seconds. */
  | { type: 'unit'; id: number; index: number; where: string; timeout: number }
  | { type: 'cell'; id: number; cell: CellStatus; run: CellRun; done: number; total: number }
  | {
      type: 'done';
      id: number;
      html: string;
      title: string;
      failed: boolean;
      cells: CellStatus[];
      /** Files the run read, absolute paths: a change to any of them re-runs the notebook. */
      inputs: string[];
      parameters: Record<string, ParameterValue>;
      parameterDefaults: Record<string, ParameterValue>;
      parameterDescriptions: Record<string, string>;
    }
  | { type: 'exported'; id: number; bytes: Uint8Array }
  | { type: 'error'; id: number; message: string };

/** A request without its id (the pool assigns it). */
export type WorkerRequestBody = WorkerRequest extends infer R
  ? R extends WorkerRequest
    ? Omit<R, 'id'>
    : never
  : never;
