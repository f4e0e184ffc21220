/**
 * Option names are shared by every Muster fit (STYLE.md): an option a function does not take is
 * refused, naming it, and an old name is refused with the current one.
 */
import { InvalidArgumentError } from '@muster/core';

/** Old option names and their current spelling. */
const RENAMED: Readonly<Record<string, string>> = {
  maxit: 'maxIter',
  epsilon: 'tolerance',
  level: 'confLevel',
};

/**
 * Throw InvalidArgumentError for an option (with a value) that `caller` does not take: "fitGlm
 * option maxit was renamed maxIter" for an old name, else the list of the options it takes.
 */
export function checkOptionNames(
  caller: string,
  options: object | undefined,
  known: readonly string[],
): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object') {
    throw new InvalidArgumentError(
      'options',
      `${caller} requires options to be an object; received ${typeof options}`,
    );
  }
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined || known.includes(name)) continue;
    const current = RENAMED[name];
    throw new InvalidArgumentError(
      name,
      current === undefined
        ? `${caller} does not take option ${name}; its options are ${known.join(', ')}`
        : `${caller} option ${name} was renamed ${current}`,
    );
  }
}
