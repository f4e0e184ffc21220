/**
 * Keeps the design matrix of each AFT fit out of the (serialisable) result object, so that
 * predictAft can rebuild the columns of new data with the same factor levels and transforms.
 */
import type { DesignMatrix } from '@muster/formula';

const designs = new WeakMap<object, DesignMatrix>();

export function rememberDesign(fit: object, design: DesignMatrix): void {
  designs.set(fit, design);
}

export function recallDesign(fit: object): DesignMatrix | undefined {
  return designs.get(fit);
}
