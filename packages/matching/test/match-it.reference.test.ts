/**
 * matchIt against MatchIt 4.5.1 (with the upstream fixes of 4.5.2 and 4.5.4) on
 * the cases of test/fixtures/r/generate.R: matched sets, pair and subclass ids, discarded units
 * identical; weights, distances, calipers, cut points and every balance statistic within 1e-9
 * relative (the propensity score comes from an independent IRLS, so its last digits differ).
 */
import { describe, expect, it } from 'vitest';
import type { MatchResult } from '../src/index.ts';
import { expectClose, fixtureJson, type ReferenceCase, runCase } from './helpers.ts';

const reference = fixtureJson<{ cases: ReferenceCase[] }>('matchit-cases.json');
const TOL = { rtol: 1e-9, atol: 1e-12 };

describe.each(reference.cases.map((c) => [c.id, c] as const))(
  'matchIt agrees with MatchIt: %s',
  (_, c) => {
    let result: MatchResult;

    it('matches the same units with the same pair or subclass ids and discards the same units', async () => {
      result = await runCase(c);
      expect(result.estimand).toBe(c.estimand);
      if (c.matchMatrix === null) expect(result.matchMatrix).toBe(null);
      else {
        const expected = c.matchMatrix.map((row) =>
          (Array.isArray(row) ? row : [row]).map((r) => (r === null ? null : r - 1)),
        );
        expect(result.matchMatrix!.map((m) => m.matches)).toEqual(expected);
      }
      expect(result.subclass).toEqual(c.subclass);
      expect(result.discarded).toEqual(c.discarded);
    });

    it('gives the same weights, distances, caliper and cut points', () => {
      for (const [i, w] of c.weights.entries())
        expectClose(result.weights[i], w, TOL, `weights[${i}]`);
      if (c.distance === null) expect(result.distance).toBe(null);
      else {
        for (const [i, d] of c.distance.entries())
          expectClose(result.distance![i], d, TOL, `distance[${i}]`);
      }
      expectClose(
        result.caliper,
        c.caliper === null ? null : (c.caliper as unknown as number),
        TOL,
        'caliper',
      );
      for (const [k, q] of (c.qCut ?? []).entries()) {
        expectClose(result.cutPoints!.distance![k], q, TOL, `q.cut[${k}]`);
      }
    });

    it('reports the same balance before and after matching and the same sample sizes', () => {
      for (const [table, expected] of [
        [result.balance.all, c.sumAll],
        [result.balance.matched, c.sumMatched],
      ] as const) {
        // summary.matchit.subclass keeps R's backticks on non-syntactic names (`log(troops)`).
        expect(table.map((r) => r.term)).toEqual(
          expected.map((r) => r.term.replace(/^`(.*)`$/, '$1')),
        );
        expected.forEach((e, k) => {
          for (const key of [
            'meansTreated',
            'meansControl',
            'stdMeanDiff',
            'varRatio',
            'ecdfMean',
            'ecdfMax',
            'stdPairDist',
          ] as const) {
            expectClose(table[k]![key], e[key], TOL, `${e.term}.${key}`);
          }
        });
      }
      const sizes = result.balance.sizes;
      const named = {
        'All (ESS)': sizes.allEss,
        All: sizes.all,
        'Matched (ESS)': sizes.matchedEss,
        Matched: sizes.matched,
        Unmatched: sizes.unmatched,
        Discarded: sizes.discarded,
      };
      for (const [row, e] of Object.entries(c.nn)) {
        expectClose(named[row as keyof typeof named].control, e.control, TOL, `${row}.control`);
        expectClose(named[row as keyof typeof named].treated, e.treated, TOL, `${row}.treated`);
      }
    });

    it("carries MatchIt's warnings", () => {
      const expected = (Array.isArray(c.warnings) ? c.warnings : [c.warnings]).filter(
        (w) => w !== '',
      );
      const codes = result.warnings.map((w) => w.code);
      const wanted = expected.map((w) =>
        w.startsWith('Fewer')
          ? 'matching-fewer-controls'
          : w.startsWith('Not all')
            ? 'matching-fewer-matches'
            : w.startsWith('Due to discreteness')
              ? 'matching-fewer-subclasses'
              : w,
      );
      expect(
        codes.filter((code) => wanted.includes(code) || code.startsWith('matching-fewer')),
      ).toEqual(wanted);
    });
  },
);
