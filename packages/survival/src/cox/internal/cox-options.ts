import { checkOptionKeys, InvalidArgumentError } from '@muster/core';
import { CONF_TYPES } from '../../internal/conf-int.ts';
import type { ConfType, ZphTransform } from '../../types.ts';
import type { FitCoxOptions } from '../fit-cox.ts';
import { COX_CONTROL, type CoxControl } from './cox-kernel.ts';

/** Every option {@link FitCoxOptions} knows (unknown keys are refused). */
export const FIT_COX_OPTION_KEYS = [
  'ties',
  'robust',
  'cluster',
  'weights',
  'maxIter',
  'tolerance',
  'init',
  'zph',
  'zphTransform',
  'zphResiduals',
  'residuals',
  'survivalCurves',
  'confType',
  'confLevel',
  'threads',
  'tt',
] as const;

/** Validated settings of one fitCox call. */
export interface CoxSettings {
  ties: 'efron' | 'breslow';
  efron: boolean;
  confType: ConfType;
  confLevel: number;
  control: CoxControl;
  zphTransform: ZphTransform;
}

/** Check every option's domain (data-independent checks) and fill in coxph's defaults. */
export function validateCoxOptions(options: FitCoxOptions): CoxSettings {
  checkOptionKeys('fitCox', options, FIT_COX_OPTION_KEYS);
  const ties = options.ties ?? 'efron';
  if (ties !== 'efron' && ties !== 'breslow') {
    throw new InvalidArgumentError(
      'ties',
      `fitCox requires ties 'efron' or 'breslow'; received ${String(ties)}`,
    );
  }
  const confType = options.confType ?? 'log';
  if (!CONF_TYPES.includes(confType)) {
    throw new InvalidArgumentError(
      'confType',
      `fitCox requires confType log, log-log, plain or none; received ${String(confType)}`,
    );
  }
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(
      'confLevel',
      `fitCox requires confLevel in (0, 1); received ${confLevel}`,
    );
  }
  const control: CoxControl = {
    ...COX_CONTROL,
    maxIter: options.maxIter ?? COX_CONTROL.maxIter,
    tolerance: options.tolerance ?? COX_CONTROL.tolerance,
    parallel: { threads: options.threads },
  };
  if (
    options.threads !== undefined &&
    !(Number.isInteger(options.threads) && (options.threads as number) >= 1)
  ) {
    throw new InvalidArgumentError(
      'threads',
      `fitCox requires threads to be an integer >= 1; received ${String(options.threads)}`,
    );
  }
  if (!(Number.isInteger(control.maxIter) && control.maxIter >= 0)) {
    throw new InvalidArgumentError(
      'maxIter',
      `fitCox requires maxIter to be a non-negative integer; received ${control.maxIter}`,
    );
  }
  if (!(control.tolerance > 0)) {
    throw new InvalidArgumentError(
      'tolerance',
      `fitCox requires tolerance > 0; received ${control.tolerance}`,
    );
  }
  if (options.robust !== undefined && typeof options.robust !== 'boolean') {
    throw new InvalidArgumentError(
      'robust',
      `fitCox requires robust to be true or false; received ${String(options.robust)}`,
    );
  }
  const zphTransform = options.zphTransform ?? 'km';
  if (!['km', 'rank', 'identity', 'log'].includes(zphTransform)) {
    throw new InvalidArgumentError(
      'zphTransform',
      `fitCox requires zphTransform km, rank, identity or log; received ${String(zphTransform)}`,
    );
  }
  return { ties, efron: ties === 'efron', confType, confLevel, control, zphTransform };
}

/** The `init` option as a vector of the model's length (undefined: start at 0). */
export function readInit(options: FitCoxOptions, p: number): Float64Array | undefined {
  if (!options.init) return undefined;
  if (options.init.length !== p) {
    throw new InvalidArgumentError(
      'init',
      `fitCox requires init of length ${p} (one per coefficient); received ${options.init.length}`,
    );
  }
  return Float64Array.from(options.init);
}
