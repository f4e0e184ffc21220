import { describe, expect, it } from 'vitest';
import { leaveIntervals, simulateDesertionCohort } from '../src/index.ts';

describe('simulateDesertionCohort', () => {
  it('simulateDesertionCohort({ seed }) is a function of its seed', () => {
    const a = simulateDesertionCohort({ seed: 7, n: 300 });
    const b = simulateDesertionCohort({ seed: 7, n: 300 });
    const c = simulateDesertionCohort({ seed: 8, n: 300 });
    expect(a.columns).toEqual(b.columns);
    expect(a.columns.time).not.toEqual(c.columns.time);
  });

  it('simulateDesertionCohort shapes desertion as the research reports: a share on leave near 39%, an early peak', () => {
    const cohort = simulateDesertionCohort({ seed: 2024, n: 6000 });
    const deserters = cohort.columns.event.flatMap((e, i) => (e === 1 ? [i] : []));
    const onLeave =
      deserters.filter((i) => cohort.columns.onLeaveAtEvent[i] === 1).length / deserters.length;
    // Binomial sd of the share with ~500 deserters is about 0.02: allow 0.30-0.48.
    expect(onLeave).toBeGreaterThan(0.3);
    expect(onLeave).toBeLessThan(0.48);
    const firstMonth = deserters.filter((i) => cohort.columns.time[i] < 30).length;
    const fourthMonth = deserters.filter(
      (i) =>
        cohort.columns.time[i] >= 90 &&
        cohort.columns.time[i] < 120 &&
        cohort.columns.onLeaveAtEvent[i] === 0,
    ).length;
    expect(firstMonth).toBeGreaterThan(1.5 * fourthMonth);
    for (const code of [0, 1, 2, 3])
      expect(cohort.columns.event.filter((e) => e === code).length).toBeGreaterThan(50);
  });

  it('simulateDesertionCohort rejects a non-integer n', () => {
    expect(() => simulateDesertionCohort({ seed: 1, n: 2.5 })).toThrow(
      /n to be a positive integer; received 2.5/,
    );
  });
});

describe('leaveIntervals', () => {
  it('leaveIntervals(cohort) splits follow-up at leave with one event per soldier on the last row', () => {
    const cohort = simulateDesertionCohort({ seed: 3, n: 400 });
    const rows = leaveIntervals(cohort);
    const byId = new Map<number, number[]>();
    rows.id.forEach((id, r) => {
      byId.set(id, [...(byId.get(id) ?? []), r]);
    });
    expect(byId.size).toBe(400);
    for (const [id, indices] of byId) {
      const i = id - 1;
      let covered = 0;
      indices.forEach((r, k) => {
        expect(rows.stop[r]).toBeGreaterThan(rows.start[r]);
        if (k > 0) expect(rows.start[r]).toBe(rows.stop[indices[k - 1]]);
        expect(rows.event[r]).toBe(k === indices.length - 1 ? cohort.columns.event[i] : 0);
        covered += rows.stop[r] - rows.start[r];
      });
      expect(covered).toBeCloseTo(cohort.columns.time[i], 9);
      const leaveRow = indices.find((r) => rows.onLeave[r] === 1);
      if (leaveRow !== undefined) expect(rows.start[leaveRow]).toBe(cohort.columns.leaveStart[i]);
    }
  });
});
