import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { isVegaLiteSpec, toDisplay } from '../src/to-display.ts';
import type { FitDisplay, TableDisplay } from '../src/types.ts';
import { fixtures } from './helpers.ts';

const reference = JSON.parse(readFileSync(join(fixtures, 'glm-lyall-cluster.json'), 'utf8'));
/**
 * The reference case as fitGlm returns it: the case's method fields plus R's expected values, with
 * the names of a glm result (`vcovType`, Wald limits `lower`/`upper`; 45 of the 377 belligerents
 * had mass desertion).
 */
const { coefficients: referenceRows, ...referenceFields } = reference.expected;
const clusterFit = {
  kind: 'glm',
  formula: reference.formula,
  family: reference.family,
  link: reference.link,
  vcovType: reference.vcov,
  cluster: reference.cluster,
  weights: reference.weights,
  method: reference.method,
  ...referenceFields,
  confLevel: 0.95,
  vcov: [],
  statisticType: 'z',
  warnings: [],
  nEvents: 45,
  coefficients: referenceRows.map(({ waldLower, waldUpper, ...row }: Record<string, unknown>) => ({
    ...row,
    lower: waldLower,
    upper: waldUpper,
  })),
};

/** The shared fields of a fit (FitResultBase) that a hand-made fit below does not set itself. */
const FIT_FIELDS = {
  kind: 'glm',
  formula: 'y ~ x + z',
  method: 'ml',
  confLevel: 0.95,
  vcovType: 'classical',
  vcov: [],
  statisticType: 'z',
  dfResidual: null,
  nobs: 20,
  nEvents: null,
  nClusters: null,
  logLik: null,
  df: 3,
  aic: null,
  bic: null,
  converged: true,
  iterations: 4,
  warnings: [],
};

