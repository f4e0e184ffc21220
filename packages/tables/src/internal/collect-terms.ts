/** The term rows of a table: the union of the models' terms, or the rows a coefMap asks for. */
import { type FitResultBase, InvalidArgumentError } from '@muster/core';
import type { TableCoefficient, TableTerm } from '../types.ts';

type Fit = Pick<FitResultBase, 'coefficients'>;

/** coefMap as [term, label] pairs, validated. */
export function coefMapEntries(
  coefMap: Record<string, string> | [string, string][] | undefined,
): [string, string][] | null {
  if (coefMap === undefined) return null;
  const entries = Array.isArray(coefMap) ? coefMap : Object.entries(coefMap);
  for (const entry of entries) {
    if (
      !Array.isArray(entry) ||
      typeof entry[0] !== 'string' ||
      typeof entry[1] !== 'string' ||
      entry.length !== 2
    ) {
      throw new InvalidArgumentError(
        'coefMap',
        `regressionTable requires coefMap entries of a term and a label; received ${JSON.stringify(entry)}`,
      );
    }
  }
  return entries;
}

/** Terms in order of first appearance across the models, each labelled by its own name. */
function unionOfTerms(fits: Fit[]): [string, string][] {
  const seen = new Set<string>();
  const entries: [string, string][] = [];
  for (const fit of fits)
    for (const row of fit.coefficients)
      if (!seen.has(row.term)) {
        seen.add(row.term);
        entries.push([row.term, row.term]);
      }
  return entries;
}

/**
 * One row per distinct label, in order; each model's cell comes from the first of the row's
 * terms it has. A model with two terms mapped to one label is an error (its cell would be
 * ambiguous).
 */
export function collectTerms(
  fits: Fit[],
  entries: [string, string][] | null,
  shown: (fit: number, term: string) => TableCoefficient | null,
): TableTerm[] {
  const rows = new Map<string, string[]>();
  for (const [term, label] of entries ?? unionOfTerms(fits)) {
    const terms = rows.get(label) ?? [];
    terms.push(term);
    rows.set(label, terms);
  }
  const result: TableTerm[] = [];
  for (const [label, terms] of rows) {
    const modelTerms = fits.map((fit, index) => {
      const present = terms.filter((term) => fit.coefficients.some((row) => row.term === term));
      if (present.length > 1) {
        throw new InvalidArgumentError(
          'coefMap',
          `regressionTable requires at most one term per label in each model; model ${index + 1} has ${present.map((t) => `'${t}'`).join(' and ')} under '${label}'`,
        );
      }
      return present[0] ?? null;
    });
    if (modelTerms.every((term) => term === null)) continue;
    result.push({
      label,
      terms: modelTerms,
      values: modelTerms.map((term, index) => (term === null ? null : shown(index, term))),
    });
  }
  return result;
}
