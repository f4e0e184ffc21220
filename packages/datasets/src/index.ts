// The data set shape and the catalogue
export type { Dataset } from './dataset.ts';
export { listDatasets } from './list-datasets.ts';

// Published desertion and unauthorised-leave figures (court cases and sentences, not offences)
export { awolRussia } from './data/awol-russia.ts';
export { awolUkraine } from './data/awol-ukraine.ts';

// Simulated data shaped like the research
export { convictionsByDistrict } from './data/convictions-by-district.ts';
export { lyallSynthetic } from './data/lyall-synthetic.ts';

// Simulated data for the package READMEs: separation, rare events, matching, multilevel models
export { belligerents } from './data/belligerents.ts';
export { desertionPanel } from './data/desertion-panel.ts';
export { rareEvents } from './data/rare-events.ts';
export { separation } from './data/separation.ts';

// Classic survival, regression and nowcasting data used in the docs
export { birthwt } from './data/birthwt.ts';
export { dengueTriangle } from './data/dengue-triangle.ts';
export { heart } from './data/heart.ts';
export { husO104Hosp } from './data/hus-o104-hosp.ts';
export { lung } from './data/lung.ts';
export { mgus2 } from './data/mgus2.ts';
export { rossi } from './data/rossi.ts';
export { veteran } from './data/veteran.ts';

// Simulators (seeded) for the notebooks
export { type LeaveIntervals, leaveIntervals } from './leave-intervals.ts';
export {
  type DesertionCohort,
  type DesertionCohortOptions,
  simulateDesertionCohort,
} from './simulate-desertion-cohort.ts';
