import { InvalidArgumentError } from '@muster/core';
import { fitGlm, type LinkName, predictGlm } from '@muster/glm';
import type { DistanceInfo } from '../types.ts';
import { type MatchingWarning, matchingWarnings } from '../warnings.ts';
import type { Columns } from './data.ts';
import type { Treatment } from './treatment.ts';

const LINKS = ['logit', 'probit', 'cloglog', 'cauchit', 'log'];

/** The distance measure and how it was made. */
export interface Distance {
  values: Float64Array;
  info: DistanceInfo;
  warnings: MatchingWarning[];
}

/**
 * MatchIt's `distance = "glm"`: a binomial GLM of the (0/1) treatment on the formula's
 * covariates; the distance is the fitted probability, or the linear predictor for a `linear.`
 * link (`linear.logit`: the logit of the propensity score).
 */
export async function estimatePropensity(
  fn: string,
  formula: string,
  columns: Columns,
  treatment: Treatment,
  link: string,
): Promise<Distance> {
  const linear = link.startsWith('linear.');
  const base = linear ? link.slice('linear.'.length) : link;
  if (!LINKS.includes(base)) {
    throw new InvalidArgumentError(
      'link',
      `${fn} requires link to be one of ${LINKS.join(', ')} (or linear.<link>); received '${link}'`,
    );
  }
  const data = { ...columns, [treatment.column]: Array.from(treatment.treat) };
  const fit = await fitGlm(formula, data, {
    family: 'binomial',
    link: base as LinkName,
    profile: false,
  });
  const predicted = predictGlm(fit, data, { type: linear ? 'link' : 'response' });
  const values = Float64Array.from(predicted.fit);
  return {
    values,
    info: {
      kind: 'glm',
      link: base,
      linear,
      coefficients: fit.coefficients.map((c) => ({ term: c.term, estimate: c.estimate })),
    },
    warnings: fit.warnings.map((w) => matchingWarnings.fromModel(fn, 'propensity score model', w)),
  };
}

/** A distance supplied by the user: a column name or one finite number per row. */
export function userDistance(
  fn: string,
  columns: Columns,
  distance: string | ArrayLike<number>,
  n: number,
): Distance {
  const values = typeof distance === 'string' ? columns[distance] : distance;
  if (values === undefined) {
    throw new InvalidArgumentError(
      'distance',
      `${fn} requires distance to be 'glm', a column of data or one number per row; received '${String(distance)}' (columns: ${Object.keys(columns).join(', ')})`,
    );
  }
  if (values.length !== n) {
    throw new InvalidArgumentError(
      'distance',
      `${fn} requires one distance per row (${n}); received ${values.length}`,
    );
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new InvalidArgumentError(
        'distance',
        `${fn} requires a finite distance in every row; row ${i + 1} has ${JSON.stringify(v ?? null)}`,
      );
    }
    out[i] = v;
  }
  return {
    values: out,
    info: { kind: 'user', link: null, linear: false, coefficients: null },
    warnings: [],
  };
}
