import { InvalidArgumentError } from '@muster/core';

/**
 * Option names Muster used before the shared vocabulary (STYLE.md's option table), with the
 * current name: passing an old one fails with a message naming the new one.
 */
const RENAMED_OPTIONS: Readonly<Record<string, string>> = {
  eps: 'tolerance',
  epsilon: 'tolerance',
  gtol: 'tolerance',
  tol: 'tolerance',
  maxit: 'maxIter',
  level: 'confLevel',
  conf: 'confLevel',
};

/**
 * Reject option keys a function does not know, so that a misspelt option (`weight` for
 * `weights`) fails loudly instead of being ignored. Keys whose value is undefined pass (callers
 * spread partial objects). The message names the closest known key when one is near.
 */
export function checkOptionKeys(
  caller: string,
  options: object | null | undefined,
  known: readonly string[],
): void {
  if (options === null || options === undefined) return;
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || known.includes(key)) continue;
    const renamed = RENAMED_OPTIONS[key];
    if (renamed !== undefined && known.includes(renamed)) {
      throw new InvalidArgumentError(
        key,
        `${caller} does not know the option '${key}': it is now '${renamed}'; received ${key}: ${String(value)}`,
      );
    }
    const near = closest(key, known);
    throw new InvalidArgumentError(
      key,
      `${caller} does not know the option '${key}'${near ? ` (did you mean '${near}'?)` : ''}; known options: ${known.join(', ')}`,
    );
  }
}

/** The known key within edit distance 2 (or sharing a prefix of 4) of `key`, if any. */
function closest(key: string, known: readonly string[]): string | null {
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
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