describe('toDisplay', () => {
  it('toDisplay(undefined) shows nothing; numbers, strings and null show as text', async () => {
    expect(await toDisplay(undefined)).toEqual([]);
    expect(await toDisplay(0.1 + 0.2)).toEqual([{ kind: 'text', text: '0.3', style: 'value' }]);
    expect(await toDisplay('hello')).toEqual([{ kind: 'text', text: 'hello', style: 'value' }]);
    expect(await toDisplay(null)).toEqual([{ kind: 'text', text: 'null', style: 'value' }]);
    expect(await toDisplay(Promise.resolve(42))).toEqual([
      { kind: 'text', text: '42', style: 'value' },
    ]);
  });

  it('toDisplay(object) pretty-prints JSON, typed arrays as arrays, cycles marked', async () => {
    const value: Record<string, unknown> = { values: new Float64Array([1, 2]), name: 'x' };
    value.self = value;
    const [item] = await toDisplay(value);
    expect(item).toEqual({
      kind: 'text',
      style: 'json',
      text: '{\n  "values": [1, 2],\n  "name": "x",\n  "self": "[circular]"\n}',
    });
    const series = Array.from({ length: 30 }, (_, i) => i * 1000);
    const [long] = await toDisplay({ series });
    if (long.kind !== 'text') throw new Error('expected text');
    const lines = long.text.split('\n');
    expect(lines.slice(0, 2)).toEqual(['{', '  "series": [']);
    expect(lines.every((line) => line.length <= 80)).toBe(true);
    expect(JSON.parse(long.text)).toEqual({ series });
  });

  it('toDisplay(arquero table) shows the shape and the first 10 rows, numbers right-aligned', async () => {
    const table = aq.table({
      id: Array.from({ length: 12 }, (_, i) => `r${i + 1}`),
      x: Array.from({ length: 12 }, (_, i) => i / 3),
    });
    const [item] = (await toDisplay(table)) as TableDisplay[];
    expect(item.caption).toBe('12 rows × 2 columns');
    expect(item.align).toEqual(['left', 'right']);
    expect(item.rows.length).toBe(10);
    expect(item.rows[1]).toEqual(['r2', '0.333333']);
    expect(item.note).toBe('first 10 of 12 rows');
  });

  it('toDisplay(records) shows an array of flat objects as a table', async () => {
    const [item] = (await toDisplay([
      { term: 'a', value: 1 },
      { term: 'b', value: null },
    ])) as TableDisplay[];
    expect(item.columns).toEqual(['term', 'value']);
    expect(item.rows).toEqual([
      ['a', '1'],
      ['b', 'NA'],
    ]);
  });

  it("toDisplay(fit) shows R's numbers for the cluster-robust logistic reference case, with Wald intervals from the robust covariance", async () => {
    const [fit] = (await toDisplay(clusterFit)) as FitDisplay[];
    expect(fit.title).toBe('Binomial GLM (logit link)');
    expect(fit.coefficients.caption).toBe(
      'Coefficients with 95% Wald interval (cluster covariance)',
    );
    expect(fit.coefficients.columns).toEqual([
      'Term',
      'Estimate',
      'Std. error',
      'z',
      'p-value',
      'Lower',
      'Upper',
    ]);
    // R: estimate -7.95953673775615, stdError 1.75829980058902, z -4.52683708153168, p 5.98730626919356e-06,
    // Wald interval (-11.4057410209346, -4.51333245457771): shown with 5, 4 and 3 significant digits.
    expect(fit.coefficients.rows[0]).toEqual([
      '(Intercept)',
      '-7.9595',
      '1.7583',
      '-4.527',
      '5.99e-06',
      '-11.406',
      '-4.5133',
    ]);
    expect(Object.fromEntries(fit.summary)).toMatchObject({
      Observations: '377',
      'Log-likelihood': '-105.3665',
      AIC: '222.7329',
      'Residual deviance': '210.7329 on 371 df',
      'Null deviance': '275.7036 on 376 df',
    });
    expect(Object.fromEntries(fit.methods)).toMatchObject({
      Family: 'binomial',
      Link: 'logit',
      Covariance: 'cluster',
      'Cluster variable': 'war',
    });
  });

  it('the diagnostics panel reports convergence, separation, events per variable and rows dropped', async () => {
    const [fit] = (await toDisplay({
      ...clusterFit,
      iterations: 6,
      nDropped: 2,
      separation: { checked: true, separation: false, kind: 'none', infiniteTerms: [] },
    })) as FitDisplay[];
    expect(fit.diagnostics).toEqual([
      { label: 'Convergence', value: 'converged in 6 iterations', status: 'ok' },
      { label: 'Separation', value: 'none (checked by linear programming)', status: 'ok' },
      // 45 of 377 belligerents had mass desertion: read back exactly from the null deviance.
      {
        label: 'Events per variable',
        value:
          '9 (45 in the smaller outcome class, 5 coefficients); below 10, estimates may be biased',
        status: 'warn',
      },
      { label: 'Rows dropped', value: '2 rows with missing values', status: 'info' },
    ]);
  });

  it('the diagnostics panel flags non-convergence, separation and aliased terms', async () => {
    const [fit] = (await toDisplay({
      ...FIT_FIELDS,
      family: 'binomial',
      link: 'logit',
      converged: false,
      iterations: 25,
      warnings: [{ code: 'glm-separation', message: 'complete separation', subjects: ['x'] }],
      coefficients: [
        { term: '(Intercept)', estimate: -20, stdError: 1e4, statistic: 0, pValue: 1 },
        { term: 'x', estimate: 40, stdError: 2e4, statistic: 0, pValue: 1 },
        { term: 'z', estimate: null, stdError: null, statistic: null, pValue: null },
      ],
    })) as FitDisplay[];
    expect(fit.diagnostics).toEqual([
      { label: 'Convergence', value: 'did not converge after 25 iterations', status: 'warn' },
      { label: 'Separation', value: 'complete separation (x)', status: 'warn' },
      { label: 'Aliased', value: 'not estimable: z', status: 'warn' },
    ]);
    expect(fit.coefficients.rows[2]).toEqual(['z', 'aliased', '', '', '']);
  });

  it('toDisplay(Vega-Lite spec) draws the chart to SVG and keeps the spec', async () => {
    const spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: 'Bars',
      data: {
        values: [
          { a: 'x', b: 1 },
          { a: 'y', b: 2 },
        ],
      },
      mark: 'bar',
      encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } },
    };
    expect(isVegaLiteSpec(spec)).toBe(true);
    expect(isVegaLiteSpec({ $schema: 'https://vega.github.io/schema/vega/v5.json' })).toBe(false);
    const [chart] = await toDisplay(spec);
    expect(chart.kind).toBe('chart');
    if (chart.kind !== 'chart') return;
    expect(chart.spec).toEqual(spec);
    expect(chart.title).toBe('Bars');
    expect(chart.svg.startsWith('<svg')).toBe(true);
    expect(chart.svg.match(/<path[^>]*role-mark|class="mark-rect/g)?.length ?? 0).toBeGreaterThan(
      0,
    );
    expect(chart.width).toBeGreaterThan(0);
  });
});
