import { createRandom, InvalidArgumentError } from '@muster/core';
import type { MatchOrder } from '../types.ts';
import { type MatchingWarning, matchingWarnings } from '../warnings.ts';
import type { Pairing } from './balance-row.ts';
import { pairIds, requireMatched, weightsFromMatches } from './match-weights.ts';
import { nearestNeighbour } from './nearest-neighbour.ts';
import { stableOrder } from './order.ts';

/** Settings of nearest-neighbour matching after validation. */
export interface NearestSettings {
  estimand: 'ATT' | 'ATC';
  ratio: number;
  replace: boolean;
  order: MatchOrder | undefined;
  seed: number;
  caliper: number | null;
  exact: Int32Array | null;
}

/** What a matching method hands back to {@link matchIt}. */
export interface MethodOutput {
  weights: Float64Array;
  subclass: (number | null)[] | null;
  matchMatrix: { focal: number; matches: (number | null)[] }[] | null;
  pairing: Pairing;
  order: MatchOrder | null;
  warnings: MatchingWarning[];
}

/** Nearest-neighbour matching on the distance, with MatchIt's weights, pair ids and warnings. */
export function runNearest(
  fn: string,
  treat: Uint8Array,
  distance: Float64Array,
  discarded: Uint8Array,
  settings: NearestSettings,
): MethodOutput {
  const focalValue = settings.estimand === 'ATC' ? 0 : 1;
  const focal = Uint8Array.from(treat, (t) => (t === focalValue ? 1 : 0));
  const warnings = shortageWarnings(focal, settings);
  const order = settings.replace
    ? 'data'
    : (settings.order ?? (settings.estimand === 'ATC' ? 'smallest' : 'largest'));
  const out = nearestNeighbour({
    focal,
    distance,
    order: matchingOrder(focal, distance, order, settings.seed),
    discarded,
    ratio: settings.ratio,
    reuseMax: settings.replace ? Number.POSITIVE_INFINITY : 1,
    caliper: settings.caliper,
    exact: settings.exact,
  });
  const n = treat.length;
  const weights = weightsFromMatches(n, focal, out.focalRows, out.matches);
  requireMatched(
    fn,
    weights,
    treat,
    settings.caliper === null
      ? 'check the exact variables and the discard rule'
      : `no ${settings.estimand === 'ATC' ? 'control' : 'treated'} unit has a match within the caliper of ${settings.caliper} on the distance; widen the caliper`,
  );
  const unmatched = out.focalRows.filter(
    (row, j) => discarded[row] === 0 && out.matches[j]![0]! < 0,
  ).length;
  const focalName = settings.estimand === 'ATC' ? 'control' : 'treated';
  if (unmatched > 0 && (settings.caliper !== null || settings.exact !== null)) {
    warnings.push(
      matchingWarnings.unmatchedFocal(
        fn,
        unmatched,
        out.focalRows.length,
        focalName,
        settings.caliper !== null ? 'within the caliper' : 'in their exact cell',
        settings.estimand,
      ),
    );
  }
  if (out.tookUpper || out.caliperBound || settings.ratio > 1) {
    warnings.push(matchingWarnings.matchItBuild(fn, focalName));
  }
  return {
    weights,
    subclass: settings.replace ? null : pairIds(n, out.focalRows, out.matches),
    matchMatrix: out.focalRows.map((row, j) => ({
      focal: row,
      matches: Array.from(out.matches[j]!, (m) => (m < 0 ? null : m)),
    })),
    pairing: { kind: 'matches', focalRows: out.focalRows, matches: out.matches },
    order,
    warnings,
  };
}

/** Focal rows in matching order: by distance (stable), in data order, or shuffled by the seed. */
function matchingOrder(
  focal: Uint8Array,
  distance: Float64Array,
  order: MatchOrder,
  seed: number,
): number[] {
  const rows: number[] = [];
  for (let i = 0; i < focal.length; i++) if (focal[i] === 1) rows.push(i);
  if (order === 'data') return rows;
  if (order === 'random') {
    const random = createRandom(seed);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = random.integer(i + 1);
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    return rows;
  }
  const d = rows.map((i) => distance[i]!);
  return Array.from(stableOrder(d, order === 'largest'), (k) => rows[k]!);
}

/** MatchIt's warnings when there are too few controls (per exact cell) for every focal unit. */
function shortageWarnings(focal: Uint8Array, settings: NearestSettings): MatchingWarning[] {
  if (settings.replace) return [];
  const [focalName, otherName] =
    settings.estimand === 'ATC' ? ['control', 'treated'] : ['treated', 'control'];
  const cells = new Map<number, [number, number]>();
  for (let i = 0; i < focal.length; i++) {
    const c = settings.exact === null ? 0 : settings.exact[i]!;
    const counts = cells.get(c) ?? [0, 0];
    counts[focal[i]!]++;
    cells.set(c, counts);
  }
  const ratios = [...cells.values()].filter(([, f]) => f > 0).map(([o, f]) => o / f);
  if (settings.exact !== null && !ratios.some((r) => r > 0)) {
    throw new InvalidArgumentError(
      'exact',
      'matchIt found no exact cell with both treated and control units',
    );
  }
  const out: MatchingWarning[] = [];
  const where = settings.exact === null ? '' : " in some 'exact' cells";
  if (ratios.some((r) => r < 1)) {
    out.push(matchingWarnings.fewerControls('matchIt', otherName, focalName, where));
  }
  if (
    settings.ratio > 1 &&
    ratios.some((r) => r < settings.ratio) &&
    (settings.exact !== null || !ratios.some((r) => r < 1))
  ) {
    out.push(matchingWarnings.fewerMatches('matchIt', focalName, settings.ratio));
  }
  return out;
}
