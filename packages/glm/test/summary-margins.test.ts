import { InvalidArgumentError } from '@muster/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  fitGlm,
  format,
  type GlmResult,
  marginalEffects,
  predictionGrid,
  summary,
} from '../src/index.ts';
import { fixtureCsv } from './helpers.ts';

// The Lyall logit of margins.reference.test.ts, clustered by war. The numbers come from the
// result (checked against R there); these tests check marginaleffects 1.0's print layout.
const lyall = fixtureCsv('lyall_synthetic.csv');
const formula = 'mass_desertion ~ inequality + log(troops) + regime + initiator';
let fit: GlmResult;

beforeAll(async () => {
  fit = await fitGlm(formula, lyall, { family: 'binomial', vcov: 'cluster', cluster: 'war' });
});

const model = `glm(${formula}, binomial(link = "logit")); delta-method standard errors from the cluster-robust CR1 by war (160 clusters) covariance`;

describe('summary(marginalEffects(...)) prints as marginaleffects 1.0', () => {
  it('summary(avg_slopes and a contrast) wraps at 80 columns, formats each column by format(digits = 3), p-values by format.pval and S by %.1f', () => {
    const ame = marginalEffects(fit, lyall, { contrasts: { inequality: [0, 0.5] } });
    expect(summary(ame).split('\n')).toEqual([
      '',
      '       Term             Contrast  Estimate Std. Error      z Pr(>|z|)    S',
      ' inequality dY/dX                 6.27e-01   1.03e-01  6.086   <0.001 29.7',
      ' troops     dY/dX                 8.08e-07   1.92e-07  4.212   <0.001 15.3',
      ' regime     autocracy - anocracy  2.60e-02   4.18e-02  0.623    0.533  0.9',
      ' regime     democracy - anocracy -3.75e-02   3.73e-02 -1.006    0.314  1.7',
      ' initiator  1 - 0                -1.95e-02   2.96e-02 -0.657    0.511  1.0',
      ' inequality 0.5 - 0               5.94e-01   1.05e-01  5.685   <0.001 26.2',
      '     2.5 %   97.5 %',
      '  4.25e-01 8.29e-01',
      '  4.32e-07 1.18e-06',
      ' -5.59e-02 1.08e-01',
      ' -1.11e-01 3.55e-02',
      ' -7.75e-02 3.86e-02',
      '  3.90e-01 7.99e-01',
      '',
      'Type: response',
      '',
    ]);
    const s = -Math.log2(ame.effects[2].pValue as number);
    expect(s.toFixed(1)).toBe('0.9');
    expect(summary(ame, { width: 120 }).split('\n')[1]).toBe(
      '       Term             Contrast  Estimate Std. Error      z Pr(>|z|)    S     2.5 %   97.5 %',
    );
  });

  it('summary(slopes(newdata = datagrid(regime = ...)), { header: true }) names the grid, the model and the clusters, prints the grid column and the one term and contrast below', () => {
    const mer = marginalEffects(fit, lyall, {
      grid: { regime: ['autocracy', 'democracy'] },
      variables: ['inequality'],
    });
    expect(summary(mer, { header: true }).split('\n')).toEqual([
      `Marginal effects at representative values (regime = autocracy, democracy; other predictors at their means and modes) of ${model}`,
      '',
      '    regime Estimate Std. Error    z Pr(>|z|)    S 2.5 % 97.5 %',
      ' autocracy    1.000      0.285 3.50  < 0.001 11.1 0.440  1.559',
      ' democracy    0.511      0.180 2.83  0.00462  7.8 0.157  0.865',
      '',
      'Term: inequality',
      'Type: response',
      'Comparison: dY/dX',
      '',
    ]);
  });

  it('summary(slopes(newdata = "mean"), 90%) heads the interval 5.0 % and 95.0 %, prints no grid column, and the header gives the means and modes', () => {
    const mem = marginalEffects(fit, lyall, { grid: 'means', confLevel: 0.9 });
    const lines = summary(mem, { header: true }).split('\n');
    expect(lines[0]).toBe(
      `Marginal effects at the means and modes (inequality = 0.09772, troops = 142657, regime = autocracy, initiator = 0) of ${model}`,
    );
    expect(lines.slice(2, 5)).toEqual([
      '       Term             Contrast  Estimate Std. Error      z Pr(>|z|)    S',
      ' inequality dY/dX                 1.00e+00   2.85e-01  3.503   <0.001 11.1',
      ' troops     dY/dX                 3.91e-07   1.92e-07  2.031   0.0422  4.6',
    ]);
    expect(lines.slice(8, 11)).toEqual([
      '     5.0 %   95.0 %',
      '  5.30e-01 1.47e+00',
      '  7.43e-08 7.07e-07',
    ]);
    const average = marginalEffects(fit, lyall, { variables: ['inequality'] });
    expect(summary(average, { header: true }).split('\n')[0]).toBe(
      `Average marginal effects over the model's 377 rows of ${model}`,
    );
  });

  it('summary of more than 30 effects prints the first and last 5 around the omitted-rows line, without a blank line before Type', () => {
    const values = Array.from({ length: 32 }, (_, i) => i / 31);
    const many = marginalEffects(fit, lyall, {
      grid: { inequality: values },
      variables: ['initiator'],
    });
    const lines = summary(many).split('\n');
    expect(lines).toEqual([
      '',
      ' inequality Estimate Std. Error      z Pr(>|z|)   S    2.5 %  97.5 %',
      '     0.0000 -0.01564    0.02490 -0.628    0.530 0.9 -0.06444 0.03317',
      '     0.0323 -0.01935    0.03068 -0.631    0.528 0.9 -0.07949 0.04079',
      '     0.0645 -0.02371    0.03744 -0.633    0.527 0.9 -0.09710 0.04968',
      '     0.0968 -0.02869    0.04514 -0.635    0.525 0.9 -0.11716 0.05979',
      '     0.1290 -0.03420    0.05362 -0.638    0.524 0.9 -0.13930 0.07090',
      '--- 22 rows omitted. See ?print.marginaleffects ---',
      '     0.8710 -0.00363    0.00659 -0.551    0.582 0.8 -0.01654 0.00929',
      '     0.9032 -0.00284    0.00523 -0.543    0.587 0.8 -0.01309 0.00741',
      '     0.9355 -0.00222    0.00414 -0.535    0.592 0.8 -0.01034 0.00590',
      '     0.9677 -0.00173    0.00328 -0.528    0.598 0.7 -0.00816 0.00470',
      '     1.0000 -0.00135    0.00259 -0.521    0.603 0.7 -0.00643 0.00373',
      'Term: initiator',
      'Type: response',
      'Comparison: 1 - 0',
      '',
    ]);
  });

  it('format(margins) is the summary and then the warnings', () => {
    const ame = marginalEffects(fit, lyall, { variables: ['inequality'] });
    expect(format(ame)).toBe(summary(ame));
    const warned = {
      ...ame,
      warnings: [{ code: 'aliased' as const, message: 'marginalEffects: one', subjects: [] }],
    };
    expect(format(warned, { header: true }).split('\n').slice(-3)).toEqual([
      'Comparison: dY/dX',
      '',
      'warning: marginalEffects: one',
    ]);
  });

  it('summary refuses what is neither a fit nor marginal effects, and a bad width', () => {
    const ame = marginalEffects(fit, lyall, { variables: ['inequality'] });
    expect(() => summary({ kind: 'prediction-grid' } as never)).toThrow(
      /summary requires a result of fitGlm, fitRelogit, fitBayesGlm, marginalEffects or predictionGrid; received kind 'prediction-grid'/,
    );
    expect(() => summary(ame, { width: 0 })).toThrow(InvalidArgumentError);
  });

  it('summary(predictionGrid) prints predictions(newdata = datagrid(...)) of marginaleffects 1.0: no Std. Error or z, the link-scale p-value, Type: invlink(link)', () => {
    const p = predictionGrid(fit, lyall, { inequality: [0, 0.25, 0.5, 0.75, 1] });
    expect(summary(p, { header: true }).split('\n')).toEqual([
      `Predictions at representative values (inequality = 0, 0.25, 0.5, 0.75, 1; other predictors at their means and modes) of glm(${formula}, binomial(link = "logit")); standard errors of the linear predictor from the cluster-robust CR1 by war (160 clusters) covariance, intervals transformed by the inverse link`,
      '',
      ' inequality Estimate Pr(>|z|)    S  2.5 % 97.5 %',
      '       0.00   0.0764   <0.001 33.8 0.0377  0.149',
      '       0.25   0.3682   0.1659  2.6 0.2136  0.556',
      '       0.50   0.8043   0.0194  5.7 0.5569  0.931',
      '       0.75   0.9666   <0.001 12.7 0.8360  0.994',
      '       1.00   0.9951   <0.001 17.0 0.9521  1.000',
      '',
      'Type: invlink(link)',
      '',
    ]);
    expect(p.clusterType).toBe('HC1');
    expect(p.nClusters).toBe(160);
  });
});
