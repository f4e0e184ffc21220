/** Print a result object as indented JSON on stdout; returns exit code 0. */
export function printJson(value: unknown): number {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  return 0;
}

/** Print lines of a readable report on stdout; returns exit code 0. */
export function printLines(lines: string[]): number {
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
