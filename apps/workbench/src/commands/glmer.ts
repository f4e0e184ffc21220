import { InvalidArgumentError } from '@muster/core';
import {
  fitGlmer,
  type GlmerResult,
  type MixedFamilyName,
  type MixedLinkName,
} from '@muster/mixed';
import { pad } from '../cli-support/format-table.ts';
import { printJson } from '../cli-support/output.ts';
import { numeric, parseCommandArgs, requireOneFile } from '../cli-support/parse-options.ts';
import { readDataFile } from '../cli-support/read-data.ts';
import type { Command } from '../command.ts';

const usage = `usage: muster glmer DATA --formula F [--family binomial|poisson] [--link logit|probit|log]
                    [--nagq N] [--level 0.95] [--no-profile] [--json]

Generalised linear mixed model (as lme4's glmer): F is "y ~ x + (1 | war)" with lme4's random
terms: (1 + x | war) for a random slope, (1 | war/belligerent) for nested and
(1 | war) + (1 | era) for crossed grouping factors. --nagq 1 (default) is the Laplace
approximation; 2..25 adaptive Gauss-Hermite quadrature for one random intercept. Prints an
R-like summary with the variance components, the intraclass correlation, a profile interval for
a single random intercept's standard deviation and the likelihood-ratio test against the pooled
glm, or the result object with --json.`;

function formatP(p: number): string {
  if (Number.isNaN(p)) return 'NA';
  if (p < 2.220446049250313e-16) return '<2e-16';
  if (p < 1e-4) return p.toExponential(2).replace(/e([+-])(\d)$/, 'e$10$2');
  return String(Number(p.toPrecision(3)));
}

function stars(p: number): string {
  return p < 0.001 ? '***' : p < 0.01 ? '**' : p < 0.05 ? '*' : p < 0.1 ? '.' : '';
}

const g = (x: number, digits = 4) =>
  Number.isFinite(x) ? String(Number(x.toPrecision(digits))) : String(x);

/** An R-like summary(glmer) print-out of a result. */
export function formatGlmerSummary(fit: GlmerResult, data: string): string {
  const lines: string[] = [];
  const method =
    fit.nAGQ > 1
      ? `Maximum likelihood (Adaptive Gauss-Hermite Quadrature, nAGQ = ${fit.nAGQ})`
      : 'Maximum likelihood (Laplace Approximation)';
  lines.push(`Generalized linear mixed model fit by ${method}`);
  lines.push(` Family: ${fit.family}  ( ${fit.link} )`);
  lines.push(`Formula: ${fit.formula}`);
  lines.push(`   Data: ${data}`);
  lines.push('');
  lines.push(
    pad([
      ['AIC', 'BIC', 'logLik', 'deviance', 'df.resid'],
      [
        g(fit.aic, 6),
        g(fit.bic, 6),
        g(fit.logLik, 6),
        g(fit.deviance, 6),
        String(fit.nobs - fit.df),
      ],
    ]),
  );
  lines.push('');
  lines.push('Random effects:');
  const rows: string[][] = [['Groups', 'Name', 'Variance', 'Std.Dev.', 'Corr']];
  let lastGroup = '';
  for (const v of fit.varianceComponents.filter((c) => c.var2 === null)) {
    const corr = fit.varianceComponents
      .filter((c) => c.group === v.group && c.var2 === v.var1)
      .map((c) => g(c.sdcor, 2))
      .join(' ');
    rows.push([v.group === lastGroup ? '' : v.group, v.var1, g(v.vcov), g(v.sdcor), corr]);
    lastGroup = v.group;
  }
  lines.push(pad(rows));
  const groups = Object.entries(fit.nGroups)
    .map(([name, n]) => `${name}, ${n}`)
    .join('; ');
  lines.push(`Number of obs: ${fit.nobs}, groups:  ${groups}`);
  if (fit.nDropped > 0) lines.push(`  (${fit.nDropped} observations deleted due to missingness)`);
  lines.push('');
  lines.push('Fixed effects:');
  lines.push(
    pad([
      ['', 'Estimate', 'Std. Error', 'z value', 'Pr(>|z|)', ''],
      ...fit.coefficients.map((f) => [
        f.term,
        f.estimate.toFixed(5),
        f.stdError.toFixed(5),
        f.statistic.toFixed(3),
        formatP(f.pValue),
        stars(f.pValue),
      ]),
    ]),
  );
  lines.push('---');
  lines.push("Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1");
  lines.push(
    `(standard errors: ${fit.vcovType === 'hessian' ? 'finite-difference Hessian over theta and beta, as glmer' : 'conditional on the covariance parameters (RX)'})`,
  );
  lines.push(...extras(fit));
  if (fit.warnings.length > 0) {
    lines.push('');
    for (const w of fit.warnings) lines.push(`warning: ${w.message}`);
  }
  return lines.join('\n');
}

function extras(fit: GlmerResult): string[] {
  const lines: string[] = [];
  if (fit.icc.length > 0) {
    lines.push('');
    lines.push(
      `Intraclass correlation (${fit.icc[0]!.method}): ${fit.icc.map((i) => `${i.group} ${g(i.value)}`).join('; ')}`,
    );
  }
  const ci = fit.profileInterval;
  if (ci !== null) {
    const level = `${Number((ci.confLevel * 100).toPrecision(4))}%`;
    lines.push(
      `${level} profile interval for the ${ci.group} standard deviation: [${g(ci.lower)}, ${g(ci.upper)}]${ci.lowerAtBoundary ? ' (lower limit at the boundary 0)' : ''}`,
    );
  }
  const lr = fit.lrTest;
  if (lr !== null) {
    lines.push('');
    lines.push('Likelihood-ratio test against the pooled glm (same fixed effects):');
    lines.push(
      `  logLik pooled ${g(lr.pooledLogLik, 6)}, mixed ${g(lr.statistic / 2 + lr.pooledLogLik, 6)}; Chisq ${g(lr.statistic)} on ${lr.df} df, p = ${formatP(lr.pValue)}${lr.pValueBoundary === null ? '' : `; boundary-corrected (50:50 chi2(0):chi2(1)) p = ${formatP(lr.pValueBoundary)}`}`,
    );
  }
  return lines;
}

export const command: Command = {
  summary: 'Multilevel (mixed) logistic and Poisson regression, as lme4 glmer',
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      formula: { type: 'string' },
      family: { type: 'string' },
      link: { type: 'string' },
      nagq: { type: 'string' },
      level: { type: 'string' },
      'no-profile': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    const file = requireOneFile('glmer', positionals, usage);
    if (values.formula === undefined) {
      throw new InvalidArgumentError(
        '--formula',
        'muster glmer requires --formula (for example "y ~ x + (1 | war)")',
      );
    }
    const family = values.family ?? 'binomial';
    if (family !== 'binomial' && family !== 'poisson') {
      throw new InvalidArgumentError(
        '--family',
        `muster glmer requires --family binomial|poisson; received '${family}'`,
      );
    }
    const data = await readDataFile('glmer', file);
    const fit = await fitGlmer(values.formula, data, {
      family: family as MixedFamilyName,
      link: values.link as MixedLinkName | undefined,
      nAGQ: numeric('glmer', '--nagq', values.nagq),
      confLevel: numeric('glmer', '--level', values.level),
      profile: values['no-profile'] ? false : undefined,
    });
    if (values.json) return printJson(fit);
    process.stdout.write(`${formatGlmerSummary(fit, file)}\n`);
    return 0;
  },
};
