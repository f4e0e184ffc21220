import type { ParameterValue } from '@muster/report';

/** A request from the dev server to its notebook worker. */
export type WorkerRequest =
  | {
      type: 'run';
      id: number;
      path: string;
      parameters: Record<string, ParameterValue | string>;
      cacheDir: string;
      reportDir: string;
    }
  | {
      type: 'export';
      id: number;
      path: string;
      parameters: Record<string, ParameterValue | string>;
      cacheDir: string;
      reportDir: string;
      format: 'html' | 'pdf';
    };

/** Status of one cell in the web app. */
export interface CellStatus {
  /** `cell 3` or `inline 2`. */
  label: string;
  kind: 'code' | 'inline';
  number: number;
  /** `cached` (served from the cache), `ran`, `failed`, or `not-run` (an earlier cell failed). */
  status: 'cached' | 'ran' | 'failed' | 'not-run';
  /** Milliseconds from the previous cell's end to this one's (0 for cached cells). */
  milliseconds: number;
}

/** A message from the worker. */
export type WorkerMessage =
  | { type: 'cell'; id: number; cell: CellStatus; done: number; total: number }
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
