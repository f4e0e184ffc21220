// biome-ignore-all lint/suspicious/noExplicitAny: reference cases are free-form JSON
import { describe, expect, it } from 'vitest';
import { logRank } from '../src/index.ts';
import { expectClose, loadCase, loadCsv, pValueTolerance, README } from './helpers.ts';

describe('logRank matches R survdiff on the reference cases', () => {
  for (const id of ['logrank-lung-sex', 'logrank-veteran-celltype']) {
    it(id, () => {
      const c = loadCase(id);
      const test = logRank(c.formula, loadCsv(c.data), { rho: c.rho });
      const e = c.expected;
      expectClose(test.chisq, e.chisq, README, 'chisq');
      expectClose(test.df, e.df, README, 'df');
      expectClose(test.pValue, e.pValue, pValueTolerance(e.pValue), 'pValue');
      expect(test.groups.map((g) => g.group)).toEqual(
        e.groups.map((g: { group: string }) => g.group),
      );
      e.groups.forEach((eg: any, i: number) => {
        for (const key of ['n', 'observed', 'expected'] as const) {
          expectClose(test.groups[i][key], eg[key], README, `${eg.group} ${key}`);
        }
      });
    });
  }
});
