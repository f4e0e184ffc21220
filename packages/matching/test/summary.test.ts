import { glance, tidy } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { estimateEffect, format, matchIt, summary } from '../src/index.ts';

const d = {
  t: [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
  x: [1, 1.1, 2, 2.2, 3, 2.9, 4, 4.1, 5, 5.2, 6, 6.1],
  y: [1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0],
};

describe('summary(estimateEffect(...)) as print(coeftest(fit, vcovCL by pair))', () => {
  it('summary prints the z test table with the pair-clustered errors and names the treatment effect', async () => {
    const match = await matchIt('t ~ x', d, { method: 'nearest' });
    const fit = await estimateEffect(match, d, { outcome: 'y' });
    const lines = summary(fit).split('\n');
    expect(lines[1]).toBe('z test of coefficients:');
    expect(lines.some((line) => /^\s+Estimate Std\. Error z value Pr\(>\|z\|\)/.test(line))).toBe(
      true,
    );
    expect(lines.some((line) => line.startsWith('t '))).toBe(true);
    expect(lines.at(-2)).toMatch(
      /^Effect of t: \S+ \(95% interval \S+ to \S+; standard errors clustered by matched pair\)$/,
    );
    expect(format(fit).startsWith(summary(fit))).toBe(true);
    expect(tidy(fit).map((row) => row.term)).toEqual(['(Intercept)', 't']);
    expect(glance(fit)).toMatchObject({ kind: 'matched-effect' });
    expect(() => summary({ kind: 'glm' } as never)).toThrow(
      'summary requires a result of matchIt or estimateEffect',
    );
  });

  it('summary of a match names the data in the call, and format adds the warnings', async () => {
    const match = await matchIt('t ~ x', d, { method: 'nearest', caliper: 0.1 });
    const text = summary(match, { data: 'd' });
    expect(text.split('\n')[2]).toBe('matchit(formula = t ~ x, data = d, method = "nearest")');
    expect(text).toContain('Summary of Balance for Matched Data:');
    expect(format(match).startsWith(summary(match))).toBe(true);
    expect(format(match)).toContain('warning: ');
  });
});

describe('summary(x, { header: true })', () => {
  it('summary with header names the matching above print(summary(m)) and the outcome model above coeftest', async () => {
    const match = await matchIt('t ~ x', d, { method: 'nearest', ratio: 2, caliper: 0.5 });
    const lines = summary(match, { header: true }).split('\n');
    expect(lines[0]).toMatch(
      /^Matching: 2:1 nearest neighbor matching without replacement \(order: largest\); distance: propensity score, logistic regression; caliper \d\.\d+ on the distance; estimand ATT$/,
    );
    expect(lines.slice(1).join('\n')).toBe(summary(match));
    const fit = await estimateEffect(match, d, { outcome: 'y' });
    const effect = summary(fit, { header: true }).split('\n');
    expect(effect[0]).toBe(
      `Outcome model in the matched sample: weighted glm(y ~ t, binomial(link = "logit")), standard errors clustered by matched pair (${fit.nClusters} pairs)`,
    );
    expect(effect.slice(1).join('\n')).toBe(summary(fit));
    const cem = await matchIt('t ~ x', d, { method: 'cem', estimand: 'ATE' });
    expect(summary(cem, { header: true }).split('\n')[0]).toBe(
      'Matching: coarsened exact matching; estimand ATE',
    );
  });
});
