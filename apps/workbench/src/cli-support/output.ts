/** Warnings about the input (from readCsv), printed on stderr once the command succeeds. */
const inputWarnings: string[] = [];

/** Keep a warning about the input for the end of a successful command (an error stays one line). */
export function warnAboutInput(message: string): void {
  inputWarnings.push(message);
}

/** Print the input warnings on stderr and forget them. */
export function flushWarnings(): void {
  for (const message of inputWarnings.splice(0)) process.stderr.write(`${message}\n`);
}

/** Forget the input warnings (the command failed: its error is the one line it prints). */
export function discardWarnings(): void {
  inputWarnings.length = 0;
}

/** Print a result object as indented JSON on stdout; returns exit code 0. */
export function printJson(value: unknown): number {
  flushWarnings();
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  return 0;
}

/** Print lines of a readable report on stdout; returns exit code 0. */
export function printLines(lines: string[]): number {
  flushWarnings();
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
