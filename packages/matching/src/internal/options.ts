import { checkOptionKeys, InvalidArgumentError } from '@muster/core';
import type { DiscardRule, Estimand, MatchMethod, MatchOrder } from '../types.ts';
import { type MatchingWarning, matchingWarnings } from '../warnings.ts';
import type { CutPoints } from './coarsen.ts';

/** Options of {@link matchIt} (MatchIt's arguments, spelled out). */
export interface MatchItOptions {
  /** 'nearest' (default), 'cem' (coarsened exact matching) or 'subclass'. */
  method?: MatchMethod;
  /** 'ATT' (default); 'ATC'; 'ATE' for cem and subclass. */
  estimand?: Estimand;
  /**
   * 'glm' (default): a propensity score from a binomial GLM of the treatment on the covariates;
   * or a column name, or one number per row, as the distance.
   */
  distance?: string | ArrayLike<number>;
  /** GLM link of the propensity model: 'logit' (default), 'probit', 'cloglog', 'cauchit', 'log',
   * or 'linear.<link>' to match on the linear predictor. */
  link?: string;
  /** Matches per focal unit (nearest; default 1). */
  ratio?: number;
  /** Match with replacement (nearest; default false). */
  replace?: boolean;
  /** Matching order of the focal units (nearest): 'largest' distance first (default for the ATT),
   * 'smallest' (default for the ATC), 'data' or 'random'. */
  order?: MatchOrder;
  /** Seed of the random order (default 1). */
  seed?: number;
  /** Caliper on the distance, in standard deviations of the distance (nearest). */
  caliper?: number;
  /** Whether the caliper is in standard deviations (default true) or on the distance scale. */
  stdCaliper?: boolean;
  /** Columns whose values must agree within a matched set (nearest). */
  exact?: readonly string[];
  /** Common-support rule on the distance (nearest, subclass; default 'none'). */
  discard?: DiscardRule;
  /** cem: per numeric covariate, 'sturges' (default), a number of bins or cut points. */
  cutPoints?: Record<string, CutPoints>;
  /** subclass: the number of subclasses (default 6). */
  subclasses?: number;
}

/** Validated options with their defaults. */
export interface Settings {
  method: MatchMethod;
  estimand: Estimand;
  distance: string | ArrayLike<number>;
  link: string;
  ratio: number;
  replace: boolean;
  order: MatchOrder | undefined;
  seed: number;
  caliper: number | null;
  stdCaliper: boolean;
  exact: string[];
  discard: DiscardRule;
  cutPoints: Record<string, CutPoints>;
  subclasses: number;
  warnings: MatchingWarning[];
}

const MATCH_IT_OPTIONS = [
  'method',
  'estimand',
  'distance',
  'link',
  'ratio',
  'replace',
  'order',
  'seed',
  'caliper',
  'stdCaliper',
  'exact',
  'discard',
  'cutPoints',
  'subclasses',
];

const NEAREST_ONLY = [
  'ratio',
  'replace',
  'order',
  'seed',
  'caliper',
  'stdCaliper',
  'exact',
] as const;

function choice<T extends string>(
  fn: string,
  name: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    throw new InvalidArgumentError(
      name,
      `${fn} requires ${name} to be one of ${allowed.map((a) => `'${a}'`).join(', ')}; received ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}

/** Check the options and fill in MatchIt's defaults; options a method ignores give a warning. */
export function settings(fn: string, options: MatchItOptions): Settings {
  checkOptionKeys(fn, options, MATCH_IT_OPTIONS);
  const method = choice(
    fn,
    'method',
    options.method,
    ['nearest', 'cem', 'subclass'] as const,
    'nearest',
  );
  const estimand = choice(fn, 'estimand', options.estimand, ['ATT', 'ATC', 'ATE'] as const, 'ATT');
  if (method === 'nearest' && estimand === 'ATE') {
    throw new InvalidArgumentError(
      'estimand',
      `${fn} requires estimand 'ATT' or 'ATC' for nearest-neighbour matching; received 'ATE'`,
    );
  }
  const ratio = options.ratio ?? 1;
  if (!Number.isInteger(ratio) || ratio < 1) {
    throw new InvalidArgumentError(
      'ratio',
      `${fn} requires ratio to be a whole number >= 1; received ${ratio}`,
    );
  }
  const caliper = options.caliper ?? null;
  if (caliper !== null && !(Number.isFinite(caliper) && caliper > 0)) {
    throw new InvalidArgumentError('caliper', `${fn} requires a caliper > 0; received ${caliper}`);
  }
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) {
    throw new InvalidArgumentError('seed', `${fn} requires an integer seed; received ${seed}`);
  }
  const subclasses = options.subclasses ?? 6;
  if (!Number.isInteger(subclasses) || subclasses < 2) {
    throw new InvalidArgumentError(
      'subclasses',
      `${fn} requires subclasses to be a whole number >= 2; received ${subclasses}`,
    );
  }
  const exact = [...(options.exact ?? [])];
  const warnings: MatchingWarning[] = [];
  if (method !== 'nearest') {
    const ignored = NEAREST_ONLY.filter((k) => options[k] !== undefined);
    if (ignored.length > 0) {
      warnings.push(matchingWarnings.ignoredOption(fn, ignored, method));
    }
  }
  if (method === 'cem') {
    const unused = (['distance', 'link', 'discard'] as const).filter(
      (k) => options[k] !== undefined,
    );
    if (unused.length > 0) {
      warnings.push(
        matchingWarnings.ignoredOption(
          fn,
          unused,
          'cem',
          ' (it matches on the covariates, not on a distance)',
        ),
      );
    }
  }
  if (method !== 'cem' && options.cutPoints !== undefined) {
    warnings.push(matchingWarnings.cutPointsIgnored(fn));
  }
  return {
    method,
    estimand,
    distance: options.distance ?? 'glm',
    link: options.link ?? 'logit',
    ratio,
    replace: options.replace ?? false,
    order: choice(
      fn,
      'order',
      options.order,
      ['largest', 'smallest', 'data', 'random'] as const,
      undefined as unknown as MatchOrder,
    ),
    seed,
    caliper,
    stdCaliper: options.stdCaliper ?? true,
    exact,
    discard: choice(
      fn,
      'discard',
      options.discard,
      ['none', 'both', 'control', 'treated'] as const,
      'none',
    ),
    cutPoints: options.cutPoints ?? {},
    subclasses,
    warnings,
  };
}
