/**
 * The model options of the commands that fit a GLM (`muster glm`, `muster margins`):
 * family, link, weights, offset, covariance and clusters, level order and Firth, checked with
 * messages that name the option.
 */
import { InvalidArgumentError } from '@muster/core';
import type { FamilyName, FitGlmOptions, LinkName, VcovType } from '@muster/glm';

/** parseArgs entries of the model options. */
export const GLM_MODEL_OPTIONS = {
  formula: { type: 'string' },
  family: { type: 'string' },
  link: { type: 'string' },
  weights: { type: 'string' },
  offset: { type: 'string' },
  vcov: { type: 'string' },
  cluster: { type: 'string' },
  'cluster-type': { type: 'string' },
  levels: { type: 'string', multiple: true },
  firth: { type: 'boolean', default: false },
} as const;

/** The parsed values of {@link GLM_MODEL_OPTIONS}. */
export interface GlmModelValues {
  formula?: string;
  family?: string;
  link?: string;
  weights?: string;
  offset?: string;
  vcov?: string;
  cluster?: string;
  'cluster-type'?: string;
  levels?: string[];
  firth?: boolean;
}

/** The families `muster glm` and the commands built on it accept. */
export const FAMILIES = [
  'binomial',
  'poisson',
  'gaussian',
  'Gamma',
  'inverse.gaussian',
  'quasibinomial',
  'quasipoisson',
  'negative.binomial',
];
/** The covariance types those commands accept. */
export const VCOVS = ['classical', 'HC0', 'HC1', 'HC2', 'HC3', 'cluster'];

function choice(command: string, option: string, value: string, choices: string[]): void {
  if (!choices.includes(value)) {
    throw new InvalidArgumentError(
      option,
      `muster ${command} requires ${option} ${choices.join('|')}; received '${value}'`,
    );
  }
}

/** `--levels regime=democracy,anocracy,autocracy` (repeatable) as fitGlm's `levels`. */
export function parseLevels(
  command: string,
  specs: string[],
): Record<string, string[]> | undefined {
  if (specs.length === 0) return undefined;
  const out: Record<string, string[]> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const levels = spec.slice(eq + 1).split(',');
    if (eq <= 0 || levels.some((l) => l === '') || new Set(levels).size !== levels.length) {
      throw new InvalidArgumentError(
        '--levels',
        `muster ${command} requires --levels COL=a,b,... with distinct non-empty levels; received '${spec}'`,
      );
    }
    out[spec.slice(0, eq)] = levels;
  }
  return out;
}

/**
 * fitGlm's formula and options from the parsed values (profile intervals off: the commands that
 * use this do not print them).
 */
export function glmModelOptions(
  command: string,
  values: GlmModelValues,
  defaultFamily = 'gaussian',
): { formula: string; options: FitGlmOptions } {
  if (values.formula === undefined) {
    throw new InvalidArgumentError(
      '--formula',
      `muster ${command} requires --formula (for example "y ~ x + g")`,
    );
  }
  const family = values.family ?? defaultFamily;
  choice(command, '--family', family, FAMILIES);
  const vcov = values.vcov ?? (values.cluster !== undefined ? 'cluster' : undefined);
  if (vcov !== undefined) choice(command, '--vcov', vcov, VCOVS);
  if (vcov === 'cluster' && values.cluster === undefined && !values.formula.includes('cluster(')) {
    throw new InvalidArgumentError(
      '--cluster',
      `muster ${command} requires --cluster COL (or a cluster(COL) term in the formula) with --vcov cluster`,
    );
  }
  const clusterType = values['cluster-type'];
  if (clusterType !== undefined && clusterType !== 'HC1' && clusterType !== 'HC0') {
    throw new InvalidArgumentError(
      '--cluster-type',
      `muster ${command} requires --cluster-type HC1 or HC0; received '${clusterType}'`,
    );
  }
  return {
    formula: values.formula,
    options: {
      family: family as FamilyName,
      link: values.link as LinkName | undefined,
      weights: values.weights,
      offset: values.offset,
      vcov: vcov as VcovType | undefined,
      cluster: values.cluster?.includes(',') ? values.cluster.split(',') : values.cluster,
      clusterType: clusterType as 'HC1' | 'HC0' | undefined,
      levels: parseLevels(command, values.levels ?? []),
      firth: values.firth,
      profile: false,
    },
  };
}
