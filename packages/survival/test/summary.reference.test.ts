import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  fitAft,
  fitCauseSpecificCox,
  fitCox,
  fitFineGray,
  fitFineGrayCox,
  format,
  type KaplanMeierOptions,
  kaplanMeier,
  logRank,
  summary,
} from '../src/index.ts';
import { loadCsv } from './helpers.ts';

/**
 * R's printed summary (test/fixtures/summary-survival.R) from the first line that `start` matches
 * on: the call before it is R's echo of what the user typed and is not compared.
 */
function rLines(name: string, start: RegExp): string[] {
  const text = readFileSync(new URL(`./fixtures/summary-${name}.txt`, import.meta.url), 'utf8');
  const lines = text.split('\n').slice(0, -1);
  return lines.slice(lines.findIndex((line) => start.test(line)));
}

function ourLines(text: string, start: RegExp): string[] {
  const lines = text.split('\n');
  return lines.slice(lines.findIndex((line) => start.test(line)));
}

const AFT_TABLE = /^ +Value Std\. Error/;
const CRR_TABLE = /^ +coef exp\(coef\) se\(coef\)/;
const COX_N = /^ {2}n=/;

const lung = loadCsv('aft-lung.csv');
const mgus = loadCsv('mgus2_complete.csv');
const mgus2 = loadCsv('mgus2.csv');
const sim = loadCsv('cuminc-sim.csv');
const veteran = loadCsv('veteran.csv');

describe("summary(fitAft(...)) is R's print(summary(survreg)) from the coefficient table on", () => {
  for (const dist of ['weibull', 'lognormal', 'loglogistic', 'exponential'] as const) {
    it(`summary(fitAft(Surv(time, status) ~ age + sex, { dist: '${dist}' }))`, () => {
      const fit = fitAft('Surv(time, status) ~ age + sex', lung, { dist });
      expect(ourLines(summary(fit), AFT_TABLE)).toEqual(rLines(`aft-${dist}`, AFT_TABLE));
    });
  }

  it('summary of a fit with strata(sex) prints one scale per stratum as a named vector', () => {
    const fit = fitAft('Surv(time, status) ~ age + strata(sex)', lung);
    expect(ourLines(summary(fit), AFT_TABLE)).toEqual(rLines('aft-strata', AFT_TABLE));
  });

  it('summary of a fit with a factor and a dropped row names the deletion as R', () => {
    const fit = fitAft('Surv(time, status) ~ age + factor(ph.ecog)', lung, { dist: 'lognormal' });
    expect(ourLines(summary(fit), AFT_TABLE)).toEqual(rLines('aft-factor', AFT_TABLE));
  });

  it('summary of a fit with an aliased term prints its NA row as survreg (se 0, df counting it)', () => {
    const data = { ...lung, sex2: (lung.sex as number[]).map((v) => v * 2) };
    const fit = fitAft('Surv(time, status) ~ age + sex + sex2', data);
    expect(ourLines(summary(fit), AFT_TABLE)).toEqual(rLines('aft-aliased', AFT_TABLE));
  });

  it('summary of an intercept-only fit has no chi-square line', () => {
    const fit = fitAft('Surv(time, status) ~ 1', lung, { dist: 'loglogistic' });
    expect(ourLines(summary(fit), AFT_TABLE)).toEqual(rLines('aft-intercept', AFT_TABLE));
  });
});

describe("summary(fitFineGray(...)) is cmprsk's print(summary(crr)) from the coefficient table on", () => {
  const covariates = ['age', 'male', 'hgb'];
  it('summary of crr for cause 1 (plasma cell malignancy) on mgus2', () => {
    const fit = fitFineGray(mgus, { time: 'etime', event: 'event', cause: 1, covariates });
    expect(ourLines(summary(fit), CRR_TABLE)).toEqual(rLines('crr-pcm', CRR_TABLE));
  });

  it('summary of crr for cause 2 (death): p-values of 2 * (1 - pnorm(|z|)), 0 below 1e-16', () => {
    const fit = fitFineGray(mgus, { time: 'etime', event: 'event', cause: 2, covariates });
    expect(ourLines(summary(fit), CRR_TABLE)).toEqual(rLines('crr-death', CRR_TABLE));
  });

  it('summary of crr with rows dropped for missing covariates counts them as crr', () => {
    const fit = fitFineGray(sim, {
      time: 'time',
      event: 'event',
      cause: 2,
      covariates: ['x1', 'x2', 'site'],
    });
    expect(ourLines(summary(fit), CRR_TABLE)).toEqual(rLines('crr-sim-missing', CRR_TABLE));
  });

  it('summary of a crr fit that did not converge prints only that, as R; format adds the warning', () => {
    const fit = fitFineGray(mgus, {
      time: 'etime',
      event: 'event',
      cause: 1,
      covariates,
      maxIter: 1,
    });
    expect(ourLines(summary(fit), /^crr converged/)).toEqual(
      rLines('crr-maxiter1', /^crr converged/),
    );
    expect(format(fit).split('\n').at(-1)).toMatch(/^warning: /);
  });
});

