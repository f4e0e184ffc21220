/**
 * `muster glm --method relogit|bayes`: King and Zeng's rare-events logit and the Cauchy-prior
 * logistic regression of arm::bayesglm (their text is @muster/glm's format).
 */
import { InvalidArgumentError } from '@muster/core';
import type { DataInput } from '@muster/formula';
import {
  type BayesGlmResult,
  fitBayesGlm,
  fitRelogit,
  type LinkName,
  type RelogitResult,
} from '@muster/glm';
import { numeric } from '../cli-support/parse-options.ts';

export const RARE_METHODS = ['relogit', 'bayes'] as const;
export type RareMethod = (typeof RARE_METHODS)[number];

/** The glm options the two methods accept, as parsed by the glm command. */
export interface RareValues {
  formula: string;
  family?: string;
  link?: string;
  weights?: string;
  levels?: Record<string, string[]>;
  confLevel?: number;
  tau?: string;
  priorScale?: string;
  priorDf?: string;
  /** Options of the ML command that these methods do not take, by flag (set when given). */
  refused: string[];
}

function refuse(method: string, flag: string): never {
  throw new InvalidArgumentError(
    flag,
    `muster glm --method ${method} does not take ${flag}${flag === '--vcov' || flag === '--cluster' ? ' (its standard errors are its own)' : ''}`,
  );
}

/** `--prior-df Inf` (or inf, Infinity) is the normal prior. */
function priorDf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (/^(inf|infinity)$/i.test(text)) return Number.POSITIVE_INFINITY;
  return numeric('glm', '--prior-df', text);
}

export async function fitRare(
  method: RareMethod,
  data: DataInput,
  values: RareValues,
): Promise<RelogitResult | BayesGlmResult> {
  if (values.family !== undefined && values.family !== 'binomial') {
    throw new InvalidArgumentError(
      '--family',
      `muster glm --method ${method} requires --family binomial; received '${values.family}'`,
    );
  }
  for (const flag of values.refused) refuse(method, flag);
  if (method === 'relogit') {
    if (values.priorScale !== undefined) refuse(method, '--prior-scale');
    if (values.priorDf !== undefined) refuse(method, '--prior-df');
    if (values.weights !== undefined) refuse(method, '--weights');
    if (values.link !== undefined && values.link !== 'logit') refuse(method, '--link');
    const tau = numeric('glm', '--tau', values.tau);
    return fitRelogit(values.formula, data, {
      ...(tau === undefined ? {} : { tau }),
      confLevel: values.confLevel,
      levels: values.levels,
    });
  }
  if (values.tau !== undefined) refuse(method, '--tau');
  const scale = numeric('glm', '--prior-scale', values.priorScale);
  return fitBayesGlm(values.formula, data, {
    link: values.link as LinkName | undefined,
    weights: values.weights,
    priorScale: scale,
    priorDf: priorDf(values.priorDf),
    confLevel: values.confLevel,
    levels: values.levels,
  });
}
