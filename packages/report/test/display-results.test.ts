import { describe, expect, it } from 'vitest';
import { toDisplay } from '../src/to-display.ts';
import type { FitDisplay, TableDisplay } from '../src/types.ts';

// Numbers from R 4.2, survival 3.x, on survival::aml (generator: fixtures/r/survival-displays.R).
const amlLogRank = {
  kind: 'log-rank',
  method: 'log-rank',
  formula: 'Surv(time, status) ~ x',
  rho: 0,
  chisq: 3.396388699,
  df: 1,
  pValue: 0.06533932204,
  groups: [
    { group: 'Maintained', n: 11, observed: 7, expected: 10.68933599 },
    { group: 'Nonmaintained', n: 12, observed: 11, expected: 7.310664008 },
  ],
  variance: [
    [4.007550746, -4.007550746],
    [-4.007550746, 4.007550746],
  ],
  strata: null,
  nobs: 23,
  nDropped: 0,
  warnings: [],
};

function stratum(group: string, n: number, events: number, median: number, lower: number) {
  return {
    group,
    n,
    events,
    table: [],
    median,
    medianLower: lower,
    medianUpper: null,
    rmean: { horizon: 48, estimate: group === 'Maintained' ? 31.8 : 22.7, stdError: 4.5 },
    survivalAt: [
      {
        time: 12,
        nRisk: 10,
        nEvent: 1,
        nCensor: 0,
        surv: 0.9090909,
        stdErr: 0.0867,
        lower: 0.754,
        upper: 1,
      },
    ],
  };
}

