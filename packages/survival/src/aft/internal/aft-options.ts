/** The options of fitAft, checked, with survreg.control's defaults. */
import { checkOptionKeys, InvalidArgumentError } from '@muster/core';
import type { AftDistribution } from '../../types.ts';
import { type SurvivalWarning, scaleIgnoredWarning } from '../../warnings.ts';
import type { AftOptions } from '../fit-aft.ts';
import { type BaseDistribution, baseOf } from './aft-distributions.ts';

/** The checked settings of one fitAft call. */
export interface AftSettings {
  dist: AftDistribution;
  base: BaseDistribution;
  /** The fixed scale, or 0 when it is estimated (exponential: 1). */
  fixedScale: number;
  maxIter: number;
  tolerance: number;
  tolerChol: number;
  confLevel: number;
  /** Warnings about the options themselves (a scale ignored). */
  warnings: SurvivalWarning[];
}

const FN = 'fitAft';

/** Check every option's domain and fill in survreg's defaults. */
export function readAftOptions(options: AftOptions): AftSettings {
  checkOptionKeys(FN, options, [
    'dist',
    'scale',
    'weights',
    'maxIter',
    'tolerance',
    'tolerChol',
    'confLevel',
  ]);
  const dist = options.dist ?? 'weibull';
  if (!Object.hasOwn(baseOf, dist)) {
    throw new InvalidArgumentError(
      'dist',
      `${FN} requires dist to be weibull, exponential, lognormal or loglogistic; received ${String(dist)}`,
    );
  }
  let fixedScale = options.scale ?? 0;
  if (!(fixedScale >= 0) || !Number.isFinite(fixedScale)) {
    throw new InvalidArgumentError(
      'scale',
      `${FN} requires scale >= 0 (0 = estimate); received ${String(options.scale)}`,
    );
  }
  const warnings: SurvivalWarning[] = [];
  if (dist === 'exponential') {
    if (options.scale !== undefined && options.scale !== 0 && options.scale !== 1) {
      warnings.push(scaleIgnoredWarning(FN, dist));
    }
    fixedScale = 1;
  }
  const maxIter = options.maxIter ?? 30;
  if (!Number.isInteger(maxIter) || maxIter < 0) {
    throw new InvalidArgumentError(
      'maxIter',
      `${FN} requires maxIter to be a non-negative integer; received ${String(maxIter)}`,
    );
  }
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(
      'confLevel',
      `${FN} requires confLevel in (0, 1); received ${String(options.confLevel)}`,
    );
  }
  return {
    dist,
    base: baseOf[dist],
    fixedScale,
    maxIter,
    tolerance: options.tolerance ?? 1e-9,
    tolerChol: options.tolerChol ?? 1e-10,
    confLevel,
    warnings,
  };
}
