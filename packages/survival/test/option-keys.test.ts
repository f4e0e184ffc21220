import { InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import {
  cumulativeIncidence,
  expandFineGray,
  fitAft,
  fitCauseSpecificCox,
  fitCox,
  fitFineGray,
  fitFineGrayCox,
  grayTest,
  kaplanMeier,
  logRank,
  predictAft,
  predictFineGray,
} from '../src/index.ts';

const data = {
  time: [5, 3, 8, 1, 9, 4, 7, 2],
  status: [1, 1, 0, 1, 0, 1, 1, 0],
  cause: [1, 2, 0, 1, 0, 2, 1, 0],
  x: [0, 1, 1, 1, 0, 0, 1, 0],
};
const competing = { time: 'time', event: 'cause' } as const;

describe('every survival function refuses options it does not know', () => {
  const calls: [string, () => unknown][] = [
    [
      'kaplanMeier',
      () => kaplanMeier(data.time, data.status, { group: data.x, wieghts: [] } as never),
    ],
    ['logRank', () => logRank('Surv(time, status) ~ x', data, { roh: 1 } as never)],
    ['fitCox', () => fitCox('Surv(time, status) ~ x', data, { tie: 'breslow' } as never)],
    [
      'fitCauseSpecificCox',
      () =>
        fitCauseSpecificCox('Surv(time, cause) ~ x', data, { cause: 1, robustt: true } as never),
    ],
    ['fitAft', () => fitAft('Surv(time, status) ~ x', data, { distribution: 'weibull' } as never)],
    ['cumulativeIncidence', () => cumulativeIncidence(data, { ...competing, grp: 'x' } as never)],
    ['grayTest', () => grayTest(data, { ...competing, group: 'x', strat: 'x' } as never)],
    [
      'fitFineGray',
      () => fitFineGray(data, { ...competing, cause: 1, covariates: ['x'], clustr: 'x' } as never),
    ],
    [
      'fitFineGrayCox',
      () => fitFineGrayCox('Surv(time, cause) ~ x', data, { cause: 1, etype: 1 } as never),
    ],
    ['expandFineGray', () => expandFineGray(data, { ...competing, cause: 1, strat: 'x' } as never)],
  ];
  for (const [name, call] of calls) {
    it(`${name} names the unknown option`, () => {
      expect(call).toThrow(InvalidArgumentError);
      expect(call).toThrow(new RegExp(`^${name} does not know the option`));
    });
  }

  it('fitFineGray refuses a cluster, naming fitFineGrayCox (finegray() + coxph with cluster)', () => {
    expect(() =>
      fitFineGray(data, { ...competing, cause: 1, covariates: ['x'], cluster: 'x' } as never),
    ).toThrow(/use fitFineGrayCox\('Surv\(time, event\) ~ x \+ cluster\(unit\)'/);
  });

  it('predictAft and predictFineGray name the unknown option', () => {
    const aft = fitAft('Surv(time, status) ~ x', data);
    expect(() => predictAft(aft, { x: 1 }, { probs: [0.5] } as never)).toThrow(
      /predictAft does not know the option 'probs'/,
    );
    const fg = fitFineGray(data, { ...competing, cause: 1, covariates: ['x'] });
    expect(() => predictFineGray(fg, { x: 1 }, { time: [1] } as never)).toThrow(
      /predictFineGray does not know the option 'time' \(did you mean 'times'\?\)/,
    );
  });
});
