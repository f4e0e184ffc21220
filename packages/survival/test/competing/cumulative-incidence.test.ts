import { createRandom, DataError, InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { cumulativeIncidence } from '../../src/competing/cumulative-incidence.ts';
import { expectClose, expectPValue, fixtureCsv, fixtureJson, type Json, README } from './close.ts';

/**
 * Oracle: a direct port of R survival's survfitci.c for the competing-risks case (one influence
 * vector per subject, updated at every event time: O(n) per time). The estimator under test
 * keeps the same sums in O(K) per time; both must agree to rounding.
 */
function survfitciOracle(time: number[], status: number[], K: number) {
  const n = time.length;
  const order = time.map((_, i) => i).sort((a, b) => time[a] - time[b]);
  const U = Array.from({ length: n }, () => new Float64Array(K + 1));
  const state = new Int32Array(n); // 0 at risk; k after cause k; -1 censored
  const atRisk = new Uint8Array(n).fill(1);
  let p = new Float64Array(K + 1);
  p[0] = 1;
  const rows: { time: number; p: Float64Array; se: Float64Array }[] = [];
  let i = 0;
  while (i < n) {
    const t = time[order[i]];
    let j = i;
    while (j < n && time[order[j]] === t) j++;
    const members = order.slice(i, j);
    const ns = atRisk.reduce((s, v) => s + v, 0);
    const d = new Float64Array(K + 1);
    for (const m of members) if (status[m] > 0) d[status[m]]++;
    const total = d.reduce((s, v) => s + v, 0);
    if (total > 0) {
      const h00 = 1 - total / ns;
      const h0 = Array.from(d, (v, k) => (k === 0 ? h00 : v / ns));
      for (let s = 0; s < n; s++) {
        const u0 = U[s][0];
        U[s][0] = u0 * h00;
        for (let k = 1; k <= K; k++) U[s][k] += u0 * h0[k];
      }
      for (let s = 0; s < n; s++) {
        if (!atRisk[s]) continue;
        for (let k = 0; k <= K; k++) U[s][k] -= (h0[k] * p[0]) / ns;
        const dstate = members.includes(s) && status[s] > 0 ? status[s] : 0;
        U[s][dstate] += p[0] / ns;
      }
      const next = new Float64Array(K + 1);
      next[0] = p[0] * h00;
      for (let k = 1; k <= K; k++) next[k] = p[k] + p[0] * h0[k];
      p = next;
    }
    const se = new Float64Array(K + 1);
    for (let k = 0; k <= K; k++) {
      let v = 0;
      for (let s = 0; s < n; s++) v += U[s][k] * U[s][k];
      se[k] = Math.sqrt(v);
    }
    rows.push({ time: t, p: Float64Array.from(p), se });
    for (const m of members) {
      atRisk[m] = 0;
      state[m] = status[m] > 0 ? status[m] : -1;
    }
    i = j;
  }
  return rows;
}

describe('cumulativeIncidence: hand-derived', () => {
  it('cumulativeIncidence(time, event) gives S(t-) d_k / n increments with ties and censoring at an event time', () => {
    // Times 1, 2, 2, 2, 3, 4 with events 1, 2, 0, 1, 2, 0 (a censoring tied with events at 2).
    const data = { t: [2, 1, 2, 3, 2, 4], e: [0, 1, 2, 2, 1, 0] };
    const fit = cumulativeIncidence(data, { time: 't', event: 'e', causes: { 1: 'a', 2: 'b' } });
    const table = fit.strata[0].table;
    expect(table.map((r) => r.time)).toEqual([1, 2, 3, 4]);
    expect(table.map((r) => r.nRisk)).toEqual([6, 5, 2, 1]);
    expect(table.map((r) => r.nCensor)).toEqual([0, 1, 0, 1]);
    expect(table[1].nEvent).toEqual({ a: 1, b: 1 });
    // t = 1: S = 5/6, Fa = 1/6. t = 2: n = 5, one of each cause: Fa = Fb = 1/6 + ... exact below.
    expectClose(table[0].cif.a, 1 / 6, { rtol: 1e-14, atol: 0 });
    expectClose(table[1].cif.a, 1 / 6 + (5 / 6) * (1 / 5), { rtol: 1e-14, atol: 0 });
    expectClose(table[1].cif.b, (5 / 6) * (1 / 5), { rtol: 1e-14, atol: 0 });
    expectClose(table[1].survival, (5 / 6) * (3 / 5), { rtol: 1e-14, atol: 0 });
    expectClose(table[2].cif.b, 1 / 6 + (1 / 2) * (1 / 2), { rtol: 1e-14, atol: 0 });
    expectClose(table[3].cif.b, 1 / 6 + 1 / 4, { rtol: 1e-14, atol: 0 });
  });

  it('cumulativeIncidence standard error at the first event time is sqrt(d (n - d) / n^3)', () => {
    const time = [1, 1, 1, 2, 3, 4, 5, 6, 7, 8];
    const event = [1, 1, 1, 0, 2, 0, 1, 2, 0, 1];
    const fit = cumulativeIncidence(undefined, { time, event });
    const first = fit.strata[0].table[0];
    expectClose(first.stdErr['1'], Math.sqrt((3 * 7) / 1000), { rtol: 1e-13, atol: 0 });
    expectClose(first.stdErr['2'], 0, { rtol: 0, atol: 1e-15 });
  });

  it('cumulativeIncidence matches a direct port of survfitci.c (O(n) influence vectors) on random data', () => {
    const random = createRandom(42);
    for (let rep = 0; rep < 5; rep++) {
      const n = 60;
      const K = 3;
      const time = Array.from({ length: n }, () => 1 + random.integer(12));
      const status = Array.from({ length: n }, () => random.integer(K + 1));
      const oracle = survfitciOracle(time, status, K);
      const fit = cumulativeIncidence(undefined, { time, event: status, causes: [1, 2, 3] });
      const table = fit.strata[0].table;
      expect(table.length).toBe(oracle.length);
      table.forEach((row, j) => {
        expect(row.time).toBe(oracle[j].time);
        expectClose(row.survival, oracle[j].p[0], { rtol: 1e-12, atol: 1e-15 });
        expectClose(row.survivalStdErr, oracle[j].se[0], { rtol: 1e-10, atol: 1e-14 });
        for (let k = 1; k <= K; k++) {
          expectClose(row.cif[String(k)], oracle[j].p[k], { rtol: 1e-12, atol: 1e-15 });
          expectClose(row.stdErr[String(k)], oracle[j].se[k], { rtol: 1e-10, atol: 1e-14 });
        }
      });
    }
  });

  it('cumulativeIncidence: the cumulative incidences and survival sum to 1 at every time in every group', () => {
    const random = createRandom(7);
    const n = 2000;
    const time = Array.from({ length: n }, () => Math.round(random.gamma(2, 10) * 10) / 10);
    const event = Array.from({ length: n }, () => random.integer(4));
    const group = Array.from({ length: n }, () => ['x', 'y', 'z'][random.integer(3)]);
    const fit = cumulativeIncidence(undefined, { time, event, group });
    expect(fit.strata.map((s) => s.group)).toEqual(['x', 'y', 'z']);
    for (const stratum of fit.strata) {
      for (const row of stratum.table) {
        const total = row.survival + Object.values(row.cif).reduce((s, v) => s + v, 0);
        expect(Math.abs(total - 1)).toBeLessThanOrEqual(1e-12);
      }
    }
  });

  it('cumulativeIncidence does not depend on the row order', () => {
    const time = [5, 3, 3, 8, 1, 9, 3, 2];
    const event = [1, 2, 0, 1, 1, 0, 1, 2];
    const a = cumulativeIncidence(undefined, { time, event });
    const perm = [7, 6, 5, 4, 3, 2, 1, 0];
    const b = cumulativeIncidence(undefined, {
      time: perm.map((i) => time[i]),
      event: perm.map((i) => event[i]),
    });
    a.strata[0].table.forEach((row, j) => {
      const other = b.strata[0].table[j];
      expect(other.time).toBe(row.time);
      expectClose(other.cif['1'], row.cif['1'], { rtol: 1e-14, atol: 1e-16 });
      expectClose(other.stdErr['2'], row.stdErr['2'], { rtol: 1e-12, atol: 1e-16 });
    });
  });

  it('cumulativeIncidence merges times that differ by rounding (survfit aeqSurv)', () => {
    const fit = cumulativeIncidence(undefined, { time: [0.1 + 0.2, 0.3, 1], event: [1, 2, 1] });
    const table = fit.strata[0].table;
    expect(table.length).toBe(2);
    expect(table[0].nEvent).toEqual({ '1': 1, '2': 1 });
  });

  it('cumulativeIncidence drops rows with a missing time, event or group and counts them', () => {
    const fit = cumulativeIncidence(
      { t: [1, null, 3, 4, 5], e: [1, 1, null, 2, 0], g: ['a', 'a', 'b', null, 'b'] },
      { time: 't', event: 'e', group: 'g' },
    );
    expect(fit.nobs).toBe(2);
    expect(fit.nDropped).toBe(3);
  });

  it('cumulativeIncidence gives log-transformed intervals capped at 1 and null where cif is 0', () => {
    const fit = cumulativeIncidence(undefined, { time: [1, 2, 3, 4], event: [1, 0, 2, 1] });
    const row = fit.strata[0].table[0];
    expect(row.lower['2']).toBeNull();
    const z = 1.959963984540054;
    expectClose(
      row.lower['1'],
      Math.exp(Math.log(row.cif['1']) - (z * row.stdErr['1']) / row.cif['1']),
      {
        rtol: 1e-12,
        atol: 0,
      },
    );
    expect(fit.strata[0].table[3].upper['1']).toBeLessThanOrEqual(1);
  });
});

describe('cumulativeIncidence: reference cases (R survfit, cmprsk::cuminc)', () => {
  function compareStrata(
    actual: ReturnType<typeof cumulativeIncidence>,
    expected: Json[],
    withIntervals: boolean,
  ) {
    expect(actual.strata.length).toBe(expected.length);
    expected.forEach((stratum, s) => {
      const got = actual.strata[s];
      expect(got.group).toBe(stratum.group ?? null);
      expect(got.table.length).toBe(stratum.table.length);
      stratum.table.forEach((row: Json, j: number) => {
        const r = got.table[j];
        expect(r.time).toBe(row.time);
        expect(r.nRisk).toBe(row.nRisk);
        for (const cause of Object.keys(row.cif)) {
          expectClose(r.cif[cause], row.cif[cause], README, `cif ${cause} t=${row.time}`);
          expectClose(r.stdErr[cause], row.stdErr[cause], README, `stdErr ${cause} t=${row.time}`);
          if (withIntervals) {
            expectClose(r.lower[cause], row.lower[cause], README, `lower ${cause} t=${row.time}`);
            expectClose(r.upper[cause], row.upper[cause], README, `upper ${cause} t=${row.time}`);
          }
        }
        if (withIntervals) {
          expectClose(r.survival, row.survival, README, `survival t=${row.time}`);
          expectClose(r.survivalStdErr, row.survivalStdErr, README, `survival se t=${row.time}`);
        }
      });
    });
  }

  it('cuminc-mgus2-sex: curves by sex and Gray test', () => {
    const c = fixtureJson('cuminc-mgus2-sex.json');
    const data = fixtureCsv(c.data);
    const fit = cumulativeIncidence(data, {
      time: c.time,
      event: c.event,
      group: c.group,
      causes: c.causes,
      censorCode: c.censorCode,
    });
    compareStrata(fit, c.expected.strata, false);
    expect(fit.grayTest).not.toBeNull();
    c.expected.grayTest.forEach((g: Json, k: number) => {
      expect(fit.grayTest![k].cause).toBe(g.cause);
      expect(fit.grayTest![k].df).toBe(g.df);
      expectClose(fit.grayTest![k].statistic, g.statistic, README, `gray ${g.cause}`);
      expectPValue(fit.grayTest![k].pValue, g.pValue, `gray p ${g.cause}`);
    });
  });

  it('cuminc-mgus2-all: one curve with log intervals and event-free probability', () => {
    const c = fixtureJson('cuminc-mgus2-all.json');
    const fit = cumulativeIncidence(fixtureCsv(c.data), {
      time: c.time,
      event: c.event,
      causes: c.causes,
    });
    compareStrata(fit, c.expected.strata, true);
    expect(fit.grayTest).toBeNull();
  });

  it('cuminc-sim-arm: three groups, three causes, Gray test plain, stratified and rho = 1', () => {
    const c = fixtureJson('cuminc-sim-arm.json');
    const data = fixtureCsv(c.data);
    const options = { time: c.time, event: c.event, group: c.group, causes: c.causes };
    const fit = cumulativeIncidence(data, options);
    expect(fit.nobs).toBe(c.expected.nobs);
    compareStrata(fit, c.expected.strata, true);
    const check = (got: Json[] | null, expected: Json[]) => {
      expected.forEach((g, k) => {
        expect(got![k].cause).toBe(g.cause);
        expectClose(got![k].statistic, g.statistic, README, `gray ${g.cause}`);
        expectPValue(got![k].pValue, g.pValue, `gray p ${g.cause}`);
      });
    };
    check(fit.grayTest, c.expected.grayTest);
    check(
      cumulativeIncidence(data, { ...options, strata: 'site' }).grayTest,
      c.expected.grayTestStrata,
    );
    check(cumulativeIncidence(data, { ...options, rho: 1 }).grayTest, c.expected.grayTestRho1);
  });
});

describe('cumulativeIncidence: bad input', () => {
  it('cumulativeIncidence rejects an event code that is neither censoring nor a listed cause, naming the row', () => {
    const call = () =>
      cumulativeIncidence(
        { t: [1, 2, 3], e: [1, 3, 0] },
        { time: 't', event: 'e', causes: { 1: 'desertion', 2: 'killed' } },
      );
    expect(call).toThrow(DataError);
    expect(call).toThrow(/row 2 of column 'e' has 3/);
  });

  it('cumulativeIncidence reports a listed cause with no events as 0 with a warning, and Gray gives no statistic', () => {
    const fit = cumulativeIncidence(
      { t: [1, 2, 3, 4, 5, 6], e: [1, 0, 1, 1, 0, 1], g: ['a', 'a', 'a', 'b', 'b', 'b'] },
      { time: 't', event: 'e', group: 'g', causes: { 1: 'desertion', 2: 'captured' } },
    );
    for (const stratum of fit.strata) {
      for (const row of stratum.table) {
        expect(row.cif.captured).toBe(0);
        expect(row.stdErr.captured).toBe(0);
      }
    }
    expect(fit.warnings.map((w) => w.code)).toContain('cause-without-events');
    const gray = fit.grayTest!.find((g) => g.cause === 'captured')!;
    expect(gray.statistic).toBeNull();
    expect(gray.pValue).toBeNull();
    expect(fit.warnings.map((w) => w.code)).toContain('gray-test-singular');
  });

  it('cumulativeIncidence without listed causes requires at least one event', () => {
    expect(() => cumulativeIncidence(undefined, { time: [1, 2], event: [0, 0] })).toThrow(
      DataError,
    );
  });

  it('cumulativeIncidence names a missing column and rejects bad options', () => {
    expect(() => cumulativeIncidence({ t: [1] }, { time: 't', event: 'status' })).toThrow(
      /column 'status'/,
    );
    expect(() =>
      cumulativeIncidence(undefined, { time: [1, 2], event: [1, 0], confType: 'logit' as Json }),
    ).toThrow(InvalidArgumentError);
    expect(() =>
      cumulativeIncidence(undefined, { time: [1, Number.POSITIVE_INFINITY], event: [1, 0] }),
    ).toThrow(/finite times/);
    expect(() =>
      cumulativeIncidence(undefined, { time: [1, 2], event: [1, 0], causes: { 0: 'x' } }),
    ).toThrow(InvalidArgumentError);
  });

  it('cumulativeIncidence with string event codes uses them as cause names', () => {
    const fit = cumulativeIncidence(undefined, {
      time: [1, 2, 3, 4],
      event: ['desertion', 'none', 'killed', 'desertion'],
      censorCode: 'none',
    });
    expect(fit.causes.map((c) => c.name)).toEqual(['desertion', 'killed']);
    // t = 1: 1/4; t = 3 (2 at risk) killed: S = 3/8; t = 4: the last one deserts: 1/4 + 3/8.
    expectClose(fit.strata[0].table[3].cif.desertion, 0.25 + 0.375, { rtol: 1e-14, atol: 0 });
  });
});

describe('cumulativeIncidence: recovery and degenerate input', () => {
  it('cumulativeIncidence 95% log intervals cover the true incidence about 95% of the time', () => {
    // Constant cause-specific hazards l1 = 0.1, l2 = 0.2; censoring uniform on (0, 10).
    // True F1(t) = l1 / (l1 + l2) (1 - exp(-(l1 + l2) t)).
    const random = createRandom(11);
    const l1 = 0.1;
    const l2 = 0.2;
    const t0 = 3;
    const truth = (l1 / (l1 + l2)) * (1 - Math.exp(-(l1 + l2) * t0));
    const reps = 400;
    let covered = 0;
    for (let rep = 0; rep < reps; rep++) {
      const n = 150;
      const time: number[] = [];
      const event: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = -Math.log(1 - random.uniform()) / (l1 + l2);
        const cause = random.uniform() < l1 / (l1 + l2) ? 1 : 2;
        const c = random.uniformIn(0, 10);
        time.push(Math.min(t, c));
        event.push(t <= c ? cause : 0);
      }
      const table = cumulativeIncidence(undefined, { time, event, causes: [1, 2] }).strata[0].table;
      let row = table[0];
      for (const r of table) if (r.time <= t0) row = r;
      if ((row.lower['1'] ?? 0) <= truth && truth <= (row.upper['1'] ?? 1)) covered++;
    }
    const coverage = covered / reps;
    // Binomial sd at 0.95 with 400 replications is 0.011.
    expect(coverage).toBeGreaterThan(0.91);
    expect(coverage).toBeLessThan(0.985);
  });

  it('cumulativeIncidence with one row and with every row missing', () => {
    const one = cumulativeIncidence(undefined, { time: [5], event: [2], causes: [1, 2] });
    expect(one.strata[0].table).toHaveLength(1);
    expect(one.strata[0].table[0].cif).toEqual({ '1': 0, '2': 1 });
    expect(one.strata[0].table[0].stdErr).toEqual({ '1': 0, '2': 0 });
    expect(() =>
      cumulativeIncidence(undefined, { time: [null, Number.NaN], event: [1, 2], causes: [1, 2] }),
    ).toThrow(/at least one complete observation; received 0 \(2 dropped/);
  });

  it('cumulativeIncidence with every observation censored and listed causes gives zero incidence and warnings', () => {
    const fit = cumulativeIncidence(undefined, {
      time: [1, 2, 3],
      event: [0, 0, 0],
      causes: { 1: 'desertion' },
    });
    expect(fit.strata[0].table.map((r) => r.cif.desertion)).toEqual([0, 0, 0]);
    expect(fit.strata[0].table.map((r) => r.survival)).toEqual([1, 1, 1]);
    expect(fit.warnings.map((w) => w.code)).toEqual(['cause-without-events']);
  });
});
