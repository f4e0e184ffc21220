import { InvalidArgumentError } from '@muster/core';
import type { DelayPrior } from '@muster/lag';
import { numeric } from '../cli-support/parse-options.ts';

/** The syntax of --delay-prior, for its messages and the command's help. */
export const DELAY_PRIOR_SYNTAX =
  'gamma:mean=M,sd=S,max=D[,mean-spread=X,shape-spread=Y][,lengthening=true|false | ,lengthening-from=YYYY-MM,lengthening-per-year=R,lengthening-per-year-sd=RS]';

const NUMBERS = [
  'mean',
  'sd',
  'max',
  'mean-spread',
  'shape-spread',
  'lengthening-per-year',
  'lengthening-per-year-sd',
];
const KEYS = [...NUMBERS, 'lengthening', 'lengthening-from'];

function refuse(command: string, requirement: string): never {
  throw new InvalidArgumentError('--delay-prior', `muster ${command} requires ${requirement}`);
}

/** Each `key=value` of the spec, once, with the keys of {@link KEYS}. */
function readParameters(command: string, text: string, spec: string): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const part of text.split(',')) {
    const at = part.indexOf('=');
    const key = at < 0 ? part : part.slice(0, at);
    if (!KEYS.includes(key) || at < 0) {
      refuse(command, `--delay-prior parameters ${KEYS.join(', ')}; received '${part}'`);
    }
    if (parameters.has(key)) {
      refuse(command, `each --delay-prior parameter once; received ${key} twice in '${spec}'`);
    }
    parameters.set(key, part.slice(at + 1));
  }
  return parameters;
}

/**
 * The prior's `lengthening`: `lengthening=true` (a change of about a month a year allowed,
 * centred at none) or `false`, or the object form from `lengthening-from`, `-per-year` and
 * `-per-year-sd` (not both forms).
 */
function readLengthening(
  command: string,
  parameters: Map<string, string>,
  numbers: Record<string, number>,
): DelayPrior['lengthening'] {
  const flag = parameters.get('lengthening');
  const from = parameters.get('lengthening-from');
  const perYear = numbers['lengthening-per-year'];
  const perYearSd = numbers['lengthening-per-year-sd'];
  const detailed = from !== undefined || perYear !== undefined || perYearSd !== undefined;
  if (flag !== undefined) {
    if (flag !== 'true' && flag !== 'false') {
      refuse(command, `--delay-prior lengthening to be true or false; received '${flag}'`);
    }
    if (detailed) {
      refuse(
        command,
        '--delay-prior lengthening=true|false or lengthening-from/-per-year/-per-year-sd, not both',
      );
    }
    return flag === 'true';
  }
  if (!detailed) return undefined;
  if (from !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(from)) {
    refuse(command, `--delay-prior lengthening-from as a month YYYY-MM; received '${from}'`);
  }
  if (perYearSd !== undefined && perYearSd < 0) {
    refuse(command, `--delay-prior lengthening-per-year-sd >= 0; received ${perYearSd}`);
  }
  return {
    ...(from !== undefined ? { from } : {}),
    ...(perYear !== undefined ? { perYear } : {}),
    ...(perYearSd !== undefined ? { perYearSd } : {}),
  };
}

/**
 * --delay-prior FAMILY:mean=M,sd=S,max=D[,mean-spread=0.3,shape-spread=0.3][,lengthening=...]
 * (gamma or lognormal): a prior over the delay's mean, shape and, with `lengthening=true` or
 * `lengthening-from`/`-per-year`/`-per-year-sd`, its change over time, for `muster reconstruct`.
 *
 * @example
 * ```ts
 * parseDelayPrior('reconstruct', 'gamma:mean=5,sd=2.5,max=18,lengthening=true').lengthening;
 * // => true
 * ```
 */
export function parseDelayPrior(command: string, spec: string): DelayPrior {
  const match = /^(gamma|lognormal):(.*)$/.exec(spec.trim());
  if (!match) {
    refuse(command, `--delay-prior as ${DELAY_PRIOR_SYNTAX} (or lognormal:); received '${spec}'`);
  }
  const parameters = readParameters(command, match[2], spec);
  const numbers: Record<string, number> = {};
  for (const key of NUMBERS) {
    const text = parameters.get(key);
    if (text !== undefined) numbers[key] = numeric(command, '--delay-prior', text);
  }
  for (const key of ['mean', 'sd', 'max']) {
    if (numbers[key] === undefined) {
      refuse(command, `--delay-prior to give ${key}; received '${spec}'`);
    }
  }
  const lengthening = readLengthening(command, parameters, numbers);
  return {
    distribution: match[1] as 'gamma' | 'lognormal',
    mean: numbers.mean,
    sd: numbers.sd,
    maxDelay: numbers.max,
    meanSpread: numbers['mean-spread'],
    shapeSpread: numbers['shape-spread'],
    ...(lengthening !== undefined ? { lengthening } : {}),
  };
}
