import { InvalidArgumentError } from './errors.ts';

/**
 * Reject option keys a function does not know, so that a misspelt option (`weight` for
 * `weights`) or an old name (`level` for `confLevel`) fails loudly instead of being ignored.
 * Keys whose value is undefined pass (callers spread partial objects). The message names the
 * current option for an old name, else the closest known key when one is near.
 *
 * @param caller - the function, first word of the message
 * @param options - the options object as received
 * @param known - the option names the function accepts
 * @param renamed - old name -> current name (defaults to the shared renames of STYLE.md:
 *   `level` -> `confLevel`, `maxit` -> `maxIter`, `epsilon`/`eps` -> `tolerance`, ...)
 * @throws InvalidArgumentError naming the unknown option
 * @example
 * ```ts
 * import { checkOptionKeys } from '@muster/core';
 * let message = '';
 * try {
 *   checkOptionKeys('fitGlmer', { level: 0.9 }, ['confLevel', 'maxIter']);
 * } catch (error) {
 *   message = (error as Error).message;
 * }
 * message;
 * // => "fitGlmer no longer takes 'level'; use 'confLevel'"
 * ```
 */
export function checkOptionKeys(
  caller: string,
  options: object | null | undefined,
  known: readonly string[],
  renamed: Readonly<Record<string, string>> = SHARED_RENAMES,
): void {
  if (options === null || options === undefined) return;
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || known.includes(key)) continue;
    const current = Object.hasOwn(renamed, key) ? renamed[key] : undefined;
    if (current !== undefined && known.includes(current)) {
      throw new InvalidArgumentError(key, `${caller} no longer takes '${key}'; use '${current}'`);
    }
    const near = closestKey(key, known);
    throw new InvalidArgumentError(
      key,
      `${caller} does not know the option '${key}'${near ? ` (did you mean '${near}'?)` : ''}; known options: ${known.join(', ')}`,
    );
  }
}

/** Old option names and the shared names that replace them (STYLE.md, Options). */
export const SHARED_RENAMES: Readonly<Record<string, string>> = {
  level: 'confLevel',
  'conf.int': 'confLevel',
  maxit: 'maxIter',
  'iter.max': 'maxIter',
  maxEvaluations: 'maxIter',
  epsilon: 'tolerance',
  eps: 'tolerance',
  gtol: 'tolerance',
  tol: 'tolerance',
  w: 'weights',
  id: 'cluster',
  se: 'vcov',
};

/** The known key within edit distance 2 (or sharing a prefix of 4) of `key`, if any. */
function closestKey(key: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  const lower = key.toLowerCase();
  for (const candidate of known) {
    const c = candidate.toLowerCase();
    const distance = c === lower ? 0 : editDistance(lower, c);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best) return best;
  for (const candidate of known) {
    const c = candidate.toLowerCase();
    if (lower.length >= 4 && (c.startsWith(lower) || lower.startsWith(c))) return candidate;
  }
  return null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}
