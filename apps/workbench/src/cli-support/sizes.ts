/**
 * Limits of the size options of the command line: wide enough for any analysis the commands are
 * for, narrow enough that a mistyped value is a clear error rather than an allocation failure or
 * a loop that runs for minutes.
 */
import type { SizeRange } from './parse-options.ts';

/** EMS smoothing order k of back-projection (backprojNP uses 2). */
export const K: SizeRange = { min: 0, max: 100 };
/** Bootstrap replicates. */
export const BOOTSTRAP: SizeRange = { min: 1, max: 100_000 };
/** Posterior draws of reconstruct (at least 100, as the estimator requires). */
export const DRAWS: SizeRange = { min: 100, max: 1_000_000 };
/** Iterations of an iterative fit. */
export const MAX_ITER: SizeRange = { min: 1, max: 1_000_000 };
/** A steady offence rate per period. */
export const RATE: SizeRange = { min: 0, max: 1e9 };
/** Controls matched to each treated unit. */
export const RATIO: SizeRange = { min: 1, max: 1000 };
/** Subclasses of subclassification matching. */
export const SUBCLASSES: SizeRange = { min: 1, max: 1000 };
