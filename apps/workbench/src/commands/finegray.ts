import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { InvalidArgumentError, pchisq } from '@muster/core';
import { readCsv } from '@muster/formula';
import { fitFineGray, predictFineGray } from '@muster/survival';
import type { Command } from '../command.ts';

const usage = `usage: muster finegray DATA --time T --event E --cause K (--covariates a,b,c | --formula "~ a + factor(b)")
                       [--censor-code C] [--max-iter N] [--profile a=1,b=2,c=3] [--json]

Fine-Gray subdistribution hazards regression for cause K (as cmprsk::crr): coefficients, hazard
ratios, sandwich standard errors, z tests and the log pseudo-likelihood. --profile adds the
predicted cumulative incidence of K for that covariate profile (as predict.crr).`;

function readData(path: string) {
  try {
    return readCsv(readFileSync(path, 'utf8'));
  } catch (error) {
    if ((error as { name?: string }).name === 'DataError') throw error;
    throw new InvalidArgumentError(
      'DATA',
      `muster finegray cannot read DATA file '${path}': ${(error as Error).message}`,
    );
  }
}

function parseProfile(text: string): Record<string, number> {
  const profile: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [name, value] = part.split('=').map((s) => s.trim());
    const v = Number(value);
    if (!name || value === undefined || value === '' || !Number.isFinite(v)) {
      throw new InvalidArgumentError(
        '--profile',
        `muster finegray requires --profile as name=number pairs; received '${text}'`,
      );
    }
    profile[name] = v;
  }
  return profile;
}

const code = (text: string) => (Number.isFinite(Number(text)) ? Number(text) : text);
const fmt = (x: number | null, digits = 4) => {
  if (x === null || Number.isNaN(x)) return 'NA';
  if (x !== 0 && Math.abs(x) < 1e-4) return x.toExponential(digits - 1);
  return Number(x.toPrecision(digits)).toString();
};
const pvalue = (p: number) => (p < 2e-16 ? '< 2e-16' : fmt(p, 3));

function pad(cells: string[][]): string {
  const widths = cells[0].map((_, j) => Math.max(...cells.map((row) => row[j].length)));
  return cells
    .map((row) =>
      row
        .map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j])))
        .join('  '),
    )
    .join('\n');
}

export const command: Command = {
  summary: 'Fine-Gray subdistribution hazards regression for one cause',
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        time: { type: 'string' },
        event: { type: 'string' },
        cause: { type: 'string' },
        covariates: { type: 'string' },
        formula: { type: 'string' },
        'censor-code': { type: 'string' },
        'max-iter': { type: 'string' },
        profile: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) {
      throw new InvalidArgumentError(
        'DATA',
        `muster finegray requires one DATA file; received ${positionals.length}\n${usage}`,
      );
    }
    if (values.covariates === undefined && values.formula === undefined) {
      throw new InvalidArgumentError(
        '--covariates',
        'muster finegray requires --covariates or --formula',
      );
    }
    for (const option of ['time', 'event', 'cause'] as const) {
      if (values[option] === undefined)
        throw new InvalidArgumentError(`--${option}`, `muster finegray requires --${option}`);
    }
    const maxIter = values['max-iter'] === undefined ? undefined : Number(values['max-iter']);
    const fit = fitFineGray(readData(positionals[0]), {
      time: values.time!,
      event: values.event!,
      cause: code(values.cause!),
      covariates:
        values.covariates === undefined
          ? undefined
          : values.covariates
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== ''),
      formula: values.formula,
      censorCode: values['censor-code'] === undefined ? 0 : code(values['censor-code']),
      maxIter,
    });
    const prediction =
      values.profile === undefined ? undefined : predictFineGray(fit, parseProfile(values.profile));
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify(prediction ? { ...fit, prediction } : fit, null, 2)}\n`,
      );
      return 0;
    }
    const lr = 2 * (fit.logPseudoLik - fit.logPseudoLikNull);
    const lines = [
      `Fine-Gray competing-risks regression for cause ${fit.cause} (censoring code ${fit.censorCode}), as cmprsk::crr`,
      '',
      pad([
        ['', 'coef', 'exp(coef)', 'se(coef)', 'z', 'p-value'],
        ...fit.coefficients.map((c) => [
          c.term,
          fmt(c.estimate),
          fmt(c.hazardRatio),
          fmt(c.stdError),
          fmt(c.statistic, 3),
          pvalue(c.pValue),
        ]),
      ]),
      '',
      pad([
        ['', 'exp(coef)', 'exp(-coef)', '2.5%', '97.5%'],
        ...fit.coefficients.map((c) => [
          c.term,
          fmt(c.hazardRatio),
          fmt(1 / c.hazardRatio),
          fmt(c.lower),
          fmt(c.upper),
        ]),
      ]),
      '',
      `Num. cases = ${fit.nobs}${fit.nDropped > 0 ? ` (${fit.nDropped} cases omitted due to missing values)` : ''}`,
      `Pseudo Log-likelihood = ${fmt(fit.logPseudoLik, 6)}`,
      `Pseudo likelihood ratio test = ${fmt(lr, 4)}  on ${fit.coefficients.length} df, p = ${fmt(pchisq(lr, fit.coefficients.length, false), 3)}`,
      `Converged: ${fit.converged} (${fit.iterations} Newton-Raphson steps)`,
    ];
    if (prediction) {
      lines.push(
        '',
        `Predicted cumulative incidence for ${Object.entries(prediction.profile)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}`,
      );
      lines.push(
        pad([
          ['time', 'cif'],
          ...prediction.time.map((t, k) => [String(t), fmt(prediction.cif[k])]),
        ]),
      );
    }
    for (const w of fit.warnings) lines.push(`warning: ${w.message}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
