import { type ParseArgsConfig, parseArgs } from 'node:util';
import { InvalidArgumentError } from '@muster/core';

/** Parse a numeric option value; an absent option stays undefined. */
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
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(
      option,
      `muster ${command} requires a number for ${option}; received '${text}'`,
    );
  }
  return value;
}

/** An event or censoring code given on the command line: a number if it reads as one, else text. */
export function codeValue(text: string): number | string {
  return Number.isFinite(Number(text)) ? Number(text) : text;
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
  return parseArgs({ args, options, allowPositionals: true, strict: true });
}
