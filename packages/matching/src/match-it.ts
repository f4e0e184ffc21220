import { InvalidArgumentError } from '@muster/core';
import type { DataInput } from '@muster/formula';
import { balanceTables } from './internal/balance-tables.ts';
import { coarsen } from './internal/coarsen.ts';
import {
  balanceColumns,
  type Covariate,
  cellCodes,
  frameCovariates,
} from './internal/covariates.ts';
import { type Columns, completeFrame, rowCount, toColumns } from './internal/data.ts';
import { discardUnits } from './internal/discard.ts';
import {
  settings as checkSettings,
  type MatchItOptions,
  type Settings,
} from './internal/options.ts';
import { type Distance, estimatePropensity, userDistance } from './internal/propensity.ts';
import { type MethodOutput, runNearest } from './internal/run-nearest.ts';
import { runCem, runSubclass } from './internal/run-strata.ts';
import { weightedVariance } from './internal/statistics.ts';
import { binaryTreatment } from './internal/treatment.ts';
import type { MatchResult } from './types.ts';

export type { MatchItOptions } from './internal/options.ts';

const fn = 'matchIt';

/**
 * Match treated and control units as R's `MatchIt::matchit()` and report balance as its
 * `summary()`: the matched units, pair or subclass ids, matching weights, discarded units, and
 * balance before and after (standardised mean differences, variance ratios, eCDF statistics).
 *
 * Methods: `nearest` (greedy nearest-neighbour on the distance, 1:k, with or without
 * replacement, in MatchIt's orders, with a caliper in standard deviations of the distance and
 * exact matching on named columns), `cem` (coarsened exact matching with Sturges' or given cut
 * points) and `subclass` (subclassification on distance quantiles). The distance is a propensity
 * score from a binomial GLM of the treatment on the covariates (`@muster/glm`), or supplied.
 * Results agree with MatchIt 4.5.1 (with its upstream fixes; see the README) unit for unit.
 *
 * @param formula - `treat ~ covariates` (R syntax; the treatment has exactly two values).
 * @param data - Columns by name or an arquero table; no missing treatment or covariate values.
 * @param options - See {@link MatchItOptions}: method, estimand, distance, link, ratio, replace,
 *   order, seed, caliper, stdCaliper, exact, discard, cutPoints, subclasses.
 * @returns A {@link MatchResult}; warnings say when units are left unmatched or differ from
 *   MatchIt builds with known bugs.
 * @throws InvalidArgumentError for a treatment without exactly two values, bad options, or when
 *   no units can be matched (for instance a caliper that leaves none); DataError for a missing
 *   value (with its row); FormulaError for a bad formula.
 * @example
 * ```ts
 * const m = await matchIt('treat ~ x', { treat: [1, 1, 0, 0, 0], x: [0.9, 0.4, 0.5, 0.8, 0.1] }, {
 *   distance: 'x',
 * });
 * m.matchMatrix; // => [{ focal: 0, matches: [3] }, { focal: 1, matches: [2] }]
 * m.weights;     // => [1, 1, 1, 1, 0]
 * m.subclass;    // => [1, 2, 2, 1, null]
 * ```
 */
export async function matchIt(
  formula: string,
  data: DataInput,
  options: MatchItOptions = {},
): Promise<MatchResult> {
  const settings = checkSettings(fn, options);
  const columns = toColumns(fn, data);
  const n = rowCount(fn, columns);
  const frame = completeFrame(fn, formula, columns);
  const treatment = binaryTreatment(fn, frame);
  const covariates = frameCovariates(fn, frame, treatment.column);
  const exactCovariates = exactVariables(settings, columns, covariates);
  const distance = await distanceOf(settings, formula, columns, treatment, n);
  const treat = treatment.treat;
  const discarded = discardUnits(settings.discard, treat, distance?.values ?? null);
  const caliper = caliperOnDistance(settings, distance, discarded);
  const output = runMethod(
    settings,
    treat,
    distance,
    discarded,
    covariates,
    exactCovariates,
    caliper,
  );
  const balanceCovariates = [
    ...covariates,
    ...exactCovariates.filter((e) => !covariates.some((c) => c.name === e.name)),
  ];
  const balance = balanceTables({
    estimand: settings.estimand,
    treat,
    distance: distance?.values ?? null,
    columns: balanceColumns(balanceCovariates),
    weights: output.weights,
    discarded,
    pairing: output.pairing,
  });
  return {
    kind: 'matching',
    formula,
    method: settings.method,
    estimand: settings.estimand,
    treatment: {
      column: treatment.column,
      treatedValue: treatment.treatedValue,
      controlValue: treatment.controlValue,
    },
    covariates: covariates.map((c) => c.name),
    treat: Array.from(treat),
    distance: distance === null ? null : Array.from(distance.values),
    distanceInfo: distance?.info ?? null,
    discarded: Array.from(discarded, (d) => d === 1),
    weights: Array.from(output.weights),
    subclass: output.subclass,
    matchMatrix: output.matchMatrix,
    caliper,
    nearest:
      settings.method === 'nearest'
        ? {
            ratio: settings.ratio,
            replace: settings.replace,
            order: output.order!,
            seed: output.order === 'random' ? settings.seed : null,
            exact: settings.exact,
          }
        : null,
    cutPoints: output.cutPoints,
    balance,
    warnings: [...settings.warnings, ...(distance?.warnings ?? []), ...output.warnings],
  };
}

