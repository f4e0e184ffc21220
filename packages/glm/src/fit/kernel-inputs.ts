/**
 * The inputs of glmFit checked and resolved: dimensions, family and link, method, the vectors as
 * Float64Array, prior weights, whether the design has an intercept, convergence control.
 */
import { checkOptionKeys, InvalidArgumentError } from '@muster/core';
import type { GlmFitOptions } from '../glm-fit.ts';
import { type Family, resolveFamily } from '../internal/family.ts';

const GLM_FIT_OPTIONS = [
  'family',
  'link',
  'weights',
  'offset',
  'trials',
  'intercept',
  'start',
  'mustart',
  'tolerance',
  'maxIter',
  'method',
  'theta',
  'caller',
  'threads',
] as const satisfies readonly (keyof GlmFitOptions)[];

/** What the kernel's steps read: x is nrow x ncol column-major, every vector has length nrow. */
export interface KernelInputs {
  caller: string;
  x: Float64Array;
  n: number;
  p: number;
  family: Family;
  method: 'ml' | 'firth';
  y: Float64Array;
  weights: Float64Array;
  offset: Float64Array | null;
  trials: Float64Array | null;
  mustart: Float64Array | null;
  start: ArrayLike<number> | null;
  intercept: boolean;
  tolerance: number;
  maxIter: number;
  /** threads for the row passes of large fits (undefined: all available) */
  threads: number | undefined;
}

function toFloat64(
  caller: string,
  name: string,
  v: ArrayLike<number> | null | undefined,
  n: number,
): Float64Array | null {
  if (v == null) return null;
  if (v.length !== n) {
    throw new InvalidArgumentError(
      name,
      `${caller} requires ${name} to have one value per row (${n}); received length ${v.length}`,
    );
  }
  return v instanceof Float64Array ? v : Float64Array.from(v);
}

export function kernelInputs(
  x: Float64Array,
  nrow: number,
  ncol: number,
  y: ArrayLike<number>,
  options: GlmFitOptions,
): KernelInputs {
  const caller = options.caller ?? 'glmFit';
  checkOptionKeys(caller, options, GLM_FIT_OPTIONS);
  if (!Number.isInteger(nrow) || nrow < 1 || !Number.isInteger(ncol) || ncol < 0) {
    throw new InvalidArgumentError(
      'nrow',
      `${caller} requires positive integer dimensions; received nrow = ${nrow}, ncol = ${ncol}`,
    );
  }
  if (x.length !== nrow * ncol) {
    throw new InvalidArgumentError(
      'x',
      `${caller} requires x to have nrow * ncol = ${nrow * ncol} values; received ${x.length}`,
    );
  }
  const n = nrow;
  const family = resolveFamily(caller, options.family, options.link, undefined, options.theta);
  const method = options.method ?? 'ml';
  if (method !== 'ml' && method !== 'firth') {
    throw new InvalidArgumentError(
      'method',
      `${caller} requires method 'ml' or 'firth'; received '${method}'`,
    );
  }
  if (method === 'firth' && !family.fixedDispersion) {
    throw new InvalidArgumentError(
      'firth',
      `${caller} supports firth for the binomial and poisson families; received family ${family.name}`,
    );
  }
  const yy = toFloat64(caller, 'y', y, n) as Float64Array;
  const weights = toFloat64(caller, 'weights', options.weights, n) ?? new Float64Array(n).fill(1);
  const offset = toFloat64(caller, 'offset', options.offset, n);
  const trials = toFloat64(caller, 'trials', options.trials, n);
  const mustart = toFloat64(caller, 'mustart', options.mustart, n);
  for (let i = 0; i < n; i++) {
    if (!(weights[i] >= 0) || !Number.isFinite(weights[i])) {
      throw new InvalidArgumentError(
        'weights',
        `${caller} requires finite weights >= 0; row ${i + 1} has ${weights[i]}`,
      );
    }
  }
  const { tolerance, maxIter } = convergenceControl(caller, options, method);
  return {
    caller,
    x,
    n,
    p: ncol,
    family,
    method,
    y: yy,
    weights,
    offset,
    trials,
    mustart,
    start: options.start ?? null,
    intercept: options.intercept ?? hasInterceptColumn(x, n, ncol),
    tolerance,
    maxIter,
    threads: checkThreads(caller, options.threads),
  };
}

/** The threads option: a positive integer, or undefined for the default. */
function checkThreads(caller: string, threads: number | undefined): number | undefined {
  if (threads === undefined) return undefined;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new InvalidArgumentError(
      'threads',
      `${caller} requires threads to be an integer >= 1; received ${threads}`,
    );
  }
  return threads;
}

/** Whether some column is all 1 (R's glm.fit default for the null deviance). */
function hasInterceptColumn(x: Float64Array, n: number, p: number): boolean {
  for (let j = 0; j < p; j++) {
    let ones = true;
    for (let i = 0; i < n && ones; i++) if (x[j * n + i] !== 1) ones = false;
    if (ones) return true;
  }
  return false;
}

/** glm.control's defaults (1e-8, 25), brglm2's for Firth (1e-6 on the step, 100). */
function convergenceControl(
  caller: string,
  options: GlmFitOptions,
  method: 'ml' | 'firth',
): { tolerance: number; maxIter: number } {
  const tolerance = options.tolerance ?? (method === 'firth' ? 1e-6 : 1e-8);
  const maxIter = options.maxIter ?? (method === 'firth' ? 100 : 25);
  if (!(tolerance > 0)) {
    throw new InvalidArgumentError(
      'tolerance',
      `${caller} requires tolerance > 0; received ${tolerance}`,
    );
  }
  if (!Number.isInteger(maxIter) || maxIter < 1) {
    throw new InvalidArgumentError(
      'maxIter',
      `${caller} requires an integer maxIter >= 1; received ${maxIter}`,
    );
  }
  return { tolerance, maxIter };
}
