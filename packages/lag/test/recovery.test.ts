/**
 * Recovery: simulate from a known offence series, delay the offences and aggregate the lagged
 * counts as the published figures are aggregated, then check that the 90% intervals cover the
 * truth at the stated rate (between 85% and 95%, averaged over months and 200 simulations).
 */
import { describe, expect, it } from 'vitest';
import {
  backProjectCoverage,
  logistic,
  publishedLike,
  reconstructCoverage,
} from './support/simulation.ts';

describe('recovery', () => {
  it('reconstruct recovers the court series and the offences from published-style figures: 90% intervals cover 85-95%', () => {
    const coverage = reconstructCoverage(publishedLike(), 200);
    const courtCoverage = coverage.court;
    const offenceCoverage = coverage.offences;
    console.log(
      `reconstruct recovery: court series coverage ${courtCoverage.toFixed(3)}, offences ${offenceCoverage.toFixed(3)}`,
    );
    expect(courtCoverage).toBeGreaterThanOrEqual(0.85);
    expect(courtCoverage).toBeLessThanOrEqual(0.95);
    expect(offenceCoverage).toBeGreaterThanOrEqual(0.85);
    expect(offenceCoverage).toBeLessThanOrEqual(0.95);
  });

  it('backProject bootstrap intervals (backprojNP, B = 200) cover a smooth rise 85-95% from monthly counts', () => {
    const coverage = backProjectCoverage(logistic(), 200);
    console.log(`backProject recovery: coverage ${coverage.toFixed(3)}`);
    expect(coverage).toBeGreaterThanOrEqual(0.85);
    expect(coverage).toBeLessThanOrEqual(0.95);
  });
});
