/**
 * Recovery of backProject's bootstrap on monthly counts of a smooth rise (the model's own
 * assumptions). reconstruct's coverage is checked against truth generated independently of the
 * model in coverage-independent.test.ts and bench/coverage-independent.ts.
 */
import { describe, expect, it } from 'vitest';
import { backProjectCoverage, logistic } from './support/simulation.ts';

describe('recovery', () => {
  it('backProject bootstrap intervals (backprojNP, B = 200) cover a smooth rise 85-95% from monthly counts', () => {
    const coverage = backProjectCoverage(logistic(), 200);
    console.log(`backProject recovery: coverage ${coverage.toFixed(3)}`);
    expect(coverage).toBeGreaterThanOrEqual(0.85);
    expect(coverage).toBeLessThanOrEqual(0.95);
  });
});
