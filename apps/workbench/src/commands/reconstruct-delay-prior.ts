import { InvalidArgumentError } from '@muster/core';
import type { DelayPrior } from '@muster/lag';
import { numeric } from '../cli-support/parse-options.ts';

/**
 * --delay-prior FAMILY:mean=M,sd=S,max=D[,mean-spread=0.3,shape-spread=0.3] (gamma or
 * lognormal): a prior over the delay's mean and shape for `muster reconstruct`.
 */
export function parseDelayPrior(command: string, spec: string): DelayPrior {
  const match = /^(gamma|lognormal):(.*)$/.exec(spec.trim());
  if (!match) {
    throw new InvalidArgumentError(
      '--delay-prior',
      `muster ${command} requires --delay-prior as gamma:mean=M,sd=S,max=D[,mean-spread=X,shape-spread=Y] (or lognormal:); received '${spec}'`,
    );
  }
  const keys = ['mean', 'sd', 'max', 'mean-spread', 'shape-spread'];
  const parameters: Record<string, number> = {};
  for (const part of match[2].split(',')) {
    const [key, value] = part.split('=');
    if (!keys.includes(key) || value === undefined) {
      throw new InvalidArgumentError(
        '--delay-prior',
        `muster ${command} requires --delay-prior parameters ${keys.join(', ')}; received '${part}'`,
      );
    }
    parameters[key] = numeric(command, '--delay-prior', value) as number;
  }
  for (const key of ['mean', 'sd', 'max']) {
    if (parameters[key] === undefined) {
      throw new InvalidArgumentError(
        '--delay-prior',
        `muster ${command} requires --delay-prior to give ${key}; received '${spec}'`,
      );
    }
  }
  return {
    distribution: match[1] as 'gamma' | 'lognormal',
    mean: parameters.mean,
    sd: parameters.sd,
    maxDelay: parameters.max,
    meanSpread: parameters['mean-spread'],
    shapeSpread: parameters['shape-spread'],
  };
}
