import { awolRussia } from './data/awol-russia.ts';
import { awolUkraine } from './data/awol-ukraine.ts';
import { belligerents } from './data/belligerents.ts';
import { birthwt } from './data/birthwt.ts';
import { convictionsByDistrict } from './data/convictions-by-district.ts';
import { dengueTriangle } from './data/dengue-triangle.ts';
import { desertionPanel } from './data/desertion-panel.ts';
import { heart } from './data/heart.ts';
import { husO104Hosp } from './data/hus-o104-hosp.ts';
import { lung } from './data/lung.ts';
import { lyallSynthetic } from './data/lyall-synthetic.ts';
import { mgus2 } from './data/mgus2.ts';
import { rareEvents } from './data/rare-events.ts';
import { rossi } from './data/rossi.ts';
import { separation } from './data/separation.ts';
import { veteran } from './data/veteran.ts';
import type { Dataset } from './dataset.ts';

/**
 * Every data set in the package with its provenance, without the columns.
 *
 * @returns one entry per data set: name, title, kind (real or simulated), source, licence, rows
 * @example
 * listDatasets().find((d) => d.name === 'awolRussia')?.kind
 * // => 'real'
 */
export function listDatasets(): Omit<Dataset, 'columns'>[] {
  return [
    awolRussia,
    awolUkraine,
    lyallSynthetic,
    convictionsByDistrict,
    separation,
    rareEvents,
    belligerents,
    desertionPanel,
    lung,
    veteran,
    heart,
    mgus2,
    birthwt,
    rossi,
    husO104Hosp,
    dengueTriangle,
  ].map(({ columns: _columns, ...meta }) => meta);
}