describe("summary(fitCox(...)) with strata, a factor or an aliased term is R's print(summary(coxph)) from n= on", () => {
  it('summary of coxph(Surv(time, status) ~ karno + celltype + strata(trt)) on veteran', () => {
    const fit = fitCox('Surv(time, status) ~ karno + celltype + strata(trt)', veteran);
    expect(ourLines(summary(fit), COX_N)).toEqual(rLines('cox-strata-factor', COX_N));
  });

  it('summary of a Cox fit with an aliased term prints its NA rows as R', () => {
    const data = { ...lung, sex2: (lung.sex as number[]).map((v) => v * 2) };
    const fit = fitCox('Surv(time, status) ~ age + sex + sex2', data);
    expect(ourLines(summary(fit), COX_N)).toEqual(rLines('cox-aliased', COX_N));
  });
});

describe("summary of the cause-specific and Fine-Gray Cox fits is R's print(summary(coxph)) from n= on", () => {
  it('summary(fitCauseSpecificCox) equals coxph(Surv(etime, event == 1) ~ age + sex)', () => {
    const fit = fitCauseSpecificCox('Surv(etime, event) ~ age + sex', mgus2, { cause: 1 });
    expect(ourLines(summary(fit), COX_N)).toEqual(rLines('cscox-mgus2', COX_N));
  });

  it('summary(fitFineGrayCox) equals coxph(Surv(fgstart, fgstop, fgstatus) ~ age + sex, weights = fgwt) on finegray rows', () => {
    const fit = fitFineGrayCox('Surv(etime, event) ~ age + sex', mgus2, { cause: 1 });
    expect(ourLines(summary(fit), COX_N)).toEqual(rLines('fgcox-mgus2', COX_N));
  });
});

describe("summary(logRank(...)) is R's print(survdiff(...)) from the table on", () => {
  const TABLE = /^ +N Observed Expected/;
  const cases: [string, string, Record<string, unknown>, number][] = [
    ['logrank-sex', 'Surv(time, status) ~ sex', lung, 0],
    ['logrank-missing', 'Surv(time, status) ~ ph.ecog', lung, 0],
    ['logrank-strata', 'Surv(time, status) ~ celltype + strata(trt)', veteran, 0],
    ['logrank-rho', 'Surv(time, status) ~ celltype', veteran, 1],
    [
      'logrank-two-terms',
      'Surv(time, status) ~ sex + trt',
      { ...veteran, sex: (veteran.trt as number[]).map((_, i) => (i % 2) + 1) },
      0,
    ],
  ];
  for (const [name, formula, data, rho] of cases) {
    it(`summary(logRank(${formula}${rho ? ', { rho: 1 }' : ''})) (${name})`, () => {
      const test = logRank(formula, data as never, { rho });
      expect(ourLines(summary(test), TABLE)).toEqual(rLines(name, TABLE));
    });
  }

  it('summary of a log-rank test with a dropped row says so before the table, as R', () => {
    const text = summary(logRank('Surv(time, status) ~ ph.ecog', lung), { data: 'lung' });
    const r = readFileSync(
      new URL('./fixtures/summary-logrank-missing.txt', import.meta.url),
      'utf8',
    );
    expect(`${text}\n`).toBe(r);
  });
});

describe("summary(kaplanMeier(...)) is R's print(survfit(...)), all of it", () => {
  const time = lung.time as number[];
  const status = lung.status as number[];
  const text = (name: string) =>
    readFileSync(new URL(`./fixtures/summary-${name}.txt`, import.meta.url), 'utf8');
  const bySex = { formula: 'Surv(time, status) ~ sex', data: 'lung' };
  const cases: [string, KaplanMeierOptions, typeof bySex][] = [
    ['km-sex', { group: lung.sex as number[] }, bySex],
    ['km-all', {}, { formula: 'Surv(time, status) ~ 1', data: 'lung' }],
    [
      'km-missing-common',
      { group: lung['ph.ecog'] as (number | null)[], rmean: 'common' },
      { formula: 'Surv(time, status) ~ ph.ecog', data: 'lung' },
    ],
    ['km-rmean-500', { group: lung.sex as number[], rmean: 500 }, bySex],
    ['km-individual', { group: lung.sex as number[], rmean: 'individual' }, bySex],
    ['km-none', { group: lung.sex as number[], confType: 'none' }, bySex],
  ];
  for (const [name, options, print] of cases) {
    it(`summary(kaplanMeier(time, status, ${JSON.stringify(Object.keys(options ?? {}))})) (${name})`, () => {
      expect(`${summary(kaplanMeier(time, status, options), print)}\n`).toBe(text(name));
    });
  }

  it('summary of weighted curves shows records and the weighted n, as R (call aside)', () => {
    const weights = time.map((_, i) => (i % 2 === 0 ? 1 : 2));
    const km = kaplanMeier(time, status, { group: lung.sex as number[], weights });
    const ours = summary(km, bySex).split('\n');
    const r = text('km-weights').split('\n');
    const from = (lines: string[]) => lines.slice(lines.findIndex((l) => /records/.test(l)));
    expect(from(ours)).toEqual(from(r).slice(0, -1));
  });
});
