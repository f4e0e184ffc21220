import { createRandom, FormulaError, InvalidArgumentError } from '@muster/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FitGlmOptions, fitGlm, type GlmResult } from '../../src/index.ts';
import { expectClose } from '../helpers.ts';
import { duckdbTable } from './duckdb-source.ts';

// The same data in memory and in DuckDB: 600 rows with a 3-level text factor, a numeric year
// used as factor(), a boolean, weights, clusters (20 wars) and an exposure; a few missing values.
function panel(): Record<string, (number | string | boolean | null)[]> {
  const rng = createRandom(20);
  const n = 600;
  const cols: Record<string, (number | string | boolean | null)[]> = {
    y: [],
    count: [],
    x: [],
    z: [],
    regime: [],
    year: [],
    veteran: [],
    w: [],
    war: [],
    exposure: [],
    gauss: [],
  };
  for (let i = 0; i < n; i++) {
    const x = rng.normal();
    const z = rng.uniformIn(0.5, 4);
    const regime = ['democracy', 'anocracy', 'autocracy'][rng.integer(3)];
    const year = 1990 + rng.integer(4);
    const veteran = rng.uniform() < 0.4;
    const eta =
      -0.5 +
      0.8 * x +
      0.4 * Math.log(z) +
      (regime === 'autocracy' ? 0.7 : 0) +
      (veteran ? -0.3 : 0);
    const exposure = rng.uniformIn(1, 10);
    cols.y.push(rng.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
    cols.count.push(
      rng.poisson(exposure * Math.exp(-1 + 0.3 * x + (regime === 'anocracy' ? 0.5 : 0))),
    );
    cols.x.push(i % 97 === 5 ? null : x);
    cols.z.push(z);
    cols.regime.push(i % 131 === 7 ? null : regime);
    cols.year.push(year);
    cols.veteran.push(veteran);
    cols.w.push(1 + rng.integer(3));
    cols.war.push(`war${rng.integer(20)}`);
    cols.exposure.push(exposure);
    cols.gauss.push(2 + 1.5 * x - 0.5 * z + rng.normal(0, 0.7));
  }
  return cols;
}

const data = panel();
let source: Awaited<ReturnType<typeof duckdbTable>>;
beforeAll(async () => {
  source = await duckdbTable(data, 'panel');
});
afterAll(() => source.close());

const AGREE = { rtol: 1e-9, atol: 1e-12 };

function compare(sql: GlmResult, memory: GlmResult): void {
  expect(sql.coefficients.map((c) => c.term)).toEqual(memory.coefficients.map((c) => c.term));
  sql.coefficients.forEach((c, j) => {
    const m = memory.coefficients[j];
    expectClose(c.estimate, m.estimate, AGREE, `${c.term} estimate`);
    expectClose(c.stdError, m.stdError, AGREE, `${c.term} stdError`);
    expectClose(c.pValue, m.pValue, { rtol: 1e-7, atol: 1e-14 }, `${c.term} pValue`);
  });
  sql.vcov.forEach((row, a) => {
    row.forEach((v, b) => {
      expectClose(v, memory.vcov[a][b], AGREE, `vcov[${a}][${b}]`);
    });
  });
  for (const key of ['deviance', 'nullDeviance', 'aic', 'bic', 'logLik', 'dispersion'] as const) {
    expectClose(sql[key], memory[key], AGREE, key);
  }
  for (const key of [
    'nobs',
    'nDropped',
    'dfResidual',
    'dfNull',
    'df',
    'iterations',
    'converged',
    'nClusters',
    'nEvents',
    'statisticType',
    'vcovType',
    'cluster',
  ] as const) {
    expect(sql[key], key).toEqual(memory[key]);
  }
}

async function both(formula: string, options: FitGlmOptions): Promise<[GlmResult, GlmResult]> {
  const sql = await fitGlm(formula, source, options);
  const memory = await fitGlm(formula, data, { ...options, profile: false });
  return [sql, memory];
}

describe('fitGlm on a SQL source agrees with the in-memory fit to 1e-9', () => {
  it('fitGlm(formula, source) logit with a text factor, an interaction, log(), a boolean and weights, clustered by war', async () => {
    const [sql, memory] = await both('y ~ x * regime + log(z) + veteran', {
      family: 'binomial',
      weights: 'w',
      vcov: 'cluster',
      cluster: 'war',
    });
    expect(sql.nDropped).toBeGreaterThan(0);
    expect(sql.coefficients.map((c) => c.term)).toContain('x:regimedemocracy');
    compare(sql, memory);
  });

  it('fitGlm(formula, source) logit with classical, HC0 and HC1 covariances', async () => {
    for (const vcov of ['classical', 'HC0', 'HC1'] as const) {
      const [sql, memory] = await both('y ~ x + factor(year) + I(z^2)', {
        family: 'binomial',
        vcov,
      });
      compare(sql, memory);
    }
  });

  it('fitGlm(formula, source) poisson with an offset term, factor(year) and two-way clusters', async () => {
    const [sql, memory] = await both('count ~ x + regime + factor(year) + offset(log(exposure))', {
      family: 'poisson',
      vcov: 'cluster',
      cluster: ['war', 'year'],
    });
    compare(sql, memory);
    expect(sql.nClustersByDimension).toEqual(memory.nClustersByDimension);
  });

  it('fitGlm(formula, source) poisson with the offset option, weights and HC0 clusterType', async () => {
    const [sql, memory] = await both('count ~ x + veteran', {
      family: 'poisson',
      offset: 'exposure',
      weights: 'w',
      vcov: 'cluster',
      cluster: 'war',
      clusterType: 'HC0',
    });
    compare(sql, memory);
  });

  it('fitGlm(formula, source) gaussian with a comparison as a factor and HC1', async () => {
    const [sql, memory] = await both('gauss ~ x + z + (year > 1991) + regime:x', {
      family: 'gaussian',
      vcov: 'HC1',
    });
    compare(sql, memory);
  });

  it('fitGlm(formula, source) without an intercept takes the null deviance at g^-1(0)', async () => {
    const [sql, memory] = await both('y ~ x + regime - 1', { family: 'binomial' });
    compare(sql, memory);
  });

  it('fitGlm(formula, source) with a text response counts its first level as failure', async () => {
    const [sql, memory] = await both('regime ~ x + z', {
      family: 'binomial',
      levels: { regime: ['democracy', 'anocracy', 'autocracy'] },
    });
    compare(sql, memory);
    expect(sql.responseLevels).toEqual(memory.responseLevels);
  });
});

describe('fitGlm on a SQL source: what it refuses and reports', () => {
  it('fitGlm(formula, source) refuses a transformation it cannot translate, naming the term', async () => {
    await expect(fitGlm('y ~ scale(x)', source, { family: 'binomial' })).rejects.toThrow(
      FormulaError,
    );
    await expect(fitGlm('y ~ scale(x)', source, { family: 'binomial' })).rejects.toThrow(
      /scale\(\) in 'scale\(x\)'/,
    );
  });

  it('fitGlm(formula, source) refuses a missing column, Firth, HC3 and the probit link', async () => {
    await expect(fitGlm('y ~ nothere', source, { family: 'binomial' })).rejects.toThrow(
      /'nothere'/,
    );
    await expect(fitGlm('y ~ x', source, { family: 'binomial', firth: true })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(fitGlm('y ~ x', source, { family: 'binomial', vcov: 'HC3' })).rejects.toThrow(
      /HC3/,
    );
    await expect(fitGlm('y ~ x', source, { family: 'binomial', link: 'probit' })).rejects.toThrow(
      /probit/,
    );
  });

  it('fitGlm(formula, source) names a factor level that separates the outcome', async () => {
    const sep = await duckdbTable({
      y: [0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1],
      g: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'c', 'c', 'c', 'c'],
    });
    try {
      const fit = await fitGlm('y ~ g', sep, { family: 'binomial' });
      expect(fit.separation.separation).toBe(true);
      expect(fit.separation.infiniteTerms).toEqual(['gc']);
      expect(fit.separation.method).toBe('single-column sign check (SQL)');
      expect(fit.warnings.map((w) => w.code)).toContain('glm-separation');
    } finally {
      sep.close();
    }
  });
});
