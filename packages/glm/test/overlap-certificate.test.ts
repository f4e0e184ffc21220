import { createRandom } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { overlapCertified } from '../src/fit/overlap-certificate.ts';
import { detectSeparation, fitGlm, predictGlm } from '../src/index.ts';
import { fixtureCsv } from './helpers.ts';

const LYALL = 'mass_desertion ~ inequality + log(troops) + regime + initiator';

describe('the overlap certificate that lets fitGlm skip the separation LP', () => {
  it("fitGlm(separation 'auto') on overlapped data certifies overlap from the score equations; the LP ('always') agrees and the fit is the same", async () => {
    const data = fixtureCsv('lyall_synthetic.csv');
    const options = {
      family: 'binomial',
      vcov: 'cluster',
      cluster: 'war',
      profile: false,
    } as const;
    const auto = await fitGlm(LYALL, data, options);
    const always = await fitGlm(LYALL, data, { ...options, separation: 'always' });
    expect(auto.separation).toEqual({
      checked: true,
      separation: false,
      kind: 'none',
      infiniteTerms: [],
      separatingTerms: [],
      method: 'overlap certificate (score equations)',
    });
    expect(always.separation).toEqual({
      ...auto.separation,
      method: 'linear-programming (Konis 2007)',
    });
    expect(auto.coefficients).toEqual(always.coefficients);
    expect(auto.warnings).toEqual(always.warnings);
  });

  it('fitGlm on separated data is not certified: the LP runs and names the separation', async () => {
    const fit = await fitGlm('y2 ~ big + z', fixtureCsv('separation.csv'), {
      family: 'binomial',
      profile: false,
    });
    expect(fit.separation).toMatchObject({
      checked: true,
      kind: 'quasi-complete',
      method: 'linear-programming (Konis 2007)',
    });
  });

  it('overlapCertified never certifies data the LP finds separated, and certifies every overlapped fit with fitted probabilities inside [1e-4, 1 - 1e-4] (120 seeded designs)', async () => {
    const random = createRandom(2024);
    let separated = 0;
    let moderate = 0;
    let moderateCertified = 0;
    for (let k = 0; k < 120; k++) {
      // 12 to 40 rows, 3 columns; strong slopes make separation frequent on the smaller designs.
      const n = 12 + (k % 29);
      const slope = 0.5 + 6 * random.uniform();
      const x = new Float64Array(3 * n);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        x[i] = 1;
        x[n + i] = random.normal();
        x[2 * n + i] = random.uniform() < 0.5 ? 1 : 0;
        const eta = -0.5 + slope * x[n + i] + x[2 * n + i];
        y[i] = random.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
      }
      const weights = new Float64Array(n).fill(1);
      const lp = await detectSeparation(x, n, 3, y);
      if (lp.separation) separated++;
      const columns = { y, a: x.slice(n, 2 * n), b: x.slice(2 * n) };
      const fit = await fitGlm('y ~ a + b', columns, {
        family: 'binomial',
        profile: false,
        separation: 'never',
      });
      if (!fit.converged) continue;
      const fitted = Float64Array.from(predictGlm(fit, columns).fit);
      const certified = overlapCertified(x, n, 3, y, weights, fitted);
      if (certified) expect(lp.separation, `design ${k}`).toBe(false);
      // Overlapped fits near the boundary (some fitted value within 1e-4 of 0 or 1) may go to the LP.
      if (!lp.separation && fitted.every((m) => m > 1e-4 && m < 1 - 1e-4)) {
        moderate++;
        if (certified) moderateCertified++;
      }
    }
    expect(separated).toBeGreaterThan(10);
    expect(moderate).toBeGreaterThan(40);
    expect(moderateCertified).toBe(moderate);
  });

  it('overlapCertified accepts proportions strictly between 0 and 1 with either sign of residual, and ignores rows of weight 0', () => {
    // Proportions on an overlapped logit: a weight-0 row with a wild value does not matter.
    const n = 6;
    const x = new Float64Array([1, 1, 1, 1, 1, 1, 0, 1, 2, 3, 4, 50]);
    const y = new Float64Array([0.1, 0.3, 0.4, 0.6, 0.8, 1]);
    const weights = new Float64Array([10, 10, 10, 10, 10, 0]);
    // The exact fit of the five weighted proportions is not needed: the projection fixes it.
    const fitted = new Float64Array([0.15, 0.28, 0.45, 0.62, 0.77, 0.99]);
    expect(overlapCertified(x, n, 2, y, weights, fitted)).toBe(true);
    // 0/1 outcomes split by x at 1.5: separated, whatever fitted values are supplied.
    const y01 = new Float64Array([0, 0, 1, 1, 1, 1]);
    const ones = new Float64Array(n).fill(1);
    expect(overlapCertified(x, n, 2, y01, ones, new Float64Array(n).fill(0.5))).toBe(false);
  });
});
