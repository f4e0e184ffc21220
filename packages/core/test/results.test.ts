import { describe, expect, it } from 'vitest';
import {
  type FitResultBase,
  formatPValues,
  formatR,
  glance,
  printCoefficients,
  tidy,
} from '../src/index.ts';

const fit = {
  kind: 'glm',
  formula: 'y ~ x',
  method: 'ml',
  confLevel: 0.95,
  vcovType: 'classical',
  vcov: [
    [0.25, 0],
    [0, 0.04],
  ],
  statisticType: 'z',
  dfResidual: 18,
  coefficients: [
    {
      term: '(Intercept)',
      estimate: -1,
      stdError: 0.5,
      statistic: -2,
      pValue: 0.0455,
      lower: -1.98,
      upper: -0.02,
    },
    {
      term: 'x',
      estimate: null,
      stdError: null,
      statistic: null,
      pValue: null,
      lower: null,
      upper: null,
      oddsRatio: null,
    },
  ],
  nobs: 20,
  nEvents: 8,
  nClusters: null,
  logLik: -11.2,
  df: 2,
  aic: 26.4,
  bic: 28.4,
  converged: true,
  iterations: 4,
  warnings: [],
  deviance: 22.4,
  family: 'binomial',
  likelihoodRatioTest: { statistic: 3.1, df: 1, pValue: 0.078 },
  separation: { checked: true, infiniteTerms: [] },
} as unknown as FitResultBase;

describe('tidy and glance: broom-like rows of any fit', () => {
  it('tidy(fit) gives the shared coefficient columns, null where R has NA; exponentiate transforms estimate and limits only', () => {
    expect(tidy(fit)).toEqual([
      {
        term: '(Intercept)',
        estimate: -1,
        stdError: 0.5,
        statistic: -2,
        pValue: 0.0455,
        lower: -1.98,
        upper: -0.02,
      },
      {
        term: 'x',
        estimate: null,
        stdError: null,
        statistic: null,
        pValue: null,
        lower: null,
        upper: null,
      },
    ]);
    const [row] = tidy(fit, { exponentiate: true });
    expect(row.estimate).toBe(Math.exp(-1));
    expect(row.stdError).toBe(0.5);
    expect(row.lower).toBe(Math.exp(-1.98));
  });

  it('glance(fit) gives the shared fit-level numbers, then the model own scalars and flattened tests, never arrays, strings or settings', () => {
    expect(glance(fit)).toEqual({
      kind: 'glm',
      nobs: 20,
      nEvents: 8,
      nClusters: null,
      logLik: -11.2,
      aic: 26.4,
      bic: 28.4,
      df: 2,
      dfResidual: 18,
      converged: true,
      iterations: 4,
      deviance: 22.4,
      likelihoodRatioTestStatistic: 3.1,
      likelihoodRatioTestDf: 1,
      likelihoodRatioTestPValue: 0.078,
    });
  });

  it('tidy and glance refuse what is not a model result', () => {
    expect(() => tidy({ kind: 'glm' } as never)).toThrow('tidy requires a model result');
    expect(() => glance(null as never)).toThrow('glance requires a model result');
  });
});

// Expected strings are R 4.2's output (print(summary(glm(...))) on the Lyall data, and format()).
describe("R's number formats", () => {
  it('formatR(x, digits) is format(x, digits = digits): common decimals, or scientific when narrower', () => {
    expect(formatR([-7.9595, 7.8117, 0.4355, 1.7633, 0.1463], 4)).toEqual([
      '-7.9595',
      '7.8117',
      '0.4355',
      '1.7633',
      '0.1463',
    ]);
    expect(formatR([275.7, 210.73], 5)).toEqual(['275.70', '210.73']);
    expect(formatR([222.7284], 5)).toEqual(['222.73']);
    expect(formatR([1e-10, 1], 7)).toEqual(['1e-10', '1e+00']);
    expect(formatR([-1e-10, 1], 7)).toEqual(['-1e-10', '1e+00']);
    expect(formatR([123456789], 7)).toEqual(['123456789']);
    expect(formatR([null, Number.NaN, Number.POSITIVE_INFINITY, 0], 4)).toEqual([
      'NA',
      'NA',
      'Inf',
      '0',
    ]);
  });

  it('formatPValues is format.pval(pv, digits = 3): fixed from 1e-3 up, scientific below, <2e-16 at the floor', () => {
    expect(formatPValues([6.36e-6, 3.38e-10, 0.00291, 0.49637, 0.3187, 0.51407], 3)).toEqual([
      '6.36e-06',
      '3.38e-10',
      '0.00291',
      '0.49637',
      '0.31870',
      '0.51407',
    ]);
    expect(formatPValues([1e-20, 0.5], 3)).toEqual(['<2e-16', '0.5']);
    expect(formatPValues([6.36e-6, 0.00291, 0.4964, 1e-20], 3)).toEqual([
      '6.36e-06',
      '0.00291',
      '0.49640',
      '< 2e-16',
    ]);
    expect(formatPValues([1e-20], 3)).toEqual(['<2e-16']);
  });

  it("printCoefficients is printCoefmat: R's summary(glm) table on the Lyall data, line for line", () => {
    const rows = [
      ['(Intercept)', -7.959545, 1.763275, -4.514073, 6.36e-6],
      ['inequality', 7.811688, 1.243852, 6.280236, 3.38e-10],
      ['log(troops)', 0.435486, 0.146304, 2.976588, 0.002914],
      ['regimeautocracy', 0.298424, 0.438702, 0.680244, 0.496365],
      ['regimedemocracy', -0.553217, 0.554825, -0.997102, 0.318703],
      ['initiator', -0.245869, 0.37676, -0.652588, 0.514034],
    ] as const;
    const lines = printCoefficients(
      ['Estimate', 'Std. Error', 'z value', 'Pr(>|z|)'],
      rows.map(([term, ...values]) => ({ term, values })),
    );
    expect(lines).toEqual([
      '                Estimate Std. Error z value Pr(>|z|)    ',
      '(Intercept)      -7.9595     1.7633  -4.514 6.36e-06 ***',
      'inequality        7.8117     1.2439   6.280 3.38e-10 ***',
      'log(troops)       0.4355     0.1463   2.977  0.00291 ** ',
      'regimeautocracy   0.2984     0.4387   0.680  0.49637    ',
      'regimedemocracy  -0.5532     0.5548  -0.997  0.31870    ',
      'initiator        -0.2459     0.3768  -0.653  0.51403    ',
      '---',
      "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1",
    ]);
  });
});
