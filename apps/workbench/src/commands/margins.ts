import { InvalidArgumentError } from '@muster/core';
import { isDecimalText } from '@muster/formula';
import {
  type ContrastValues,
  fitGlm,
  type GridValues,
  type MarginalEffectsResult,
  marginalEffects,
  summary,
} from '@muster/glm';
import { GLM_MODEL_OPTIONS, glmModelOptions } from '../cli-support/glm-options.ts';
import { flushWarnings, printJson } from '../cli-support/output.ts';
import { numeric, parseCommandArgs, requireOneFile } from '../cli-support/parse-options.ts';
import { readDataFile } from '../cli-support/read-data.ts';
import type { Command } from '../command.ts';

const usage = `usage: muster margins DATA --formula F [--family binomial|poisson|gaussian|...] [--link L]
                  [--weights COL] [--offset COL] [--vcov classical|HC0|HC1|HC2|HC3|cluster]
                  [--cluster COL[,COL2]] [--cluster-type HC1|HC0] [--levels COL=a,b,...] [--firth]
                  [--at COL=a,b[,c...]]... [--grid means | --grid COL=v1,v2,...]...
                  [--variables a,b] [--conf-level 0.95] [--jacobian exact|forward] [--json]

Marginal effects of a GLM on the response scale (a probability for a binomial model), as R's
marginaleffects: average marginal effects of every predictor (slopes for numbers, 1 - 0 for 0/1
variables, each level against the first for factors), with delta-method standard errors from
the model's covariance (--vcov, --cluster as for muster glm), z tests and intervals. --at
COL=a,b adds the contrast P(COL = b) - P(COL = a) averaged over the data (more values: each
against the first); repeat it for several columns. --grid means evaluates the effects at the
means and modes (MEM); --grid COL=v1,v2 at those values, the other predictors at their means
and modes (repeat it to cross several columns). --variables limits the effects to some
predictors. The family defaults to binomial. Prints a line naming where the effects are evaluated,
the model and its covariance, then the table as marginaleffects 1.0 prints it, or the result
object with --json.`;

const COMMAND = 'margins';

/** A value as the command line gives it: a number when it is decimal text, else a level name. */
function parseValue(text: string): number | string {
  return isDecimalText(text) ? Number(text) : text;
}

/** `COL=v1,v2,...` split into the column and its values. */
function assignment(option: string, spec: string, minimum: number): [string, (number | string)[]] {
  const eq = spec.indexOf('=');
  const values = spec.slice(eq + 1).split(',');
  if (eq <= 0 || values.length < minimum || values.some((v) => v === '')) {
    throw new InvalidArgumentError(
      option,
      `muster ${COMMAND} requires ${option} COL=${minimum > 1 ? 'a,b' : 'v1,v2'},... with ${minimum > 1 ? 'at least two' : 'one or more'} non-empty values; received '${spec}'`,
    );
  }
  return [spec.slice(0, eq), values.map(parseValue)];
}

/** `--at x=a,b,c` as the contrasts b - a and c - a (a contrast per column; several need several calls). */
function parseAt(specs: string[]): ContrastValues[] {
  const rounds: ContrastValues[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    const [name, values] = assignment('--at', spec, 2);
    if (seen.has(name)) {
      throw new InvalidArgumentError(
        '--at',
        `muster ${COMMAND} requires one --at per column; received '${name}' twice`,
      );
    }
    seen.add(name);
    values.slice(1).forEach((value, k) => {
      if (rounds[k] === undefined) rounds[k] = {};
      rounds[k][name] = [values[0], value];
    });
  }
  return rounds;
}

function parseGrid(specs: string[]): 'observed' | 'means' | GridValues {
  if (specs.length === 0) return 'observed';
  if (specs.length === 1 && specs[0] === 'means') return 'means';
  const grid: GridValues = {};
  for (const spec of specs) {
    const [name, values] = assignment('--grid', spec, 1);
    grid[name] = values;
  }
  return grid;
}

/** Run marginalEffects, naming the option behind a bad contrast or grid value. */
function withOptionNames<T>(specs: Record<string, string[]>, run: () => T): T {
  try {
    return run();
  } catch (error) {
    const argument = (error as { argument?: string }).argument;
    const option = argument === 'contrasts' ? '--at' : argument === 'grid' ? '--grid' : null;
    if (error instanceof InvalidArgumentError && option !== null) {
      const given = specs[option].map((s) => `${option} ${s}`).join(' ');
      throw new InvalidArgumentError(
        option,
        `muster ${COMMAND} cannot use '${given}': ${(error as Error).message}`,
      );
    }
    throw error;
  }
}

/**
 * The text of marginal effects: summary(result) of @muster/glm (marginaleffects' print) under its
 * header line, then the warnings.
 */
export function marginsText(result: MarginalEffectsResult): string {
  const lines = summary(result, { header: true }).split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (result.warnings.length > 0) {
    lines.push('', ...result.warnings.map((w) => `warning: ${w.message}`));
  }
  return lines.join('\n');
}

export const command: Command = {
  summary: 'Marginal effects and contrasts of a GLM on the response scale (as marginaleffects)',
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      ...GLM_MODEL_OPTIONS,
      at: { type: 'string', multiple: true },
      grid: { type: 'string', multiple: true },
      variables: { type: 'string' },
      'conf-level': { type: 'string' },
      level: { type: 'string' },
      jacobian: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const file = requireOneFile(COMMAND, positionals, usage);
    const model = glmModelOptions(COMMAND, values, 'binomial');
    if (values.level !== undefined) {
      throw new InvalidArgumentError(
        '--level',
        `muster ${COMMAND} option --level was renamed --conf-level`,
      );
    }
    const confLevel = numeric(COMMAND, '--conf-level', values['conf-level']);
    const jacobian = values.jacobian;
    if (jacobian !== undefined && jacobian !== 'exact' && jacobian !== 'forward') {
      throw new InvalidArgumentError(
        '--jacobian',
        `muster ${COMMAND} requires --jacobian exact or forward; received '${jacobian}'`,
      );
    }
    const specs = { '--at': values.at ?? [], '--grid': values.grid ?? [] };
    const rounds = parseAt(specs['--at']);
    const grid = parseGrid(specs['--grid']);
    const variables = values.variables?.split(',');
    const data = await readDataFile(COMMAND, file);
    const fit = await fitGlm(model.formula, data, model.options);
    const result = withOptionNames(specs, () => {
      const common = { grid, confLevel, jacobian: jacobian as 'exact' | 'forward' | undefined };
      const first = marginalEffects(fit, data, { ...common, variables, contrasts: rounds[0] });
      for (const contrasts of rounds.slice(1)) {
        first.effects.push(
          ...marginalEffects(fit, data, { ...common, variables: [], contrasts }).effects,
        );
      }
      return first;
    });
    if (values.json) return printJson(result);
    flushWarnings();
    process.stdout.write(`${marginsText(result)}\n`);
    return 0;
  },
};
