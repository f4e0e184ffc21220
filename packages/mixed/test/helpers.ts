import { type DataColumns, readCsv } from '@muster/formula';
import { fixtureReader } from '@muster/test-support';

export { expectClose } from '@muster/test-support';

const fixtures = fixtureReader(new URL('./fixtures/', import.meta.url), readCsv);
export const fixtureText = fixtures.text;
export const fixtureCsv: (name: string) => DataColumns = fixtures.csv;

export interface GlmerCase {
  id: string;
  data: string;
  formula: string;
  family: 'binomial' | 'poisson';
  link: 'logit' | 'probit' | 'log';
  nAGQ: number;
  note: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: reference JSON
  expected: any;
}

export const cases: GlmerCase[] = JSON.parse(fixtureText('glmer-cases.json'));
