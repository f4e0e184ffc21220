import { describe, expect, it } from 'vitest';
import { toDisplay } from '../src/to-display.ts';
import type { TableDisplay } from '../src/types.ts';

// Shapes of @muster/glm's marginalEffects and predictionGrid results (numbers of the Lyall logit).
const effect = (
  term: string,
  contrast: string,
  estimate: number,
  gridRow: number | null = null,
) => ({
  term,
  contrast,
  estimate,
  stdError: 0.103,
  statistic: estimate / 0.103,
  pValue: 1.16e-9,
  lower: estimate - 0.2019,
  upper: estimate + 0.2019,
  gridRow,
});

const ame = {
  kind: 'marginal-effects',
  formula: 'mass_desertion ~ inequality + regime',
  family: 'binomial',
  link: 'logit',
  scale: 'response',
  estimand: 'average',
  grid: null,
  nobs: 377,
  vcovType: 'cluster',
  cluster: 'war',
  clusterType: 'HC1',
  nClusters: 160,
  confLevel: 0.95,
  statisticType: 'z',
  effects: [
    effect('inequality', 'dY/dX', 0.62676803),
    effect('regime', 'autocracy - anocracy', 0.0260472),
  ],
  warnings: [],
};

describe('toDisplay of marginal effects and prediction grids', () => {
  it('toDisplay(marginalEffects) is a table of term, contrast, estimate, error, z, p-value and interval', async () => {
    const [table] = (await toDisplay(ame)) as TableDisplay[];
    expect(table.kind).toBe('table');
    expect(table.caption).toBe(
      'Average marginal effects on the probability: mass_desertion ~ inequality + regime',
    );
    expect(table.columns).toEqual([
      'Term',
      'Contrast',
      'Estimate',
      'Std. error',
      'z',
      'p-value',
      '95% lower',
      '95% upper',
    ]);
    expect(table.align).toEqual([
      'left',
      'left',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
    ]);
    expect(table.rows[0]).toEqual([
      'inequality',
      'dY/dX',
      '0.6268',
      '0.103',
      '6.09',
      '1.16e-09',
      '0.4249',
      '0.8287',
    ]);
    expect(table.note).toBe(
      "Delta-method standard errors from the cluster-robust (CR1 by war, 160 clusters) covariance, 377 rows; 95% normal intervals; slopes by centred finite differences, as R's marginaleffects.",
    );
  });

  it('toDisplay(marginalEffects at values) adds a column per grid variable', async () => {
    const atValues = {
      ...ame,
      estimand: 'values',
      grid: {
        at: ['regime'],
        columns: { regime: ['autocracy', 'democracy'], inequality: [0.1, 0.1] },
      },
      effects: [effect('inequality', 'dY/dX', 0.99, 1), effect('inequality', 'dY/dX', 0.51, 2)],
      warnings: [{ code: 'glm-separation', message: 'marginalEffects: the fit shows separation' }],
    };
    const [table] = (await toDisplay(atValues)) as TableDisplay[];
    expect(table.caption).toMatch(/^Marginal effects at representative values on the probability/);
    expect(table.columns.slice(0, 4)).toEqual(['Term', 'Contrast', 'regime', 'Estimate']);
    expect(table.rows.map((row) => row[2])).toEqual(['autocracy', 'democracy']);
    expect(table.note).toMatch(/ Warning: marginalEffects: the fit shows separation$/);
  });

  it('toDisplay(predictionGrid) lists the grid values with each prediction and its interval, first rows only', async () => {
    const grid = {
      kind: 'prediction-grid',
      formula: 'mass_desertion ~ inequality + regime',
      family: 'binomial',
      link: 'logit',
      grid: {
        at: ['inequality'],
        columns: { inequality: [0, 0.5, 1], regime: ['autocracy', 'autocracy', 'autocracy'] },
      },
      vcovType: 'HC1',
      cluster: null,
      confLevel: 0.9,
      predictions: [0, 0.5, 1].map((x, i) => ({
        gridRow: i + 1,
        at: { inequality: x },
        estimate: 0.1 + 0.4 * x,
        stdError: 0.05,
        lower: 0.05 + 0.3 * x,
        upper: 0.2 + 0.5 * x,
        linkEstimate: 0,
        linkStdError: 0.3,
      })),
      warnings: [],
    };
    const [table] = (await toDisplay(grid, { rows: 2 })) as TableDisplay[];
    expect(table.columns).toEqual([
      'inequality',
      'Prediction',
      'Std. error',
      '90% lower',
      '90% upper',
    ]);
    expect(table.rows).toEqual([
      ['0', '0.1', '0.05', '0.05', '0.2'],
      ['0.5', '0.3', '0.05', '0.2', '0.45'],
    ]);
    expect(table.nrow).toBe(3);
    expect(table.note).toBe(
      'first 2 of 3 rows; other predictors at their means or modes; intervals on the link scale, transformed (heteroskedasticity-consistent (HC1) covariance)',
    );
  });
});
