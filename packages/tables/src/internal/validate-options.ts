/** Checks of regressionTable's arguments, each error naming the option and echoing the value. */
import {
  checkOptionKeys,
  type FitResultBase,
  InvalidArgumentError,
  isFitResult,
} from '@muster/core';
import type {
  GofStatistic,
  RegressionTableOptions,
  TableDigits,
  UncertaintyStatistic,
} from '../types.ts';
import { GOF_LABELS } from './goodness-of-fit.ts';
import { DEFAULT_DIGITS, type Digits } from './layout.ts';

const OPTION_NAMES = [
  'modelNames',
  'coefMap',
  'exponentiate',
  'uncertainty',
  'stars',
  'gof',
  'digits',
  'methodRows',
  'title',
  'notes',
];
const UNCERTAINTIES: UncertaintyStatistic[] = [
  'stdError',
  'confInt',
  'statistic',
  'pValue',
  'none',
];
const DEFAULT_STARS: [string, number][] = [
  ['*', 0.05],
  ['**', 0.01],
  ['***', 0.001],
];

const show = (value: unknown) => {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** The fits, each checked to carry the shared result fields. */
export function checkFits(fits: unknown): FitResultBase[] {
  if (!Array.isArray(fits) || fits.length === 0) {
    throw new InvalidArgumentError(
      'fits',
      `regressionTable requires a non-empty array of fitted models; received ${show(fits)}`,
    );
  }
  fits.forEach((fit, index) => {
    if (!isFitResult(fit)) {
      const kind = (fit as { kind?: unknown } | null)?.kind;
      throw new InvalidArgumentError(
        `fits[${index}]`,
        `regressionTable requires fitted models with coefficients, vcovType, confLevel and nobs; fits[${index}] is ${kind === undefined ? show(fit) : `a '${String(kind)}' result without them`}`,
      );
    }
  });
  return fits as FitResultBase[];
}

/** Rejects option names the function does not know (naming the nearest known one). */
export function checkOptionNames(options: RegressionTableOptions): void {
  checkOptionKeys('regressionTable', options, OPTION_NAMES);
}

/** One value per model from a flag or an array of flags. */
export function perModel(value: boolean | boolean[] | undefined, count: number): boolean[] {
  if (value === undefined || typeof value === 'boolean') return Array(count).fill(value ?? false);
  if (!Array.isArray(value) || value.length !== count || value.some((v) => typeof v !== 'boolean'))
    throw new InvalidArgumentError(
      'exponentiate',
      `regressionTable requires exponentiate to be a boolean or one boolean per model (${count}); received ${show(value)}`,
    );
  return value;
}

/** Column headings: the given names or `(1)`, `(2)`, ... */
export function modelNames(names: string[] | undefined, count: number): string[] {
  if (names === undefined) return Array.from({ length: count }, (_, i) => `(${i + 1})`);
  if (!Array.isArray(names) || names.length !== count || names.some((n) => typeof n !== 'string'))
    throw new InvalidArgumentError(
      'modelNames',
      `regressionTable requires one model name per fit (${count}); received ${show(names)}`,
    );
  return names;
}

/** Star thresholds sorted from the largest, or null for no stars. */
export function starThresholds(
  stars: boolean | Record<string, number> | undefined,
): [string, number][] | null {
  if (stars === undefined || stars === false) return null;
  if (stars === true) return DEFAULT_STARS;
  const entries = stars !== null && typeof stars === 'object' ? Object.entries(stars) : [];
  if (entries.length === 0 || entries.some(([, t]) => typeof t !== 'number' || !(t > 0 && t < 1))) {
    throw new InvalidArgumentError(
      'stars',
      `regressionTable requires stars to be true, false or symbols with thresholds in (0, 1); received ${show(stars)}`,
    );
  }
  return entries.sort((a, b) => b[1] - a[1]);
}

export function checkUncertainty(value: UncertaintyStatistic | undefined): UncertaintyStatistic {
  if (value === undefined) return 'stdError';
  if (!UNCERTAINTIES.includes(value))
    throw new InvalidArgumentError(
      'uncertainty',
      `regressionTable requires uncertainty ${UNCERTAINTIES.join('|')}; received ${show(value)}`,
    );
  return value;
}

export function checkGof(
  gof: GofStatistic[] | undefined,
  fallback: GofStatistic[],
): GofStatistic[] {
  if (gof === undefined) return fallback;
  const known = Object.keys(GOF_LABELS);
  if (!Array.isArray(gof) || gof.some((name) => !known.includes(name)))
    throw new InvalidArgumentError(
      'gof',
      `regressionTable requires gof to list statistics among ${known.join(', ')}; received ${show(gof)}`,
    );
  return gof;
}

export function checkDigits(digits: TableDigits | undefined): Digits {
  const out = { ...DEFAULT_DIGITS };
  for (const [name, value] of Object.entries(digits ?? {})) {
    if (!(name in DEFAULT_DIGITS))
      throw new InvalidArgumentError(
        `digits.${name}`,
        `regressionTable does not know digits.${name}; it takes ${Object.keys(DEFAULT_DIGITS).join(', ')}`,
      );
    const least = name === 'likelihood' || name === 'r2' ? 0 : 1;
    if (!Number.isInteger(value) || value < least || value > 15)
      throw new InvalidArgumentError(
        `digits.${name}`,
        `regressionTable requires digits.${name} to be an integer from ${least} to 15; received ${show(value)}`,
      );
    out[name as keyof Digits] = value;
  }
  return out;
}
