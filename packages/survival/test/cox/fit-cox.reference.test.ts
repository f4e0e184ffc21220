import { describe, it } from 'vitest';
import { fitCox } from '../../src/index.ts';
import {
  expectClose,
  loadCase,
  loadCsv,
  pValueTolerance,
  README,
  README_LOOSE,
} from '../helpers.ts';

const cases = [
  'cox-lung-efron',
  'cox-lung-breslow',
  'cox-veteran-factor',
  'cox-heart-counting',
  'cox-heart-cluster',
];

describe('fitCox matches R coxph on the reference cases', () => {
  for (const id of cases) {
    it(`${id}`, () => {
      const c = loadCase(id);
      const data = loadCsv(c.data);
      const fit = fitCox(c.formula, data, { ties: c.ties, robust: c.robust || undefined });
      const e = c.expected;
      expectClose(fit.nobs, e.nobs, README, 'nobs');
      expectClose(fit.nEvents, e.nevent, README, 'nEvents');
      e.coefficients.forEach((ec: Record<string, number | string>, j: number) => {
        const ac = fit.coefficients[j];
        if (ac.term !== ec.term) throw new Error(`term ${ac.term} != ${ec.term}`);
        for (const key of [
          'estimate',
          'hazardRatio',
          'stdError',
          'naiveStdError',
          'statistic',
        ] as const) {
          expectClose(ac[key], ec[key] as number, README, `${ec.term} ${key}`);
        }
        expectClose(
          ac.pValue,
          ec.pValue as number,
          pValueTolerance(ec.pValue as number),
          `${ec.term} pValue`,
        );
      });
      // the reference cases keep R's names: logLik = [null model, fitted], nevent
      expectClose(fit.logLikNull, e.logLik[0], README, 'logLik null');
      expectClose(fit.logLik, e.logLik[1], README, 'logLik');
      expectClose(fit.concordance, e.concordance, README, 'concordance');
      for (const test of ['likelihoodRatioTest', 'waldTest', 'scoreTest'] as const) {
        const a = fit[test];
        if (!a) throw new Error(`${test} missing`);
        expectClose(a.statistic, e[test].statistic, README, `${test} statistic`);
        expectClose(a.df, e[test].df, README, `${test} df`);
        expectClose(a.pValue, e[test].pValue, pValueTolerance(e[test].pValue), `${test} pValue`);
      }
      const zph = fit.zph ?? [];
      e.zph.forEach((ez: Record<string, number | string>, i: number) => {
        if (zph[i].term !== ez.term) throw new Error(`zph term ${zph[i].term} != ${ez.term}`);
        expectClose(zph[i].chisq, ez.chisq as number, README_LOOSE, `zph ${ez.term} chisq`);
        expectClose(zph[i].df, ez.df as number, README, `zph ${ez.term} df`);
        expectClose(zph[i].pValue, ez.pValue as number, README_LOOSE, `zph ${ez.term} pValue`);
      });
    });
  }
});
