import { describe, expect, it } from 'vitest';
import { cumulativeIncidence } from '../../src/index.ts';
import r from '../fixtures/cuminc-clustered.json' with { type: 'json' };
import { expectClose, loadCsv } from '../helpers.ts';

// the clustered sums reorder floating-point additions relative to survfit's C code
const TOL = { rtol: 1e-9, atol: 1e-12 };

describe('cumulativeIncidence with standard errors clustered by unit', () => {
  it('cumulativeIncidence(cluster) sums survfit influences (influence = TRUE) within units', () => {
    const data = loadCsv('cuminc-clustered.csv');
    const fit = cumulativeIncidence(data, {
      time: 'time',
      event: 'status',
      group: 'arm',
      cluster: 'unit',
    });
    expect(fit.nClusters).toBe(15);
    const rows = fit.strata.flatMap((s) =>
      s.table.map((row) => ({ ...row, strata: `arm=${s.group}` })),
    );
    expect(rows).toHaveLength(r.time.length);
    const [s0, s1, s2] = r['std.err'] as number[][];
    const [p0, p1, p2] = r.pstate as number[][];
    rows.forEach((row, i) => {
      expect(row.strata).toBe(r.strata[i]);
      expectClose(row.time, r.time[i], TOL, `time ${i}`);
      expectClose(row.cif['1'], p1[i], TOL, `cif 1 row ${i}`);
      expectClose(row.cif['2'], p2[i], TOL, `cif 2 row ${i}`);
      expectClose(row.survival, p0[i], TOL, `survival row ${i}`);
      expectClose(row.stdErr['1'], s1[i], TOL, `se 1 row ${i}`);
      expectClose(row.stdErr['2'], s2[i], TOL, `se 2 row ${i}`);
      expectClose(row.survivalStdErr, s0[i], TOL, `se survival row ${i}`);
    });
    // the clustering matters: unit sums differ from the per-soldier jackknife
    const unclustered = (r.unclustered as number[][])[1];
    expect(s1.some((v, i) => Math.abs(v - unclustered[i]) > 1e-3 * unclustered[i])).toBe(true);
  });
});
