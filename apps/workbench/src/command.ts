import { MusterError } from '@muster/core/errors';
import { discardWarnings } from './cli-support/output.ts';

/** One `muster` subcommand. `run` returns the exit code; thrown Muster errors become exit code 2. */
export interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

/** Print an error as one line on stderr and return the exit code: 2 for user errors, 1 otherwise. */
export function fail(error: unknown): number {
  discardWarnings();
  if (
    error instanceof MusterError ||
    (error as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')
  ) {
    process.stderr.write(`muster: ${(error as Error).message}\n`);
    return 2;
  }
  const e = error as Error;
  process.stderr.write(`muster: internal error: ${e?.stack ?? String(error)}\n`);
  return 1;
}
