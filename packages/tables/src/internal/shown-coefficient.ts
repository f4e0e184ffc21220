/** A coefficient row on the scale the table shows: as fitted, or exponentiated. */
import type { CoefficientRow } from '@muster/core';
import type { TableCoefficient } from '../types.ts';

const exp = (x: number | null) => (x === null ? null : Math.exp(x));

/**
 * As fitted, or exponentiated: exp(b), the delta-method standard error exp(b) · SE(b) (the
 * derivative of exp at b times SE(b), as modelsummary reports it) and exp of the limits; the
 * statistic and p-value still test b = 0, which is exp(b) = 1.
 */
export function shownCoefficient(row: CoefficientRow, exponentiate: boolean): TableCoefficient {
  const { estimate, stdError, statistic, pValue, lower, upper } = row;
  if (!exponentiate) return { estimate, stdError, statistic, pValue, lower, upper };
  const ratio = exp(estimate);
  return {
    estimate: ratio,
    stdError: ratio === null || stdError === null ? null : ratio * stdError,
    statistic,
    pValue,
    lower: exp(lower),
    upper: exp(upper),
  };
}
