/**
 * The first step of fitGlm: its options checked and resolved (family and link, covariance type,
 * interval level, estimation method, profile and separation modes).
 */
import { checkOptionKeys, InvalidArgumentError } from '@muster/core';
import type { FitGlmOptions } from '../fit-glm.ts';
import { type Family, resolveFamily } from '../internal/family.ts';
import type { VcovType } from '../internal/sandwich.ts';
import { hasClusterTerm } from './inputs.ts';
import { CALLER } from './response.ts';

const FIT_GLM_OPTIONS = [
  'family',
  'link',
  'weights',
  'offset',
  'vcov',
  'cluster',
  'clusterType',
  'firth',
  'confLevel',
  'profile',
  'separation',
  'levels',
  'theta',
  'start',
  'tolerance',
  'maxIter',
  'threads',
] as const satisfies readonly (keyof FitGlmOptions)[];

const VCOV_TYPES: VcovType[] = ['classical', 'HC0', 'HC1', 'HC2', 'HC3', 'cluster'];

/** fitGlm's options, resolved. */
export interface FitSettings {
  family: Family;
  vcovType: VcovType;
  confLevel: number;
  method: 'ml' | 'firth';
  profile: boolean | 'auto' | 'spline';
  separation: 'auto' | 'always' | 'never';
}

/** Check fitGlm's options (names and values) and resolve their defaults. */
export function resolveSettings(formula: string, options: FitGlmOptions): FitSettings {
  checkOptionKeys(CALLER, options, FIT_GLM_OPTIONS);
  const family = resolveFamily(CALLER, options.family, options.link, undefined, options.theta);
  // A cluster(x) term in the formula asks for clustered errors unless vcov says otherwise.
  const vcovType = options.vcov ?? (hasClusterTerm(formula) ? 'cluster' : 'classical');
  if (!VCOV_TYPES.includes(vcovType)) {
    throw new InvalidArgumentError(
      'vcov',
      `${CALLER} requires vcov to be one of ${VCOV_TYPES.join(', ')}; received '${vcovType}'`,
    );
  }
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(
      'confLevel',
      `${CALLER} requires 0 < confLevel < 1; received ${confLevel}`,
    );
  }
  const method = options.firth === true ? 'firth' : 'ml';
  if (method === 'firth' && (!family.fixedDispersion || family.name === 'negative.binomial')) {
    throw new InvalidArgumentError(
      'firth',
      `${CALLER} supports firth for the binomial and poisson families; received family ${family.name}`,
    );
  }
  // Without the cluster option, vcov 'cluster' uses a cluster() term of the formula.
  if (options.cluster !== undefined && vcovType !== 'cluster') {
    throw new InvalidArgumentError(
      'cluster',
      `${CALLER} uses a cluster column only with vcov 'cluster'; received vcov '${vcovType}'`,
    );
  }
  const profile = options.profile ?? 'auto';
  if (![true, false, 'auto', 'spline'].includes(profile)) {
    throw new InvalidArgumentError(
      'profile',
      `${CALLER} requires profile true, false, 'auto' or 'spline'; received '${String(options.profile)}'`,
    );
  }
  if (options.clusterType !== undefined && !['HC1', 'HC0'].includes(options.clusterType)) {
    throw new InvalidArgumentError(
      'clusterType',
      `${CALLER} requires clusterType 'HC1' or 'HC0'; received '${options.clusterType}'`,
    );
  }
  const separation = options.separation ?? 'auto';
  if (!['auto', 'always', 'never'].includes(separation)) {
    throw new InvalidArgumentError(
      'separation',
      `${CALLER} requires separation 'auto', 'always' or 'never'; received '${separation}'`,
    );
  }
  return { family, vcovType, confLevel, method, profile, separation };
}
