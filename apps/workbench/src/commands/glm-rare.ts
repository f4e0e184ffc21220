/**
 * `muster glm --method relogit|bayes`: King and Zeng's rare-events logit and the Cauchy-prior
 * logistic regression of arm::bayesglm, with their own summaries.
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
import { pad } from '../cli-support/format-table.ts';
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

function number(v: number | null, digits = 5): string {
  if (v === null) return 'NA';
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-4 || a >= 1e6) ? v.toExponential(digits - 1) : v.toFixed(digits);
}

function pValue(p: number | null): string {
  if (p === null) return 'NA';
  if (p < 2.220446049250313e-16) return '<2e-16';
  return p < 1e-4 ? p.toExponential(2) : String(Number(p.toPrecision(3)));
}

function coefficientTable(fit: RelogitResult | BayesGlmResult): string {
  const level = `${Number((fit.confLevel * 100).toPrecision(4))}%`;
  return pad([
    ['', 'Estimate', 'Std. Error', 'z value', 'Pr(>|z|)', `${level} lower`, `${level} upper`],
    ...fit.coefficients.map((c) => [
      c.term,
      number(c.estimate),
      number(c.stdError),
      c.statistic === null ? 'NA' : c.statistic.toFixed(3),
      pValue(c.pValue),
      number(c.lower),
      number(c.upper),
    ]),
  ]);
}

/** A readable summary of a relogit or bayesglm fit (as R's summary, with the method named). */
export function formatRareSummary(fit: RelogitResult | BayesGlmResult, file: string): string {
  const lines: string[] = ['Call:'];
  if (fit.method === 'relogit') {
    const r = fit as RelogitResult;
    lines.push(
      `relogit(formula = ${r.formula}, data = ${file}${r.tau === null ? '' : `, tau = ${r.tau}`}, bias.correct = ${r.biasCorrection ? 'TRUE' : 'FALSE'})`,
      '',
      `Rare-events logit (King & Zeng 2001): ${r.nEvents} events in ${r.nobs} observations (ybar = ${r.sampleFraction.toPrecision(4)}).`,
      r.biasCorrection
        ? 'Bias-corrected estimates (eq. 11-12); covariance (n / (n + k))^2 times the ML one.'
        : 'Maximum-likelihood estimates (no bias correction).',
    );
    if (r.interceptCorrection !== null) {
      lines.push(
        `Prior correction for tau = ${r.tau}: ${r.interceptCorrection.toFixed(5)} subtracted from the intercept.`,
      );
    }
    lines.push('', 'Coefficients (Wald intervals):', coefficientTable(fit), '');
    lines.push(
      pad([
        ['', 'ML estimate', 'Bias'],
        ...fit.coefficients.map((c, j) => [c.term, number(r.mlEstimates[j]), number(r.bias[j])]),
      ]),
    );
  } else {
    const b = fit as BayesGlmResult;
    lines.push(
      `bayesglm(formula = ${b.formula}, family = binomial(link = "${b.link}"), data = ${file}${b.weights === null ? '' : `, weights = ${b.weights}`})`,
      '',
      `Posterior modes under independent ${b.method === 'bayes-cauchy' ? 'Cauchy' : b.method === 'bayes-normal' ? 'normal' : 't'} priors (arm::bayesglm; Gelman et al. 2008), ${b.prior.scaled ? "scales divided by each input's spread (2 sd; max - min for binary inputs)" : 'unscaled'}.`,
      '',
      'Coefficients (standard errors from the normal approximation at the mode; Wald intervals):',
      coefficientTable(fit),
      '',
      pad([
        ['', 'Prior', 'Mean', 'Scale', 'df'],
        ...fit.coefficients.map((c, j) => [
          c.term,
          b.prior.distribution[j],
          String(b.prior.mean[j]),
          number(b.prior.scale[j]),
          b.prior.df[j] === null ? 'Inf' : String(b.prior.df[j]),
        ]),
      ]),
      '',
      `    Null deviance: ${b.nullDeviance.toFixed(2)}  on ${b.dfNull}  degrees of freedom`,
      `Residual deviance: ${b.deviance.toFixed(2)}  on ${b.dfResidual}  degrees of freedom`,
      `AIC: ${Number(b.aic.toPrecision(5))}`,
      '',
      b.converged
        ? `Number of iterations: ${b.iterations}`
        : `Did not converge in ${b.iterations} iterations`,
    );
    if (b.separation.separation) {
      lines.push(
        `Separation (${b.separation.kind}): maximum likelihood would diverge along ${b.separation.infiniteTerms.join(', ')}.`,
      );
    }
  }
  if (fit.warnings.length > 0) {
    lines.push('');
    for (const w of fit.warnings) lines.push(`warning: ${w.message}`);
  }
  return lines.join('\n');
}
