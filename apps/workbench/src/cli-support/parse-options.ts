import { type ParseArgsConfig, parseArgs } from 'node:util';
import { InvalidArgumentError } from '@muster/core';
import { isDecimalText } from '@muster/formula';

/** Parse a numeric option value (decimal notation only); an absent option stays undefined. */
export function numeric(command: string, option: string, text: string): number;
export function numeric(
  command: string,
  option: string,
  text: string | undefined,
): number | undefined;
export function numeric(
  command: string,
  option: string,
  text: string | undefined,
): number | undefined {
  if (text === undefined) return undefined;
  const value = isDecimalText(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) {
    throw new InvalidArgumentError(
      option,
      `muster ${command} requires a number for ${option}; received '${text}'`,
    );
  }
  return value;
}

/** The range of a size option: integers from `min` to `max`. */
export interface SizeRange {
  min: number;
  max: number;
}

/**
 * Parse an integer option bounded by `range` (sizes such as --k, --bootstrap, --draws), so that
 * a huge value is a clear error rather than an allocation failure or an endless loop.
 */
export function integerOption(
  command: string,
  option: string,
  text: string | undefined,
  range: SizeRange,
): number | undefined {
  const value = numeric(command, option, text);
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new InvalidArgumentError(
      option,
      `muster ${command} requires ${option} to be an integer from ${range.min} to ${range.max}; received '${text}'`,
    );
  }
  return value;
}

/** Parse a number option that must lie in [min, max]. */
export function boundedOption(
  command: string,
  option: string,
  text: string | undefined,
  range: SizeRange,
): number | undefined {
  const value = numeric(command, option, text);
  if (value === undefined) return undefined;
  if (value < range.min || value > range.max) {
    throw new InvalidArgumentError(
      option,
      `muster ${command} requires ${option} from ${range.min} to ${range.max}; received '${text}'`,
    );
  }
  return value;
}

/** Refuse an option given without the option it modifies (it would have no effect). */
export function requireWith(
  command: string,
  values: Record<string, unknown>,
  option: string,
  needs: string,
): void {
  if (values[option] !== undefined && values[needs] === undefined) {
    throw new InvalidArgumentError(
      `--${option}`,
      `muster ${command} requires --${needs} for --${option} to have an effect; received --${option} without --${needs}`,
    );
  }
}

/** An event or censoring code given on the command line: a number if it reads as one, else text. */
export function codeValue(text: string): number | string {
  return isDecimalText(text) && Number.isFinite(Number(text)) ? Number(text) : text;
}

/**
 * The one input file of a command (DATA, COUNTS, FIGURES); any other number of positionals is a
 * user error that repeats the usage.
 */
export function requireOneFile(
  command: string,
  positionals: string[],
  usage: string,
  what = 'DATA',
): string {
  if (positionals.length !== 1) {
    throw new InvalidArgumentError(
      what,
      `muster ${command} requires one ${what} file; received ${positionals.length}\n${usage}`,
    );
  }
  return positionals[0];
}

type CommandArgsConfig<O> = { args: string[]; options: O; allowPositionals: true; strict: true };

/** Parse a command's arguments strictly (node:util parseArgs), positionals allowed. */
export function parseCommandArgs<const O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
): ReturnType<typeof parseArgs<CommandArgsConfig<O>>> {
  return parseArgs({
    args: attachNegativeValues(args, options),
    options,
    allowPositionals: true,
    strict: true,
  });
}

/**
 * `--rho -1` is `--rho=-1`: a value that reads as a negative number after an option that takes a
 * value belongs to it (node:util would call it ambiguous), so the command's own check sees it.
 */
function attachNegativeValues(
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : null;
    const next = args[i + 1];
    if (
      name !== null &&
      Object.hasOwn(options, name) &&
      options[name].type === 'string' &&
      next !== undefined &&
      /^-(?:[0-9.]|Inf)/.test(next)
    ) {
      out.push(`${arg}=${next}`);
      i += 1;
    } else {
      out.push(arg);
    }
  }
  return out;
}