describe('toDisplay for survival and lag results', () => {
  it("toDisplay(logRank) prints survdiff's table, (O-E)^2/E and (O-E)^2/V as R, and the test", async () => {
    const [table] = (await toDisplay(amlLogRank)) as TableDisplay[];
    expect(table.columns).toEqual(['Group', 'N', 'Observed', 'Expected', '(O-E)^2/E', '(O-E)^2/V']);
    // R prints 1.27, 1.86 and 3.4 (digits 3); 4 significant digits here.
    expect(table.rows).toEqual([
      ['Maintained', '11', '7', '10.6893', '1.273', '3.396'],
      ['Nonmaintained', '12', '11', '7.31066', '1.862', '3.396'],
    ]);
    expect(table.note).toBe('Chisq = 3.396 on 1 degrees of freedom, p = 0.0653');
  });

  it('toDisplay(kaplanMeier) shows n, events, median with its interval, RMST and survival at times', async () => {
    const km = {
      kind: 'kaplan-meier',
      method: 'kaplan-meier',
      hazard: 'nelson-aalen',
      variance: 'greenwood',
      confType: 'log',
      confLevel: 0.95,
      nobs: 23,
      nDropped: 0,
      strata: [stratum('Maintained', 11, 7, 31, 18), stratum('Nonmaintained', 12, 11, 23, 8)],
      warnings: [],
    };
    const [summary, at] = (await toDisplay(km)) as TableDisplay[];
    expect(summary.caption).toBe('Kaplan-Meier survival: Greenwood variance, log intervals');
    expect(summary.columns).toEqual([
      'Group',
      'n',
      'Events',
      'Median',
      '95% lower',
      '95% upper',
      'RMST',
      'SE (RMST)',
      'Horizon',
    ]);
    expect(summary.rows[0]).toEqual([
      'Maintained',
      '11',
      '7',
      '31',
      '18',
      'NA',
      '31.8',
      '4.5',
      '48',
    ]);
    expect(at.rows[0]).toEqual(['Maintained', '12', '10', '1', '0.9091', '0.0867', '0.754', '1']);
  });

  it("toDisplay(cumulativeIncidence) shows incidence per group and cause at the end, and Gray's tests", async () => {
    const row = (time: number, desertion: number) => ({
      time,
      nRisk: 5,
      nEvent: { desertion: 1, killed: 0 },
      nCensor: 0,
      cif: { desertion, killed: 0.1 },
      stdErr: { desertion: 0.05, killed: 0.02 },
      lower: { desertion: desertion - 0.1, killed: 0.05 },
      upper: { desertion: desertion + 0.1, killed: 0.2 },
      survival: 0.5,
      survivalStdErr: 0.1,
    });
    const items = (await toDisplay({
      kind: 'cumulative-incidence',
      method: 'aalen-johansen',
      variance: 'infinitesimal-jackknife',
      confType: 'log',
      confLevel: 0.95,
      causes: [
        { code: '1', name: 'desertion' },
        { code: '2', name: 'killed' },
      ],
      strata: [{ group: 'a', n: 10, table: [row(1, 0.2), row(2, 0.4)] }],
      grayTest: [{ cause: 'desertion', statistic: 4.2, df: 1, pValue: 0.0404 }],
      nobs: 10,
      nDropped: 0,
      warnings: [],
    })) as TableDisplay[];
    expect(items[0].rows).toEqual([
      ['a', 'desertion', '2', '2', '0.4', '0.05', '0.3', '0.5'],
      ['a', 'killed', '0', '2', '0.1', '0.02', '0.05', '0.2'],
    ]);
    expect(items[1].rows).toEqual([['desertion', '4.2', '1', '0.0404']]);
  });

  it('toDisplay(backProject) lists observed, fitted and lambda per period with the bootstrap interval', async () => {
    const [table] = (await toDisplay(
      {
        kind: 'back-projection',
        method: 'EMS (backprojNP)',
        k: 2,
        tolerance: 0.005,
        maxIter: 250,
        lambda: [10, 12, 14],
        fitted: [9.5, 11, 13],
        counts: [9, 12, 13],
        periods: ['2023-01', '2023-02', '2023-03'],
        iterations: 17,
        criterion: 0.004,
        converged: true,
        bootstrap: { replicates: 200, confLevel: 0.9, lower: [8, 9, 10], upper: [12, 15, 18] },
        warnings: [],
      },
      { rows: 2 },
    )) as TableDisplay[];
    expect(table.rows).toEqual([
      ['2023-01', '9', '9.5', '10', '8', '12'],
      ['2023-02', '12', '11', '12', '9', '15'],
    ]);
    expect(table.note).toBe(
      'first 2 of 3 periods; converged in 17 iterations; 90% bootstrap interval from 200 replicates',
    );
  });

  it('toDisplay(fit) labels factor indicators readably and lets fit.labels override them', async () => {
    const fit = {
      kind: 'glm',
      formula: 'y ~ regime * initiator + log(troops)',
      method: 'ml',
      confLevel: 0.95,
      vcovType: 'classical',
      vcov: [],
      statisticType: 'z',
      nobs: 40,
      converged: true,
      iterations: 4,
      warnings: [],
      family: 'binomial',
      link: 'logit',
      coefficients: [
        { term: '(Intercept)', estimate: -1, stdError: 0.5, statistic: -2, pValue: 0.0455 },
        { term: 'regimedemocracy', estimate: 0.5, stdError: 0.2, statistic: 2.5, pValue: 1e-20 },
        {
          term: 'regimedemocracy:initiator',
          estimate: 0.1,
          stdError: 0.2,
          statistic: 0.5,
          pValue: 0.617,
        },
        { term: 'log(troops)', estimate: 0.3, stdError: 0.1, statistic: 3, pValue: 0.0027 },
      ],
      design: {
        variables: [
          { name: 'regime', kind: 'factor', levels: ['anocracy', 'democracy'], logical: false },
          { name: 'initiator', kind: 'numeric' },
          { name: 'log(troops)', kind: 'numeric' },
        ],
      },
    };
    const [display] = (await toDisplay(fit)) as FitDisplay[];
    expect(display.coefficients.rows.map((row) => [row[0], row[4]])).toEqual([
      ['(Intercept)', '0.0455'],
      ['regime: democracy', '< 2e-16'],
      ['regime: democracy × initiator', '0.617'],
      ['log(troops)', '0.0027'],
    ]);
    const [relabelled] = (await toDisplay({
      ...fit,
      labels: { 'log(troops)': 'Log troops' },
    })) as FitDisplay[];
    expect(relabelled.coefficients.rows[3][0]).toBe('Log troops');
  });

  it('toDisplay(fitCox result) titles the fit by kind, reads nEvents and shows the hazard-ratio interval', async () => {
    // R: coxph(Surv(time, status) ~ x, aml); the fields of a fitCox result that the display reads
    const cox = {
      kind: 'cox',
      formula: 'Surv(time, status) ~ x',
      method: 'partial-likelihood',
      ties: 'efron',
      confLevel: 0.95,
      vcovType: 'classical',
      vcov: [[0.1995]],
      statisticType: 'z',
      dfResidual: null,
      coefficients: [
        {
          term: 'xNonmaintained',
          estimate: 0.9155,
          stdError: 0.5119,
          statistic: 1.788,
          pValue: 0.0737,
          lower: -0.0878,
          upper: 1.9188,
          hazardRatio: 2.498,
          hazardRatioLower: 0.9159,
          hazardRatioUpper: 6.8126,
          naiveStdError: 0.5119,
        },
      ],
      nobs: 23,
      nEvents: 18,
      nClusters: null,
      logLik: -40.0,
      logLikNull: -41.7,
      df: 1,
      aic: 82,
      bic: 82.9,
      converged: true,
      iterations: 4,
      warnings: [],
    };
    const [display] = (await toDisplay(cox)) as FitDisplay[];
    expect(display.title).toBe('Cox proportional hazards model');
    expect(display.summary).toContainEqual(['Events', '18']);
    expect(display.methods).toContainEqual(['Covariance', 'classical']);
    expect(display.coefficients.columns.slice(-2)).toEqual(['HR lower', 'HR upper']);
    expect(display.coefficients.rows[0].slice(-2)).toEqual(['0.9159', '6.8126']);
    const [fineGray] = (await toDisplay({ ...cox, kind: 'fine-gray' })) as FitDisplay[];
    expect(fineGray.title).toBe('Fine-Gray subdistribution hazards model');
    expect(fineGray.summary).toContainEqual(['Log pseudo-likelihood', '-40']);
  });
});
