import { readCsv } from '@muster/formula';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  fitGlm,
  type GlmResult,
  type MarginalEffectRow,
  marginalEffects,
  predictionGrid,
} from '../src/index.ts';
import { expectClose, fixtureText, type Tolerance } from './helpers.ts';

// Cases from test/fixtures/r/generate-margins.R (marginaleffects' steps written out in R).
interface RRow {
  term: string;
  contrast: string;
  row: number | null;
  estimate: number;
  stdError: number;
  stdErrorForward: number;
}
interface RPredictions {
  estimate: number[];
  stdError: number[];
  linkEstimate: number[];
  linkStdError: number[];
  lower: number[];
  upper: number[];
}
interface RCase {
  id: string;
  formula: string;
  data: string;
  family: 'binomial' | 'poisson';
  link: 'logit' | 'probit' | 'log';
  vcov: 'classical' | 'HC1' | 'cluster' | 'cluster-HC0';
  cluster: string | null;
  nobs: number;
  ame: RRow[];
  mem: { grid: Record<string, number | string>[]; effects: RRow[] };
  mer: {
    at: Record<string, (number | string)[]>;
    grid: Record<string, number | string>[];
    effects: RRow[];
  };
  contrasts: RRow[];
  contrastsAt: Record<string, [number, number]>;
  predictions: RPredictions & {
    at: Record<string, (number | string)[]>;
    grid: Record<string, number | string>[];
  };
  predictions90: RPredictions;
}

const cases = (JSON.parse(fixtureText('margins-cases.json')) as { cases: RCase[] }).cases;

/** jsonlite writes a one-value vector as a scalar. */
function asValues(at: Record<string, unknown>): Record<string, (number | string)[]> {
  return Object.fromEntries(
    Object.entries(at).map(([k, v]) => [k, (Array.isArray(v) ? v : [v]) as (number | string)[]]),
  );
}

/** Agreement with the R computation (same steps, same formulas): 1e-6 relative (measured: within 1e-9). */
const R_TOL: Tolerance = { rtol: 1e-6, atol: 1e-12 };
/**
 * The forward-difference Jacobian divides rounding noise of the estimate by a step of about
 * 1.5e-8 |b|, so its standard errors agree with R's to about 1e-5 only.
 */
const FORWARD_TOL: Tolerance = { rtol: 1e-4, atol: 1e-10 };

function compareRows(
  actual: MarginalEffectRow[],
  expected: RRow[],
  label: string,
  forward = false,
): void {
  expect(actual.map((r) => [r.term, r.contrast, r.gridRow])).toEqual(
    expected.map((r) => [r.term, r.contrast, r.row]),
  );
  actual.forEach((row, i) => {
    const e = expected[i];
    const where = `${label} ${e.term} ${e.contrast} ${e.row ?? ''}`;
    expectClose(row.estimate, e.estimate, R_TOL, `${where} estimate`);
    if (forward) expectClose(row.stdError, e.stdErrorForward, FORWARD_TOL, `${where} se (forward)`);
    else expectClose(row.stdError, e.stdError, R_TOL, `${where} se`);
  });
}

describe.each(cases)('marginal effects against R: $id', (c) => {
  const data = readCsv(fixtureText(c.data));
  let fit: GlmResult;
  beforeAll(async () => {
    fit = await fitGlm(c.formula, data, {
      family: c.family,
      link: c.link,
      vcov: c.vcov === 'cluster-HC0' ? 'cluster' : c.vcov,
      ...(typeof c.cluster === 'string' ? { cluster: c.cluster } : {}),
      ...(c.vcov === 'cluster-HC0' ? { clusterType: 'HC0' as const } : {}),
    });
  });

  it('marginalEffects(fit, data) gives avg_slopes and avg_comparisons of every predictor', () => {
    const ame = marginalEffects(fit, data);
    expect(ame.nobs).toBe(c.nobs);
    expect(ame.estimand).toBe('average');
    compareRows(ame.effects, c.ame, 'AME');
    expect(ame.nClusters).toBe(c.cluster === 'war' ? (c.id === 'na-cluster' ? 159 : 160) : null);
  });

  it("marginalEffects(fit, data, { jacobian: 'forward' }) gives marginaleffects < 1.0's errors", () => {
    compareRows(marginalEffects(fit, data, { jacobian: 'forward' }).effects, c.ame, 'AME', true);
  });

  it("marginalEffects(fit, data, { grid: 'means' }) gives slopes(newdata = 'mean')", () => {
    const mem = marginalEffects(fit, data, { grid: 'means' });
    for (const [name, value] of Object.entries(c.mem.grid[0])) {
      if (typeof value === 'number')
        expectClose(mem.grid?.columns[name][0] as number, value, R_TOL, name);
      else expect(mem.grid?.columns[name][0]).toBe(value);
    }
    compareRows(mem.effects, c.mem.effects, 'MEM');
  });

  it('marginalEffects(fit, data, { grid: values }) gives slopes(newdata = datagrid(...))', () => {
    const mer = marginalEffects(fit, data, { grid: asValues(c.mer.at) });
    expect(mer.grid?.columns[Object.keys(asValues(c.mer.at))[0]].length).toBe(c.mer.grid.length);
    compareRows(mer.effects, c.mer.effects, 'MER');
  });

  it('marginalEffects(fit, data, { contrasts }) gives avg_comparisons(variables = list(...))', () => {
    const result = marginalEffects(fit, data, { variables: [], contrasts: c.contrastsAt });
    compareRows(result.effects, c.contrasts, 'contrast');
  });

  it('predictionGrid(fit, data, values) gives predictions(newdata = datagrid(...))', () => {
    for (const [level, expected] of [
      [undefined, c.predictions],
      [0.9, c.predictions90],
    ] as const) {
      const p = predictionGrid(
        fit,
        data,
        asValues(c.predictions.at),
        level === undefined ? {} : { confLevel: level },
      );
      expect(p.predictions.length).toBe(expected.estimate.length);
      p.predictions.forEach((row, i) => {
        expectClose(row.estimate, expected.estimate[i], R_TOL, `estimate ${i}`);
        expectClose(row.stdError, expected.stdError[i], R_TOL, `se ${i}`);
        expectClose(row.linkEstimate, expected.linkEstimate[i], R_TOL, `eta ${i}`);
        expectClose(row.linkStdError, expected.linkStdError[i], R_TOL, `se(eta) ${i}`);
        expectClose(row.lower, expected.lower[i], R_TOL, `lower ${i}`);
        expectClose(row.upper, expected.upper[i], R_TOL, `upper ${i}`);
      });
    }
  });
});
