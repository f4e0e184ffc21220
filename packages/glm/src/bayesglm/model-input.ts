/**
 * The model frame, design matrix and binomial response of fitBayesGlm, checked as fitGlm checks
 * them (missing values dropped, 0/1, proportion-with-weights, cbind and text responses).
 */
import { DataError, InvalidArgumentError, type MusterWarning } from '@muster/core';
import { type DataInput, type DesignMatrix, designMatrix } from '@muster/formula';
import { requireFiniteDesign } from '../fit/inputs.ts';
import { numericExtra, prepareResponse, type Response, rowOf } from '../fit/response.ts';
import type { LinkName } from '../internal/link.ts';
import { BAYES_CALLER } from './options.ts';

export interface ModelInput {
  design: DesignMatrix;
  response: Response;
  warnings: MusterWarning[];
}

export function modelInput(
  formula: string,
  data: DataInput,
  link: LinkName,
  weightsColumn: string | undefined,
  levels: Record<string, string[]> | undefined,
): ModelInput {
  const extra: Record<string, string> = {};
  if (weightsColumn !== undefined) extra.weights = weightsColumn;
  const design = designMatrix(formula, data, { extra, dropUnusedLevels: true, levels });
  if (design.nrow === 0) {
    throw new DataError(
      `${BAYES_CALLER} requires at least one row without missing values; all ${design.nDropped} rows were dropped as missing`,
    );
  }
  if (design.offset !== null) {
    throw new InvalidArgumentError(
      'formula',
      `${BAYES_CALLER} does not take offset() terms; received '${formula}'`,
    );
  }
  const weights =
    weightsColumn === undefined ? null : numericExtra(design, 'weights', weightsColumn);
  if (weights !== null) {
    for (let i = 0; i < design.nrow; i++) {
      if (!(weights[i] >= 0) || !Number.isFinite(weights[i])) {
        throw new DataError(
          `${BAYES_CALLER} requires weights >= 0; column '${weightsColumn}' data row ${rowOf(design, i)} has ${weights[i]}`,
          { column: weightsColumn, row: rowOf(design, i) },
        );
      }
    }
  }
  const response = prepareResponse(design, 'binomial', link, weights, levels);
  requireFiniteDesign(design, null);
  return { design, response, warnings: [...response.warnings] };
}
