import type { BalanceRow, BalanceTables, Estimand, SampleSizes } from '../types.ts';
import { balanceRow, type Pairing } from './balance-row.ts';
import type { BalanceColumn } from './covariates.ts';

/** Everything the balance summary reads from a match. */
export interface BalanceInput {
  estimand: Estimand;
  treat: Uint8Array;
  distance: Float64Array | null;
  columns: readonly BalanceColumn[];
  weights: Float64Array;
  discarded: Uint8Array;
  pairing: Pairing;
}

/**
 * Balance before and after matching, as `summary.matchit()`: the distance first (when there is
 * one), then each covariate column; and the sample sizes (`$nn`).
 */
export function balanceTables(input: BalanceInput): BalanceTables {
  const standardisation =
    input.estimand === 'ATT' ? 'treated' : input.estimand === 'ATC' ? 'control' : 'pooled';
  const variables: BalanceColumn[] = [
    ...(input.distance === null ? [] : [{ name: 'distance', values: input.distance }]),
    ...input.columns,
  ];
  const rows = (weights: Float64Array | null, pairing: Pairing): BalanceRow[] =>
    variables.map((v) =>
      balanceRow(v.name, v.values, input.treat, weights, standardisation, pairing),
    );
  return {
    standardisation,
    all: rows(null, null),
    matched: rows(input.weights, input.pairing),
    sizes: sampleSizes(input.treat, input.weights, input.discarded),
  };
}

function sampleSizes(treat: Uint8Array, weights: Float64Array, discarded: Uint8Array): SampleSizes {
  const count = (test: (i: number) => boolean) => {
    const out = { control: 0, treated: 0 };
    for (let i = 0; i < treat.length; i++) {
      if (!test(i)) continue;
      if (treat[i] === 1) out.treated++;
      else out.control++;
    }
    return out;
  };
  const ess = (group: number) => {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < treat.length; i++) {
      if (treat[i] !== group) continue;
      s += weights[i]!;
      s2 += weights[i]! ** 2;
    }
    return (s * s) / s2;
  };
  const all = count(() => true);
  return {
    allEss: { ...all },
    all,
    matchedEss: { control: ess(0), treated: ess(1) },
    matched: count((i) => weights[i]! > 0),
    unmatched: count((i) => weights[i] === 0 && discarded[i] === 0),
    discarded: count((i) => discarded[i] === 1),
  };
}