function exactVariables(
  settings: Settings,
  columns: Columns,
  covariates: Covariate[],
): Covariate[] {
  if (settings.exact.length === 0) return [];
  if (settings.method !== 'nearest') return [];
  for (const name of settings.exact) {
    if (columns[name] === undefined) {
      throw new InvalidArgumentError(
        'exact',
        `${fn} requires exact to name columns of data; received '${name}' (columns: ${Object.keys(columns).join(', ')})`,
      );
    }
  }
  const frame = completeFrame(
    fn,
    `~ ${settings.exact.map((v) => `\`${v}\``).join(' + ')}`,
    columns,
  );
  return frameCovariates(fn, frame, null).map(
    (c) => covariates.find((k) => k.name === c.name) ?? c,
  );
}

async function distanceOf(
  settings: Settings,
  formula: string,
  columns: Columns,
  treatment: ReturnType<typeof binaryTreatment>,
  n: number,
): Promise<Distance | null> {
  if (settings.method === 'cem') return null;
  if (settings.distance === 'glm')
    return estimatePropensity(fn, formula, columns, treatment, settings.link);
  return userDistance(fn, columns, settings.distance, n);
}

/** MatchIt's `process.caliper`: the caliper times the sd of the distance among the units kept. */
function caliperOnDistance(
  settings: Settings,
  distance: Distance | null,
  discarded: Uint8Array,
): number | null {
  if (settings.caliper === null || settings.method !== 'nearest' || distance === null) return null;
  const kept: number[] = [];
  for (let i = 0; i < discarded.length; i++) if (discarded[i] === 0) kept.push(i);
  if (new Set(kept.map((i) => distance.values[i])).size < 2) return null;
  if (!settings.stdCaliper) return settings.caliper;
  return settings.caliper * Math.sqrt(weightedVariance(distance.values, null, kept, false));
}

function runMethod(
  settings: Settings,
  treat: Uint8Array,
  distance: Distance | null,
  discarded: Uint8Array,
  covariates: Covariate[],
  exactCovariates: Covariate[],
  caliper: number | null,
): MethodOutput & { cutPoints: Record<string, number[]> | null } {
  if (settings.method === 'cem') {
    if (covariates.length === 0) {
      throw new InvalidArgumentError(
        'formula',
        `${fn} requires covariates on the right of the formula for method 'cem'`,
      );
    }
    const coarsened = coarsen(fn, covariates, settings.cutPoints);
    return { ...runCem(fn, treat, coarsened, settings.estimand), cutPoints: coarsened.cutPoints };
  }
  const values = distance!.values;
  if (settings.method === 'subclass') {
    const out = runSubclass(fn, treat, values, discarded, settings.subclasses, settings.estimand);
    return { ...out, cutPoints: { distance: out.cuts } };
  }
  const output = runNearest(fn, treat, values, discarded, {
    estimand: settings.estimand as 'ATT' | 'ATC',
    ratio: settings.ratio,
    replace: settings.replace,
    order: settings.order,
    seed: settings.seed,
    caliper,
    exact: exactCovariates.length === 0 ? null : cellCodes(exactCovariates, treat.length),
  });
  return { ...output, cutPoints: null };
}
