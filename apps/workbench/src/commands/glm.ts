import { InvalidArgumentError } from '@muster/core';
import { fitGlm, format } from '@muster/glm';
import { GLM_MODEL_OPTIONS, glmModelOptions, parseLevels } from '../cli-support/glm-options.ts';
import { flushWarnings, printJson } from '../cli-support/output.ts';
import { numeric, parseCommandArgs, requireOneFile } from '../cli-support/parse-options.ts';
import { readDataFile } from '../cli-support/read-data.ts';
import { printTable } from '../cli-support/regression-table.ts';
import type { Command } from '../command.ts';
import { fitRare, RARE_METHODS, type RareMethod } from './glm-rare.ts';

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
  process.stdout.write(`${format(fit, { data: file })}\n`);
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
    process.stdout.write(`${format(fit, { data: file })}\n`);
    return 0;
  },
};
