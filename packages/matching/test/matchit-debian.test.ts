/**
 * What Debian's MatchIt 4.5.1 binary does (test/fixtures/matchit-debian.json, written by
 * `Rscript test/fixtures/r/generate.R debian`): with the integer abs() every treated unit is
 * paired with a control below its score and the caliper is never applied. Muster pairs by the
 * nearest score and says that such a build would differ.
 */
import { describe, expect, it } from 'vitest';
import { matchIt } from '../src/index.ts';
import { fixtureData, fixtureJson, type ReferenceCase } from './helpers.ts';

const debian = fixtureJson<{ cases: ReferenceCase[] }>('matchit-debian.json');
const data = fixtureData('belligerents.csv');
const formula = 'high_inequality ~ log(troops) + regime + initiator + duration';

describe("Debian's MatchIt 4.5.1 binary", () => {
  it('pairs every treated unit with a control at or below its score', () => {
    const c = debian.cases.find((k) => k.id === 'nearest')!;
    const treated = (data.high_inequality as number[]).flatMap((t, i) => (t === 1 ? [i] : []));
    expect(c.matchMatrix!.length).toBe(treated.length);
    treated.forEach((row, j) => {
      const control = (c.matchMatrix![j] as number) - 1;
      expect(c.distance![control]!).toBeLessThanOrEqual(c.distance![row]!);
    });
  });

  it('ignores the caliper, where matchIt applies it and warns that such a build differs', async () => {
    const c = debian.cases.find((k) => k.id === 'nearest-caliper')!;
    expect(c.nn.Matched!.treated).toBe(114);
    const m = await matchIt(formula, data, { caliper: 0.1 });
    expect(m.balance.sizes.matched.treated).toBe(82);
    expect(m.warnings.map((w) => w.code)).toEqual([
      'matching-unmatched-focal',
      'matching-matchit-build',
    ]);
  });
});
