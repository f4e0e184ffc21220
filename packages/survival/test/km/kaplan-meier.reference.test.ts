// biome-ignore-all lint/suspicious/noExplicitAny: reference cases are free-form JSON
import { describe, expect, it } from 'vitest';
import { kaplanMeier } from '../../src/index.ts';
import { expectClose, KM_TABLE_COLUMNS, loadCase, loadCsv, README } from '../helpers.ts';

describe('kaplanMeier matches R survfit on the reference cases', () => {
  for (const id of ['km-lung-sex', 'km-veteran-all-loglog']) {
    it(id, () => {
      const c = loadCase(id);
      const data = loadCsv(c.data);
      const fit = kaplanMeier(data[c.time] as number[], data[c.event] as number[], {
        group: c.group ? (data[c.group] as (number | string | null)[]) : null,
        confType: c.confType,
        confLevel: c.confLevel,
      });
      const strata = c.expected.strata;
      expect(fit.strata.map((s) => s.group)).toEqual(strata.map((s: { group: string }) => s.group));
      strata.forEach((es: any, g: number) => {
        const as = fit.strata[g];
        expect(as.table.length).toBe(es.table.length);
        es.table.forEach((er: any, i: number) => {
          const ar = as.table[i];
          for (const key of KM_TABLE_COLUMNS) {
            expectClose((ar as any)[key], er[key], README, `${es.group} row ${i} ${key}`);
          }
        });
        expectClose(as.median, es.median, README, 'median');
        expectClose(as.medianLower, es.medianLower, README, 'medianLower');
        expectClose(as.medianUpper, es.medianUpper, README, 'medianUpper');
      });
    });
  }
});
