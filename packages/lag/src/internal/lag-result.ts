/** The results of @muster/lag that {@link summary}, tidy and glance read, and their check. */
import { InvalidArgumentError } from '@muster/core';
import type { BackProjectResult } from '../back-project.ts';
import type { StageDelayCalibration } from '../calibrate-stage-delay.ts';
import type { EmpiricalDelay } from '../empirical-delay.ts';
import type { EvaluateNowcastResult } from '../evaluate-nowcast.ts';
import type { NowcastResult } from '../nowcast.ts';
import type { PipelineResult } from '../pipeline-estimate.ts';
import type { ReconstructResult } from '../reconstruct.ts';
import type { UndercountResult } from '../undercount.ts';

/** Every result of @muster/lag, told apart by `kind`. */
export type LagResult =
  | BackProjectResult
  | ReconstructResult
  | NowcastResult
  | PipelineResult
  | UndercountResult
  | EmpiricalDelay
  | StageDelayCalibration
  | EvaluateNowcastResult;

const KINDS = [
  'back-projection',
  'reconstruction',
  'nowcast',
  'pipeline-estimate',
  'undercount',
  'empirical-delay',
  'stage-delay-calibration',
  'nowcast-evaluation',
];

/** What a value is, for an error message: its kind, or its type. */
function described(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value !== 'object') return `${typeof value} ${String(value)}`;
  const kind = (value as { kind?: unknown }).kind;
  return kind === undefined ? 'an object without kind' : `kind ${JSON.stringify(kind)}`;
}

/**
 * Throws unless `result` is a result of @muster/lag (a known `kind` with a `warnings` array).
 *
 * @param result - the value passed
 * @param fn - the public function, for the message
 * @throws InvalidArgumentError naming the argument `result`
 */
export function checkLagResult(result: unknown, fn: string): asserts result is LagResult {
  const kind = (result as { kind?: unknown } | null)?.kind;
  const ok =
    result !== null &&
    typeof result === 'object' &&
    typeof kind === 'string' &&
    KINDS.includes(kind) &&
    Array.isArray((result as { warnings?: unknown }).warnings);
  if (!ok) {
    throw new InvalidArgumentError(
      'result',
      `${fn} requires a result of @muster/lag (kind ${KINDS.join(', ')}); received ${described(result)}`,
    );
  }
}
