import { InvalidArgumentError } from '@muster/core';
import { type DelayDistribution, delayPmf } from '@muster/lag';
import { numeric } from './parse-options.ts';

/** Longest delay the command line accepts, in periods (100 years of months). */
export const MAX_DELAY = 1200;

/**
 * The delay from --delay FAMILY:mean=M,sd=S,max=D[,discretisation=uniform|start] (gamma,
 * lognormal, negbin) or --delay-pmf p0,p1,... (exactly one of them). Offences are spread
 * uniformly within the month unless discretisation=start (R's pgamma differences).
 */
export function parseDelay(
  command: string,
  spec: string | undefined,
  pmf: string | undefined,
): DelayDistribution | number[] {
  if ((spec === undefined) === (pmf === undefined)) {
    throw new InvalidArgumentError(
      '--delay',
      `muster ${command} requires exactly one of --delay and --delay-pmf`,
    );
  }
  if (pmf !== undefined) {
    const probabilities = pmf.split(',');
    if (probabilities.length > MAX_DELAY + 1) {
      throw new InvalidArgumentError(
        '--delay-pmf',
        `muster ${command} requires --delay-pmf to have at most ${MAX_DELAY + 1} probabilities (delays 0 to ${MAX_DELAY}); received ${probabilities.length}`,
      );
    }
    return probabilities.map((p) => numeric(command, '--delay-pmf', p));
  }
  const match = /^(gamma|lognormal|negbin|negative-binomial):(.*)$/.exec((spec as string).trim());
  if (!match) {
    throw new InvalidArgumentError(
      '--delay',
      `muster ${command} requires --delay as gamma:mean=M,sd=S,max=D (or lognormal:, negbin:); received '${spec}'`,
    );
  }
  const parameters: Record<string, number> = {};
  let discretisation: 'uniform' | 'start' = 'uniform';
  const seen = new Set<string>();
  for (const part of match[2].split(',')) {
    const [key, value] = part.split('=');
    if (seen.has(key)) {
      throw new InvalidArgumentError(
        '--delay',
        `muster ${command} requires each --delay parameter once; received ${key} twice in '${spec}'`,
      );
    }
    seen.add(key);
    if (key === 'discretisation' && (value === 'uniform' || value === 'start')) {
      discretisation = value;
      continue;
    }
    if (!['mean', 'sd', 'max'].includes(key) || value === undefined) {
      throw new InvalidArgumentError(
        '--delay',
        `muster ${command} requires --delay parameters mean, sd, max and optionally discretisation=uniform|start; received '${part}'`,
      );
    }
    parameters[key] = numeric(command, '--delay', value);
  }
  for (const key of ['mean', 'sd', 'max']) {
    if (parameters[key] === undefined) {
      throw new InvalidArgumentError(
        '--delay',
        `muster ${command} requires --delay to give ${key}; received '${spec}'`,
      );
    }
  }
  if (!Number.isInteger(parameters.max) || parameters.max < 0 || parameters.max > MAX_DELAY) {
    throw new InvalidArgumentError(
      '--delay',
      `muster ${command} requires the --delay max to be an integer from 0 to ${MAX_DELAY} periods; received ${parameters.max}`,
    );
  }
  const family =
    match[1] === 'negbin'
      ? 'negative-binomial'
      : (match[1] as 'gamma' | 'lognormal' | 'negative-binomial');
  return delayPmf({
    distribution: family,
    mean: parameters.mean,
    sd: parameters.sd,
    maxDelay: parameters.max,
    discretisation,
  });
}
