import { checkOptionKeys, InvalidArgumentError } from '@muster/core';
import { CONF_TYPES } from '../../internal/conf-int.ts';
import type { ConfType } from '../../types.ts';
import type { KaplanMeierOptions } from '../kaplan-meier.ts';

/** Every option {@link KaplanMeierOptions} knows (unknown keys are refused). */
export const KAPLAN_MEIER_OPTION_KEYS = [
  'start',
  'group',
  'weights',
  'cluster',
  'robust',
  'stype',
  'ctype',
  'startTime',
  'confType',
  'confLevel',
  'times',
  'extend',
  'quantiles',
  'rmean',
  'names',
] as const;

/** Validated settings of one kaplanMeier call. */
export interface KaplanMeierSettings {
  confType: ConfType;
  confLevel: number;
  stype: 1 | 2;
  ctype: 1 | 2;
}

/** Check every option's domain (data-independent checks) and fill in R's defaults. */
export function validateKaplanMeierOptions(options: KaplanMeierOptions): KaplanMeierSettings {
  checkOptionKeys('kaplanMeier', options, KAPLAN_MEIER_OPTION_KEYS);
  const confType = options.confType ?? 'log';
  if (!CONF_TYPES.includes(confType)) {
    throw new InvalidArgumentError(
      'confType',
      `kaplanMeier requires confType log, log-log, plain or none; received ${String(confType)}`,
    );
  }
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(
      'confLevel',
      `kaplanMeier requires confLevel in (0, 1); received ${confLevel}`,
    );
  }
  const stype = options.stype ?? 1;
  const ctype = options.ctype ?? 1;
  if (stype !== 1 && stype !== 2) {
    throw new InvalidArgumentError('stype', `kaplanMeier requires stype 1 or 2; received ${stype}`);
  }
  if (ctype !== 1 && ctype !== 2) {
    throw new InvalidArgumentError('ctype', `kaplanMeier requires ctype 1 or 2; received ${ctype}`);
  }
  if (options.startTime !== undefined && !Number.isFinite(options.startTime)) {
    throw new InvalidArgumentError(
      'startTime',
      `kaplanMeier requires a finite startTime; received ${options.startTime}`,
    );
  }
  if (options.robust !== undefined && typeof options.robust !== 'boolean') {
    throw new InvalidArgumentError(
      'robust',
      `kaplanMeier requires robust to be true or false; received ${String(options.robust)}`,
    );
  }
  const rmean = options.rmean;
  if (typeof rmean === 'number' && !Number.isFinite(rmean)) {
    throw new InvalidArgumentError(
      'rmean',
      `kaplanMeier requires a finite rmean horizon; received ${rmean}`,
    );
  }
  if (
    rmean !== undefined &&
    typeof rmean !== 'number' &&
    rmean !== 'common' &&
    rmean !== 'individual'
  ) {
    throw new InvalidArgumentError(
      'rmean',
      `kaplanMeier requires rmean to be a number, 'common' or 'individual'; received ${String(rmean)}`,
    );
  }
  for (const p of options.quantiles ?? []) {
    if (!(p >= 0 && p <= 1)) {
      throw new InvalidArgumentError(
        'quantiles',
        `kaplanMeier requires quantile probabilities in [0, 1]; received ${p}`,
      );
    }
  }
  return { confType, confLevel, stype, ctype };
}
