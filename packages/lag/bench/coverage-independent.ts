// Coverage study with truth generated independently of Muster's model (not part of the tests).
// Run from packages/lag:
//   node --conditions=@muster/source --import tsx bench/coverage-independent.ts [SCENARIO] [METHOD] [REPLICATIONS]
// SCENARIO: baseline, mean-plus-2, mean-minus-2, lengthening, lognormal-wide, capture, or all.
// METHOD: one-step (reconstruct with the assumed delay, its defaults: order and breaks chosen),
// one-step-breaks (and a break at the mobilisation, 21 Sep 2022), no-breaks (breaks: []),
// delay-prior (reconstruct's defaults with a prior over the delay's mean and shape instead of a
// fixed delay), delay-prior-breaks (the same with the break given),
// delay-prior-centred-lengthening (and lengthening: true, a lengthening or shortening of 0 +- 1
// months a year over the grid), delay-prior-lengthening (the break and a delay that may
// lengthen after Sep 2022, 0.5 +- 1 months a year), order2-breaks / order2-delay-prior /
// order2-delay-prior-lengthening (the same with the penalty order fixed at 2), ems (reconstruct the court series, then backProject's bootstrap
// on it, as the AWOL notebook did), ems-propagated (the same with the reconstruction's draws as
// bootstrap.countDraws), or all.
// Prints the coverage of 90% intervals: all months, surge months (2022-06..2022-12), the
// total since September 2022 and the cases pending at the end of May 2024.

import {
  coverage,
  emsOnReconstruction,
  type Method,
  oneStep,
} from '../test/support/coverage-runner.ts';
import { scenarios } from '../test/support/independent-truth.ts';

const [scenarioName = 'baseline', methodName = 'all', count = '100'] = process.argv.slice(2);
const prior = { distribution: 'gamma', mean: 5, sd: 2.5, maxDelay: 18 } as const;
const methods: Record<string, Method> = {
  'one-step': oneStep(),
  'one-step-breaks': oneStep({ breaks: ['2022-09-21'] }),
  'no-breaks': oneStep({ breaks: [] }),
  'delay-prior': oneStep({ delayPrior: prior }),
  'delay-prior-breaks': oneStep({ breaks: ['2022-09-21'], delayPrior: prior }),
  'delay-prior-centred-lengthening': oneStep({ delayPrior: { ...prior, lengthening: true } }),
  'delay-prior-lengthening': oneStep({
    breaks: ['2022-09-21'],
    delayPrior: { ...prior, lengthening: { from: '2022-09', perYear: 0.5, perYearSd: 1 } },
  }),
  'order2-breaks': oneStep({ breaks: ['2022-09-21'], order: 2 }),
  'order2-delay-prior': oneStep({ breaks: ['2022-09-21'], order: 2, delayPrior: prior }),
  'order2-delay-prior-lengthening': oneStep({
    breaks: ['2022-09-21'],
    order: 2,
    delayPrior: { ...prior, lengthening: { from: '2022-09', perYear: 0.5, perYearSd: 1 } },
  }),
  ems: emsOnReconstruction(false),
  'ems-propagated': emsOnReconstruction(true),
};
const chosenScenarios = scenarioName === 'all' ? Object.keys(scenarios) : [scenarioName];
const chosenMethods = methodName === 'all' ? Object.keys(methods) : [methodName];
const fmt = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
console.log(
  '| scenario | method | all months | surge months | Jun-Aug 2022 | total since Sep 2022 | pending May 2024 | time |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const s of chosenScenarios) {
  for (const m of chosenMethods) {
    const c = coverage(scenarios[s], methods[m], Number(count));
    const jun = c.byMonth
      .slice(17, 20)
      .map((x) => x.toFixed(2))
      .join(' / ');
    console.log(
      `| ${s} | ${m} | ${fmt(c.allMonths)} | ${fmt(c.surgeMonths)} | ${jun} | ${fmt(c.total)} | ${fmt(c.pending)} | ${c.seconds.toFixed(0)} s |`,
    );
    if (Object.keys(c.structures).length > 0)
      console.error(`${s} / ${m}: structures reported ${JSON.stringify(c.structures)}`);
  }
}
