/** Every @example block with `// =>` output in src/, run: the outputs are what the code returns. */
import { runExamples } from '@muster/test-support';
import * as charts from '../src/index.ts';
import { referenceCase } from './helpers/fixtures.ts';

runExamples(new URL('../src/', import.meta.url), {
  modules: { '@muster/charts': charts },
  scope: { ...charts },
  scopes: {
    'kaplan-meier-plot.ts:kaplanMeierPlot': { fit: referenceCase('km-lung-sex').expected },
    'cumulative-incidence-plot.ts:cumulativeIncidencePlot': {
      fit: referenceCase('cuminc-mgus2-sex').expected,
    },
  },
});
