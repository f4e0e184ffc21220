/**
 * The real results of the model packages fit the builders: each is fitted on reference data,
 * charted, validated against the Vega-Lite schema and rendered without warnings, and the chart's
 * data are checked against the result (and against R where R's numbers are at hand).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCsv } from '@muster/formula';
import { fitGlm, predictGlm } from '@muster/glm';
import { backProject, reconstruct } from '@muster/lag';
import { cumulativeIncidence, fitCox, kaplanMeier } from '@muster/survival';
import { expectClose } from '@muster/test-support';
import { describe, expect, it } from 'vitest';
import {
  coefficientPlot,
  cumulativeIncidencePlot,
  kaplanMeierPlot,
  lagSeriesPlot,
  oddsRatioPlot,
  predictedProbabilityPlot,
  type VegaLiteSpec,
} from '../src/index.ts';
import { referenceCase, rReference } from './helpers/fixtures.ts';
import { renderSvg, schemaErrors } from './helpers/vega.ts';

// biome-ignore lint/suspicious/noExplicitAny: specs and data are plain JSON
type Json = any;
const folder = fileURLToPath(new URL('./fixtures/', import.meta.url));
const csv = (name: string): Json => readCsv(readFileSync(`${folder}${name}.csv`, 'utf8'));

async function expectDrawable(spec: VegaLiteSpec) {
  expect(schemaErrors(spec)).toEqual([]);
  const { svg, warnings } = await renderSvg(spec);
  expect(warnings).toEqual([]);
  expect(svg.length).toBeGreaterThan(1000);
}

describe('charts of real results', () => {
  it('fitGlm (logistic) -> coefficientPlot and oddsRatioPlot', async () => {
    const fit: Json = await fitGlm(
      'mass_desertion ~ inequality + log(troops) + regime + initiator',
      csv('lyall_synthetic'),
      { family: 'binomial' },
    );
    const spec: Json = coefficientPlot(fit);
    const rows = spec.data.values;
    expect(rows.map((r: Json) => r.term)).toEqual(
      fit.coefficients.filter((c: Json) => c.term !== '(Intercept)').map((c: Json) => c.term),
    );
    const interval = fit.coefficients[1].profileLower === null ? 'wald' : 'profile';
    expect(rows[0].lower).toBe(fit.coefficients[1][`${interval}Lower`]);
    await expectDrawable(spec);
    const odds: Json = oddsRatioPlot(fit);
    // tolerance: rtol 1e-15 on one exp()
    expectClose(odds.data.values[0].estimate, Math.exp(fit.coefficients[1].estimate), {
      rtol: 1e-15,
      atol: 1e-10,
    });
    await expectDrawable(odds);
  });

  it('predictGlm columns (with rows of the new data) -> predictedProbabilityPlot', async () => {
    const fit: Json = await fitGlm('mass_desertion ~ inequality + regime', csv('lyall_synthetic'), {
      family: 'binomial',
    });
    const grid = {
      inequality: [0, 0.25, 0.5, null, 0.75, 1],
      regime: ['autocracy', 'autocracy', 'autocracy', 'autocracy', 'autocracy', 'autocracy'],
    };
    const prediction: Json = predictGlm(fit, grid);
    const spec: Json = predictedProbabilityPlot(
      { ...prediction, inequality: grid.inequality },
      { x: 'inequality' },
    );
    const values = spec.data.values;
    // The row with a missing covariate is not predicted; x comes from the predicted rows.
    expect(values.map((r: Json) => r.x)).toEqual(
      prediction.rows.map((row: number) => grid.inequality[row - 1]),
    );
    expect(values.map((r: Json) => r.y)).toEqual(prediction.fit);
    await expectDrawable(spec);
  });

  it('kaplanMeier by sex -> kaplanMeierPlot with R’s number at risk', async () => {
    const lung = csv('lung');
    const km: Json = kaplanMeier(lung.time, lung.status, { group: lung.sex });
    const times = [0, 250, 500, 750, 1000];
    const spec: Json = kaplanMeierPlot(km, { riskTimes: times });
    const r = rReference.lungNumberAtRisk;
    const expected = r.time
      .map((t: number, i: number) => ({ group: r.group[i], time: t, nRisk: r.nRisk[i] }))
      .filter((row: Json) => times.includes(row.time));
    expect(spec.datasets.risk).toEqual(expected);
    await expectDrawable(spec);
    const single: Json = kaplanMeierPlot(kaplanMeier(lung.time, lung.status));
    expect(single.datasets.risk[0]).toEqual({ group: 'all', time: 0, nRisk: 228 });
    await expectDrawable(single);
  });

  it('cumulativeIncidence -> cumulativeIncidencePlot, with and without groups', async () => {
    const mgus = csv('mgus2');
    const causes = { 1: 'pcm', 2: 'death' };
    const grouped: Json = cumulativeIncidence(mgus, {
      time: 'etime',
      event: 'event',
      group: 'sex',
      causes,
    });
    const spec: Json = cumulativeIncidencePlot(grouped, { bands: true });
    // The result's own limits are drawn: at t = 100 they are R's (log transform), rtol 1e-6.
    const r = rReference.mgus2CumincLimits.log;
    const i = r.time.indexOf(100);
    const band = spec.layer[0].data.values.filter(
      (b: Json) => b.group === 'F' && b.cause === 'death',
    );
    const at = band.filter((b: Json) => b.time <= 100).at(-1);
    expectClose(at.lower, r.deathLower[i], { rtol: 1e-6, atol: 1e-10 });
    expectClose(at.upper, r.deathUpper[i], { rtol: 1e-6, atol: 1e-10 });
    await expectDrawable(spec);
    const single: Json = cumulativeIncidence(mgus, { time: 'etime', event: 'event', causes });
    const one: Json = cumulativeIncidencePlot(single);
    expect(new Set(one.data.values.map((row: Json) => row.group))).toEqual(new Set(['all']));
    await expectDrawable(one);
  });

  it('fitCox -> oddsRatioPlot as hazard ratios', async () => {
    const cox: Json = await fitCox('Surv(time, status) ~ age + sex', csv('lung'));
    const spec: Json = oddsRatioPlot(cox, { xTitle: 'Hazard ratio' });
    for (const row of spec.data.values) {
      const c = cox.coefficients.find((x: Json) => x.term === row.term);
      // tolerance: rtol 1e-12 (exp of the same estimate)
      expectClose(row.estimate, c.hazardRatio, { rtol: 1e-12, atol: 1e-10 });
    }
    await expectDrawable(spec);
  });

  it('backProject and reconstruct -> lagSeriesPlot', async () => {
    const bpCase = referenceCase('backproject-convictions-k2');
    const fit: Json = backProject(bpCase.counts, bpCase.delayPmf, { k: 2, start: bpCase.start });
    const spec: Json = lagSeriesPlot({
      observed: { name: 'Convictions', months: fit.periods, values: fit.counts },
      series: [{ name: 'Offences', months: fit.periods, values: fit.lambda }],
    });
    expect(spec.datasets.series.map((r: Json) => r.month)).toEqual(fit.periods);
    await expectDrawable(spec);

    const r: Json = reconstruct(
      [
        { id: 'A', start: '2021-01-01', end: '2021-12-31', value: 615, qualifier: 'exact' },
        { id: 'B', start: '2022-01-01', end: '2022-06-30', value: 700, qualifier: 'approximate' },
        {
          id: 'C',
          start: '2022-07-01',
          end: '2022-12-31',
          value: 100,
          qualifier: 'lower_bound',
          per: 'month',
        },
      ],
      { draws: 200 },
    );
    const chart: Json = lagSeriesPlot({
      observed: { name: 'Published', periods: r.figures },
      series: [
        {
          name: 'Reconstructed',
          months: r.months,
          values: r.estimate,
          lower: r.lower,
          upper: r.upper,
        },
      ],
    });
    const periods = chart.datasets.periods;
    // The windows are whole years and half-years: 12 and 6 months; per month = total / months.
    expect(periods.map((p: Json) => p.months)).toEqual([12, 6, 6]);
    expect(periods[2]).toMatchObject({ qualifier: 'lower_bound', count: r.figures[2].total });
    expect(periods[0].perMonth).toBe(615 / 12);
    await expectDrawable(chart);
  });
});
