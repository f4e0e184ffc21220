import { InvalidArgumentError } from '@muster/core';
import { fitGlm, type GlmResult } from '@muster/glm';
import { fmt, pad } from '../cli-support/format-table.ts';
import { GLM_MODEL_OPTIONS, glmModelOptions, parseLevels } from '../cli-support/glm-options.ts';
import { flushWarnings, printJson } from '../cli-support/output.ts';
import { numeric, parseCommandArgs, requireOneFile } from '../cli-support/parse-options.ts';
import { readDataFile } from '../cli-support/read-data.ts';
import { printTable } from '../cli-support/regression-table.ts';
import type { Command } from '../command.ts';
import { fitRare, formatRareSummary, RARE_METHODS, type RareMethod } from './glm-rare.ts';

const usage = `usage: muster glm DATA --formula F [--link L]
                  [--family binomial|poisson|gaussian|Gamma|inverse.gaussian|quasibinomial|quasipoisson|
                            negative.binomial]
                  [--weights COL] [--offset COL] [--vcov classical|HC0|HC1|HC2|HC3|cluster]
                  [--cluster COL[,COL2]] [--cluster-type HC1|HC0] [--levels COL=a,b,...] [--firth] [--conf-level 0.95]
                  [--profile [exact|spline]] [--no-profile] [--json | --table]
       muster glm DATA --formula F --method relogit [--tau T] [--json | --table]
       muster glm DATA --formula F --method bayes [--link L] [--weights COL] [--prior-scale S]
                  [--prior-df D|Inf] [--json | --table]

Generalised linear model (as R's glm): F is "y ~ terms"; a binomial response may be 0/1, a
proportion with --weights, cbind(successes, failures) or a two-level string column. --vcov
chooses the covariance behind standard errors, tests and Wald intervals (cluster: CR1 by
--cluster or a cluster(COL) term in F, as sandwich::vcovCL(type = "HC1"); --cluster war,year
clusters two-way; --cluster-type HC0 applies G/(G-1) only, as Stata's logit). --levels orders
the levels of a text column, first the reference (for a text response: the failure); repeat it
for several columns. Profile intervals are exact likelihood-ratio roots, computed up to 200,000
design cells unless --profile asks for them at any size; --profile spline prints R 4.2's
confint(fit) (MASS's profile and spline interpolation) to match a published R table. --firth fits Firth's bias-reduced model
(brglm2 AS_mean). Binomial fits are checked for separation by linear programming. Prints an
R-like summary, Wald and exact profile-likelihood intervals, the regression table of the fit with
--table (as muster table lays out several), or the result object with --json.

For a rare or separated binary outcome: --method relogit fits King and Zeng's rare-events logit
(bias-corrected estimates; --tau T, the population fraction of events, adds the prior correction
for data sampled on the outcome); --method bayes fits logistic regression with independent
Cauchy(0, 2.5) priors on the coefficients of inputs scaled to 2 sd, as arm::bayesglm
(--prior-scale and --prior-df change the prior; --prior-df Inf is normal).`;

function profileOption(
  profile: string | undefined,
  noProfile: boolean,
): boolean | 'spline' | undefined {
  if (profile !== undefined && !['exact', 'spline'].includes(profile)) {
    throw new InvalidArgumentError(
      '--profile',
      `muster glm requires --profile exact or --profile spline; received '${profile}'`,
    );
  }
  if (noProfile && profile !== undefined) {
    throw new InvalidArgumentError(
      '--profile',
      'muster glm takes --profile or --no-profile, not both',
    );
  }
  if (noProfile) return false;
  return profile === undefined ? undefined : profile === 'spline' ? 'spline' : true;
}

/** R's format.pval with 3 significant digits (printCoefmat's default). */
function formatP(p: number | null): string {
  if (p === null || Number.isNaN(p)) return 'NA';
  if (p < 2.220446049250313e-16) return '<2e-16';
  if (p < 1e-4) return p.toExponential(2).replace(/e([+-])(\d)$/, 'e$10$2');
  return String(Number(p.toPrecision(3)));
}

function stars(p: number | null): string {
  if (p === null || Number.isNaN(p)) return '';
  return p < 0.001 ? '***' : p < 0.01 ? '**' : p < 0.05 ? '*' : p < 0.1 ? '.' : '';
}

/** A column of numbers with a common number of decimals and `digits` significant digits for its smallest entry. */
function formatColumn(values: (number | null)[], digits: number): string[] {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v) && v !== 0);
  if (finite.length === 0) return values.map((v) => (v === null ? 'NA' : String(v)));
  const smallest = Math.min(...finite.map(Math.abs));
  const largest = Math.max(...finite.map(Math.abs));
  if (smallest < 1e-4 || largest >= 1e15) {
    return values.map((v) =>
      v === null ? 'NA' : v.toExponential(digits - 1).replace(/e([+-])(\d)$/, 'e$10$2'),
    );
  }
  const decimals = Math.min(10, Math.max(0, digits - 1 - Math.floor(Math.log10(smallest))));
  return values.map((v) => (v === null ? 'NA' : v.toFixed(decimals)));
}

