import type { LagWarning } from '../../warnings.ts';
import {
  type LikelihoodTerm,
  likelihoodTerms,
  type OverlapBlock,
  type PlacedFigure,
} from '../figures.ts';
import { type DelayKernel, toParameters } from './kernel.ts';

/**
 * The likelihood of a set of placed figures as a function of the smooth series (the counted
 * series itself without a delay, the offences with one).
 *
 * Contract
 *   terms, blocks  likelihood terms and overlap blocks with weights on the parameter months
 *   counted        the same terms with weights on the counted months (for fitted totals)
 *   centre         log of the overall monthly level of the figures (start and ridge centre)
 */
export interface FigureModel {
  terms: LikelihoodTerm[];
  blocks: OverlapBlock[];
  centre: number;
  warnings: LagWarning[];
}

/** Apply a map to each row of a rows x m row-major matrix. */
function mapRows(
  matrix: Float64Array,
  rows: number,
  m: number,
  map: (w: Float64Array) => Float64Array,
): Float64Array {
  const out = new Float64Array(rows * m);
  for (let r = 0; r < rows; r++) out.set(map(matrix.slice(r * m, (r + 1) * m)), r * m);
  return out;
}

/** Build the model of `placed` on a grid of m months starting at firstMonth, through a kernel. */
export function figureModel(
  placed: PlacedFigure[],
  approximateSd: number,
  firstMonth: number,
  m: number,
  kernel: DelayKernel | null,
  fn: string,
): FigureModel {
  const { terms, blocks, warnings } = likelihoodTerms(placed, approximateSd, firstMonth, fn);
  const map = (w: Float64Array) => toParameters(kernel, w);
  return {
    terms: terms.map((t) => ({ ...t, weights: map(t.weights) })),
    blocks: blocks.map((b) => ({
      ...b,
      rows: mapRows(b.rows, b.values.length, m, map),
      atomWeights: mapRows(b.atomWeights, b.atoms, m, map),
    })),
    centre: levelOf(terms, blocks),
    warnings,
  };
}

/** log of the overall monthly level of the counted figures (exact and approximate first). */
function levelOf(terms: readonly LikelihoodTerm[], blocks: readonly OverlapBlock[]): number {
  let total = 0;
  let span = 0;
  for (const term of terms) {
    if (term.kind === 'censored') continue;
    total += term.value;
    for (const w of term.weights) span += w;
  }
  for (const block of blocks) {
    for (const v of block.values) total += v;
    for (const w of block.rows) span += w;
  }
  if (span === 0) {
    for (const term of terms) {
      total += term.value;
      for (const w of term.weights) span += w;
    }
  }
  return Math.log(Math.max(total / Math.max(span, 1e-9), 0.5));
}

/**
 * Overlapping exact figures as independent Poisson counts: the provisional terms of the first
 * pass that sets the blocks' covariance.
 */
export function provisionalTerms(model: FigureModel, m: number): LikelihoodTerm[] {
  return model.blocks.flatMap((block) =>
    block.ids.map(
      (id, i): LikelihoodTerm => ({
        kind: 'poisson',
        ids: [id],
        value: block.values[i],
        weights: block.rows.slice(i * m, (i + 1) * m),
        variance: 0,
      }),
    ),
  );
}
