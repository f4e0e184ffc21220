import { InvalidArgumentError } from '@muster/core';
import { matchingWarnings } from '../warnings.ts';
import { type Coarsened, cemSubclasses } from './coarsen.ts';
import { cellCodes } from './covariates.ts';
import { requireMatched, weightsFromSubclasses } from './match-weights.ts';
import type { MethodOutput } from './run-nearest.ts';
import { subclassify } from './subclassify.ts';

/** Coarsened exact matching: subclasses are the shared cells, weighted as MatchIt's `weights.subclass`. */
export function runCem(
  fn: string,
  treat: Uint8Array,
  coarsened: Coarsened,
  estimand: 'ATT' | 'ATC' | 'ATE',
): MethodOutput {
  const subclass = cemSubclasses(cellCodes(coarsened.covariates, treat.length), treat);
  if (!subclass.some((s) => s !== null)) {
    throw new InvalidArgumentError(
      'cutPoints',
      `${fn} found no cell with both treated and control units; coarsen the variables further (fewer bins) or match on fewer variables`,
    );
  }
  const weights = weightsFromSubclasses(subclass, treat, estimand);
  requireMatched(fn, weights, treat, 'coarsen the variables further');
  return {
    weights,
    subclass,
    matchMatrix: null,
    pairing: { kind: 'subclasses', subclass, treat },
    order: null,
    warnings: [],
  };
}

/** Subclassification on the distance (MatchIt's `method = "subclass"`). */
export function runSubclass(
  fn: string,
  treat: Uint8Array,
  distance: Float64Array,
  discarded: Uint8Array,
  subclasses: number,
  estimand: 'ATT' | 'ATC' | 'ATE',
): MethodOutput & { cuts: number[] } {
  const result = subclassify(fn, distance, treat, discarded, subclasses, estimand);
  const weights = weightsFromSubclasses(result.subclass, treat, estimand);
  requireMatched(fn, weights, treat, 'use fewer subclasses');
  return {
    weights,
    subclass: result.subclass,
    matchMatrix: null,
    pairing: null,
    order: null,
    cuts: result.cuts,
    warnings: result.fewer ? [matchingWarnings.fewerSubclasses(fn, subclasses)] : [],
  };
}