function fixed(x: number, decimals = 2): string {
  return Number.isFinite(x) ? x.toFixed(decimals) : String(x);
}

/** An R-like summary(glm) print-out of a result. */
export function formatGlmSummary(fit: GlmResult, data: string): string {
  const lines: string[] = [];
  const family = fit.family === 'Gamma' ? 'Gamma' : fit.family;
  lines.push('Call:');
  lines.push(
    `glm(formula = ${fit.formula}, family = ${family}(link = "${fit.link}"), data = ${data}${fit.weights ? `, weights = ${fit.weights}` : ''}${fit.method === 'firth' ? ', method = "brglmFit", type = "AS_mean"' : ''})`,
  );
  if (fit.responseLevels !== undefined) {
    lines.push(
      `Response: P(${fit.responseLevels.success.join(' or ')}); '${fit.responseLevels.failure}' counts as failure`,
    );
  }
  lines.push('');
  const stat = fit.statisticType === 't' ? 't value' : 'z value';
  const pname = fit.statisticType === 't' ? 'Pr(>|t|)' : 'Pr(>|z|)';
  const vcovLabel =
    fit.vcovType === 'classical'
      ? 'classical'
      : fit.vcovType === 'cluster'
        ? `cluster-robust ${fit.clusterType === 'HC0' ? 'CR0 (G/(G-1), as Stata)' : 'CR1'} by ${fit.cluster} (${(fit.nClustersByDimension ?? [fit.nClusters]).join(' x ')} clusters)`
        : `heteroskedasticity-consistent ${fit.vcovType}`;
  lines.push(
    `Coefficients (standard errors: ${vcovLabel}${fit.method === 'firth' ? '; Firth bias-reduced estimates' : ''}):`,
  );
  const estimates = formatColumn(
    fit.coefficients.map((c) => c.estimate),
    5,
  );
  const errors = formatColumn(
    fit.coefficients.map((c) => c.stdError),
    5,
  );
  const anyAliased = fit.coefficients.some((c) => c.estimate === null);
  lines.push(
    pad([
      ['', 'Estimate', 'Std. Error', stat, pname, ''],
      ...fit.coefficients.map((c, j) => [
        c.term,
        estimates[j],
        errors[j],
        c.statistic === null ? 'NA' : c.statistic.toFixed(3),
        formatP(c.pValue),
        stars(c.pValue),
      ]),
    ]),
  );
  lines.push('---');
  lines.push("Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1");
  if (anyAliased)
    lines.push('(Coefficients shown as NA are not defined because of singularities.)');
  lines.push('');
  lines.push(
    fit.statisticType === 'z'
      ? `(Dispersion parameter for ${family} family taken to be 1)`
      : Number.isFinite(fit.dispersion)
        ? `(Dispersion parameter for ${family} family taken to be ${Number(fit.dispersion.toPrecision(7))})`
        : `(Dispersion parameter for ${family} family not estimable: no residual degrees of freedom)`,
  );
  lines.push('');
  lines.push(`    Null deviance: ${fixed(fit.nullDeviance)}  on ${fit.dfNull}  degrees of freedom`);
  lines.push(`Residual deviance: ${fixed(fit.deviance)}  on ${fit.dfResidual}  degrees of freedom`);
  if (fit.nDropped > 0)
    lines.push(
      `  (${fit.nDropped} observation${fit.nDropped === 1 ? '' : 's'} deleted due to missingness)`,
    );
  lines.push(`AIC: ${Number.isFinite(fit.aic) ? Number(fit.aic.toPrecision(5)) : fmt(fit.aic)}`);
  lines.push('');
  lines.push(
    fit.converged
      ? `Number of Fisher Scoring iterations: ${fit.iterations}`
      : `Did not converge in ${fit.iterations} iterations`,
  );
  lines.push('');
  const level = `${Number((fit.confLevel * 100).toPrecision(4))}%`;
  const profile = fit.intervals.profile !== null;
  lines.push(
    `${level} confidence intervals (Wald: normal quantile, ${vcovLabel}${profile ? `; profile: ${fit.intervals.profile?.includes('spline') ? "MASS's profile and spline, as R's confint" : 'exact likelihood-ratio roots'}` : ''}):`,
  );
  const columns = [fit.coefficients.map((c) => c.lower), fit.coefficients.map((c) => c.upper)];
  if (profile)
    columns.push(
      fit.coefficients.map((c) => c.profileLower),
      fit.coefficients.map((c) => c.profileUpper),
    );
  const formatted = columns.map((col) => formatColumn(col, 5));
  lines.push(
    pad([
      ['', 'Wald lower', 'Wald upper', ...(profile ? ['Profile lower', 'Profile upper'] : [])],
      ...fit.coefficients.map((c, j) => [c.term, ...formatted.map((col) => col[j])]),
    ]),
  );
  if (fit.warnings.length > 0) {
    lines.push('');
    for (const w of fit.warnings) lines.push(`warning: ${w.message}`);
  }
  return lines.join('\n');
}

