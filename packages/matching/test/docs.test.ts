/** The README example and the TSDoc @example blocks, run: each output is what the docs print. */
import { describe, expect, it } from 'vitest';
import { estimateEffect, matchIt } from '../src/index.ts';
import { fixtureData } from './helpers.ts';

const round = (x: number | null, digits: number) => (x === null ? null : Number(x.toFixed(digits)));

describe('documented examples', () => {
  it('README example: 1:1 nearest neighbour with a caliper of 0.2 sd of the score', async () => {
    const data = fixtureData('belligerents.csv');
    const m = await matchIt('high_inequality ~ log(troops) + regime + initiator + duration', data, {
      method: 'nearest',
      caliper: 0.2,
    });
    expect(m.balance.sizes.matched).toEqual({ control: 90, treated: 90 });
    expect(round(m.caliper, 4)).toBe(0.0348);
    expect(m.balance.all.map((r) => [r.term, round(r.stdMeanDiff, 3)])).toEqual([
      ['distance', 0.701],
      ['log(troops)', 0.132],
      ['regimeanocracy', -0.327],
      ['regimeautocracy', 0.552],
      ['regimedemocracy', -0.37],
      ['initiator', -0.174],
      ['duration', 0.342],
    ]);
    expect(m.balance.matched.map((r) => [r.term, round(r.stdMeanDiff, 3)])).toEqual([
      ['distance', 0.095],
      ['log(troops)', 0.095],
      ['regimeanocracy', -0.169],
      ['regimeautocracy', 0.069],
      ['regimedemocracy', 0.052],
      ['initiator', -0.067],
      ['duration', 0.013],
    ]);
    expect(m.matchMatrix!.slice(0, 2)).toEqual([
      { focal: 0, matches: [5] },
      { focal: 1, matches: [207] },
    ]);
    expect(m.warnings.map((w) => w.code)).toEqual([
      'matching-unmatched-focal',
      'matching-matchit-build',
    ]);
    const effect = await estimateEffect(m, data, { outcome: 'mass_desertion' });
    const shown = [round(effect.estimate, 3), round(effect.stdError, 3), round(effect.pValue, 5)];
    expect([...shown, effect.nClusters]).toEqual([1.336, 0.41, 0.00111, 90]);
  });

  it('matchIt example', async () => {
    const m = await matchIt(
      'treat ~ x',
      { treat: [1, 1, 0, 0, 0], x: [0.9, 0.4, 0.5, 0.8, 0.1] },
      {
        distance: 'x',
      },
    );
    expect(m.matchMatrix).toEqual([
      { focal: 0, matches: [3] },
      { focal: 1, matches: [2] },
    ]);
    expect(m.weights).toEqual([1, 1, 1, 1, 0]);
    expect(m.subclass).toEqual([1, 2, 2, 1, null]);
  });

  it('estimateEffect example', async () => {
    const data = {
      t: [1, 1, 0, 0, 0, 0],
      x: [0.9, 0.4, 0.5, 0.8, 0.1, 0.25],
      y: [5, 3, 2, 4, 1, 0],
    };
    const m = await matchIt('t ~ x', data, { distance: 'x' });
    const effect = await estimateEffect(m, data, { outcome: 'y', family: 'gaussian' });
    const shown = [effect.term, round(effect.estimate, 12), effect.vcovType, effect.nClusters];
    expect(shown).toEqual(['t', 1, 'cluster', 2]);
  });
});
