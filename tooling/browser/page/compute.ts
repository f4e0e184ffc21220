/**
 * The analysis the page runs, shared with the Node side of the test so both compute the same
 * thing: a logistic regression with errors clustered by war (@muster/glm, with its separation
 * linear program), Kaplan-Meier curves by sex and a Cox model (@muster/survival) on R's lung data, and a
 * chart of each (@muster/charts Vega-Lite specs). Everything returned is plain JSON.
 */
import { coefficientPlot, kaplanMeierPlot, oddsRatioPlot } from '@muster/charts';
import { lung as lungData, lyallSynthetic } from '@muster/datasets';
import { fitGlm } from '@muster/glm';
import { fitCox, kaplanMeier } from '@muster/survival';

export interface Numbers {
  glm: {
    terms: string[];
    estimate: number[];
    stdError: number[];
    pValue: number[];
    deviance: number;
    nClusters: number | null;
    separationChecked: boolean;
    separationMethod: string;
    warnings: string[];
  };
  km: { group: string; time: number[]; surv: number[]; lower: number[]; median: number | null }[];
  cox: {
    terms: string[];
    estimate: number[];
    stdError: number[];
    logLik: number;
    concordance: number;
  };
}

export interface Analysis {
  numbers: Numbers;
  /** Vega-Lite specs, by name. */
  charts: Record<string, object>;
}

export async function analyse(): Promise<Analysis> {
  const lyall = lyallSynthetic.columns;
  const glm = await fitGlm(
    'mass_desertion ~ inequality + log(troops) + regime + initiator',
    lyall,
    {
      family: 'binomial',
      vcov: 'cluster',
      cluster: 'war',
      profile: false, // Wald intervals: the profile refits add nothing to a check of the bundle
      // The linear program itself (HiGHS), not only the overlap certificate 'auto' finds here.
      separation: 'always',
    },
  );
  const lung = lungData.columns;
  const km = kaplanMeier(lung.time as number[], lung.status as number[], { group: lung.sex });
  const cox = fitCox('Surv(time, status) ~ age + sex + ph.ecog', lung);
  const numbers: Numbers = {
    glm: {
      terms: glm.coefficients.map((c) => c.term),
      estimate: glm.coefficients.map((c) => c.estimate as number),
      stdError: glm.coefficients.map((c) => c.stdError as number),
      pValue: glm.coefficients.map((c) => c.pValue as number),
      deviance: glm.deviance,
      nClusters: glm.nClusters ?? null,
      separationChecked: glm.separation.checked,
      separationMethod: glm.separation.method,
      warnings: glm.warnings.map((w) => w.code),
    },
    km: km.strata.map((s) => ({
      group: String(s.group),
      time: s.table.map((r) => r.time),
      surv: s.table.map((r) => r.surv),
      lower: s.table.map((r) => r.lower as number),
      median: s.median ?? null,
    })),
    cox: {
      terms: cox.coefficients.map((c) => c.term),
      estimate: cox.coefficients.map((c) => c.estimate as number),
      stdError: cox.coefficients.map((c) => c.stdError as number),
      logLik: cox.logLik,
      concordance: cox.concordance as number,
    },
  };
  const charts = {
    'odds-ratios': oddsRatioPlot(glm, { title: 'Mass desertion (errors clustered by war)' }),
    'kaplan-meier': kaplanMeierPlot(km, { title: 'Survival by sex (lung)' }),
    'cox-coefficients': coefficientPlot(cox, { title: 'Cox model (log hazard ratios)' }),
  };
  return { numbers, charts: JSON.parse(JSON.stringify(charts)) };
}