/** `--method relogit|bayes`: the options they take, the fit, and its summary. */
async function runRare(
  method: RareMethod,
  values: Record<string, string | boolean | string[] | undefined>,
  file: string,
): Promise<number> {
  const given = (flag: string) => values[flag] !== undefined && values[flag] !== false;
  const refused = ['offset', 'vcov', 'cluster', 'cluster-type', 'profile', 'no-profile']
    .filter(given)
    .map((flag) => `--${flag}`);
  const text = (flag: string) => values[flag] as string | undefined;
  const data = await readDataFile('glm', file);
  const fit = await fitRare(method, data, {
    formula: text('formula') as string,
    family: text('family'),
    link: text('link'),
    weights: text('weights'),
    levels: parseLevels('glm', (values.levels as string[] | undefined) ?? []),
    confLevel: numeric('glm', '--conf-level', text('conf-level')),
    tau: text('tau'),
    priorScale: text('prior-scale'),
    priorDf: text('prior-df'),
    refused,
  });
  if (values.json === true) return printJson(fit);
  if (values.table === true) return printTable(fit);
  flushWarnings();
  process.stdout.write(`${formatRareSummary(fit, file)}\n`);
  return 0;
}

export const command: Command = {
  summary:
    'Generalised linear models (logistic, Poisson, ...) with robust errors, Firth, separation check',
  usage,
  async run(rawArgs: string[]): Promise<number> {
    // --profile takes an optional value: exact (the default when given alone) or spline.
    const args = rawArgs.map((a, i) =>
      a === '--profile' && !['exact', 'spline'].includes(rawArgs[i + 1] ?? '')
        ? '--profile=exact'
        : a,
    );
    const { values, positionals } = parseCommandArgs(args, {
      ...GLM_MODEL_OPTIONS,
      method: { type: 'string' },
      tau: { type: 'string' },
      'prior-scale': { type: 'string' },
      'prior-df': { type: 'string' },
      'conf-level': { type: 'string' },
      // The old spelling, refused with the new one.
      level: { type: 'string' },
      profile: { type: 'string' },
      'no-profile': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      table: { type: 'boolean', default: false },
    });
    const file = requireOneFile('glm', positionals, usage);
    if (values.json && values.table)
      throw new InvalidArgumentError('--table', 'muster glm takes --json or --table, not both');
    if (values.formula === undefined) {
      throw new InvalidArgumentError(
        '--formula',
        'muster glm requires --formula (for example "y ~ x + g")',
      );
    }
    if (values.level !== undefined) {
      throw new InvalidArgumentError(
        '--level',
        'muster glm option --level was renamed --conf-level',
      );
    }
    const method = values.method ?? (values.firth ? 'firth' : 'ml');
    if (!['ml', 'firth', ...RARE_METHODS].includes(method)) {
      throw new InvalidArgumentError(
        '--method',
        `muster glm requires --method ml|firth|${RARE_METHODS.join('|')}; received '${method}'`,
      );
    }
    if (values.firth && method !== 'firth') {
      throw new InvalidArgumentError(
        '--firth',
        `muster glm takes --firth or --method ${method}, not both`,
      );
    }
    if ((RARE_METHODS as readonly string[]).includes(method)) {
      return runRare(method as RareMethod, values, file);
    }
    for (const [flag, needs] of [
      ['tau', 'relogit'],
      ['prior-scale', 'bayes'],
      ['prior-df', 'bayes'],
    ] as const) {
      if (values[flag] !== undefined) {
        throw new InvalidArgumentError(
          `--${flag}`,
          `muster glm takes --${flag} only with --method ${needs}`,
        );
      }
    }
    const model = glmModelOptions('glm', values, 'gaussian');
    const confLevel = numeric('glm', '--conf-level', values['conf-level']);
    const data = await readDataFile('glm', file);
    const fit = await fitGlm(model.formula, data, {
      ...model.options,
      firth: method === 'firth',
      confLevel,
      profile: profileOption(values.profile, values['no-profile']),
    });
    if (values.json) return printJson(fit);
    if (values.table) return printTable(fit);
    flushWarnings();
    process.stdout.write(`${formatGlmSummary(fit, file)}\n`);
    return 0;
  },
};
