/**
 * Generated inputs for the command-line fuzz test: CSV files whose entries mix numbers, odd
 * numbers (huge, negative, hexadecimal, Inf), text and missing values, and option values for
 * every command. To cover a new command, add an entry to `fuzzCommands`: its name, the columns
 * its DATA file has, and the arguments to try.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';

/** One CSV entry: mostly plausible numbers, sometimes something a user might really have typed. */
export const entry = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 60 }).map(String) },
  { weight: 3, arbitrary: fc.double({ min: -5, max: 500, noNaN: true }).map((x) => String(x)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      'NA',
      'Inf',
      '-Inf',
      'NaN',
      '1e300',
      '-1',
      '0x10',
      'two',
      '1,5',
      ' 7 ',
      '"3"',
      'TRUE',
    ),
  },
);

/** A 0/1 event entry, sometimes something else. */
export const eventEntry = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('0', '1') },
  { weight: 1, arbitrary: fc.constantFrom('2', '', 'NA', 'yes', '-1', '1.5') },
);

/** A group label. */
export const groupEntry = fc.constantFrom('a', 'b', 'c', '', 'NA', '1');

/** A CSV text with a header of `columns` and 0 to 40 rows drawn from each column's arbitrary. */
export function csv(columns: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const names = Object.keys(columns);
  const row = fc.tuple(...names.map((name) => columns[name]));
  return fc
    .array(row, { minLength: 0, maxLength: 40 })
    .map((rows) => `${names.join(',')}\n${rows.map((cells) => cells.join(',')).join('\n')}\n`);
}

/** A number option value: plausible, out of range, negative, hexadecimal or not a number. */
export const optionNumber = fc.constantFrom(
  '0',
  '1',
  '2',
  '0.5',
  '-1',
  '-5',
  '1e9',
  '1e308',
  '0x10',
  'abc',
  '',
  'Infinity',
  '3',
);

/** Write a CSV text to a fresh temporary file. */
export function writeCsv(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'muster-fuzz-')), 'data.csv');
  writeFileSync(file, text);
  return file;
}

/** A command and how to call it: DATA columns (or none) and the arguments after the file. */
export interface FuzzCommand {
  name: string;
  /** Columns of the generated DATA file; null for a command called without one. */
  columns: Record<string, fc.Arbitrary<string>> | null;
  args: fc.Arbitrary<string[]>;
}

const survival = { time: entry, status: eventEntry, x: entry, g: groupEntry };
const optional = (name: string, value: fc.Arbitrary<string>) =>
  fc
    .option(
      value.map((v) => [name, v]),
      { nil: undefined },
    )
    .map((pair) => pair ?? []);
const delay = fc.constantFrom<string[]>(
  ['--delay', 'gamma:mean=2,sd=1,max=4'],
  ['--delay', 'lognormal:mean=3,sd=2,max=6'],
  ['--delay', 'gamma:mean=2,sd=1,max=1e6'],
  ['--delay', 'gamma:mean=2,mean=3,sd=1,max=4'],
  ['--delay', 'gamma:mean=-2,sd=1,max=4'],
  ['--delay-pmf', '0.2,0.5,0.3'],
  ['--delay-pmf', '0.2,0.5'],
);
const withOptions = (base: string[], ...options: fc.Arbitrary<string[]>[]) =>
  fc.tuple(...options).map((parts) => [...base, ...parts.flat()]);

/** Every command the fuzz test throws inputs at. */
export const fuzzCommands: FuzzCommand[] = [
  {
    name: 'glm',
    columns: { y: eventEntry, x: entry, g: groupEntry },
    args: withOptions(
      [],
      fc.constantFrom(
        ['--formula', 'y ~ x'],
        ['--formula', 'y ~ x + g'],
        ['--formula', 'y ~ log(x)'],
        ['--formula', 'y ~ I(x/0)'],
        ['--formula', 'y ~ x +'],
        ['--formula', 'y ~ nope'],
      ),
      fc.constantFrom(
        [],
        ['--family', 'binomial'],
        ['--family', 'poisson'],
        ['--family', 'gaussian'],
        ['--family', 'gamma'],
      ),
      optional('--vcov', fc.constantFrom('HC0', 'HC3', 'cluster', 'bogus')),
    ),
  },
  {
    name: 'margins',
    columns: { y: eventEntry, x: entry, g: groupEntry },
    args: withOptions(
      [],
      fc.constantFrom(
        ['--formula', 'y ~ x'],
        ['--formula', 'y ~ x + g'],
        ['--formula', 'y ~ log(x) + g'],
        ['--formula', 'y ~ nope'],
      ),
      optional('--at', fc.constantFrom('x=0,1', 'g=a,b', 'x=0', 'x=a,b', 'nope=1,2', 'x')),
      optional('--grid', fc.constantFrom('means', 'x=1,2', 'g=a', 'x=', 'bogus')),
      optional('--vcov', fc.constantFrom('HC1', 'cluster', 'bogus')),
    ),
  },
  {
    name: 'km',
    columns: survival,
    args: withOptions(
      ['--time', 'time', '--event', 'status'],
      optional('--group', fc.constantFrom('g', 'x', 'missing')),
      optional('--rmean', optionNumber),
      optional('--conf-level', optionNumber),
    ),
  },
  {
    name: 'logrank',
    columns: survival,
    args: withOptions(['--formula', 'Surv(time, status) ~ g'], optional('--rho', optionNumber)),
  },
  {
    name: 'cox',
    columns: survival,
    args: withOptions(
      [],
      fc.constantFrom(
        ['--formula', 'Surv(time, status) ~ x'],
        ['--formula', 'Surv(time, status) ~ x + g'],
      ),
      optional('--ties', fc.constantFrom('efron', 'breslow', 'exact', 'bogus')),
    ),
  },
  {
    name: 'cuminc',
    columns: { time: entry, status: fc.constantFrom('0', '1', '2', '2', '1', 'x'), g: groupEntry },
    args: withOptions(
      ['--time', 'time', '--event', 'status'],
      optional('--group', fc.constant('g')),
      optional('--rho', optionNumber),
    ),
  },
  {
    name: 'finegray',
    columns: { time: entry, status: fc.constantFrom('0', '1', '2', '2', '1'), x: entry },
    args: withOptions(
      ['--time', 'time', '--event', 'status', '--covariates', 'x'],
      fc.constantFrom(['--cause', '1'], ['--cause', '2'], ['--cause', '7'], ['--cause', 'x']),
    ),
  },
  {
    name: 'aft',
    columns: survival,
    args: withOptions(
      ['--formula', 'Surv(time, status) ~ x'],
      fc.constantFrom(
        ['--dist', 'weibull'],
        ['--dist', 'exponential'],
        ['--dist', 'lognormal'],
        ['--dist', 'cauchy'],
      ),
      optional('--p', optionNumber),
    ),
  },
  {
    name: 'backproject',
    columns: { month: fc.integer({ min: 1, max: 99 }).map(String), count: entry },
    args: withOptions(
      ['--count', 'count'],
      delay,
      optional('--k', optionNumber),
      optional('--bootstrap', fc.constantFrom('5', '0', '-3', '1e12')),
      optional('--seed', optionNumber),
    ),
  },
  {
    name: 'pipeline',
    columns: null,
    args: withOptions(
      [],
      fc.constantFrom(['--rate'], ['--rate']).chain((r) => optionNumber.map((v) => [...r, v])),
      delay,
      optional('--level', optionNumber),
      optional('--seed', optionNumber),
    ),
  },
  {
    name: 'cscox',
    columns: { time: entry, status: fc.constantFrom('0', '1', '2', '2', '1'), x: entry },
    args: withOptions(
      ['--formula', 'Surv(time, status) ~ x'],
      fc.constantFrom(['--cause', '1'], ['--cause', '2'], ['--cause', '9'], ['--cause', '-1']),
    ),
  },
  {
    name: 'fgcox',
    columns: {
      time: entry,
      status: fc.constantFrom('0', '1', '2', '2', '1'),
      x: entry,
      g: groupEntry,
    },
    args: withOptions(
      ['--formula', 'Surv(time, status) ~ x'],
      fc.constantFrom(['--cause', '1'], ['--cause', '2'], ['--cause', '9'], ['--cause', 'x']),
      optional('--ties', fc.constantFrom('efron', 'breslow', 'bogus')),
      optional('--cluster', fc.constantFrom('g', 'missing')),
    ),
  },
  {
    name: 'match',
    columns: { treat: eventEntry, a: entry, b: entry },
    args: withOptions(
      ['--treat', 'treat', '--covariates', 'a,b'],
      fc.constantFrom([], ['--method', 'cem'], ['--method', 'subclass'], ['--method', 'bogus']),
      optional('--ratio', optionNumber),
      optional('--caliper', optionNumber),
    ),
  },
];

/**
 * Commands the fuzz test leaves out, and why: each needs input that is not a flat CSV of
 * numbers (a notebook, a report, a folder, a table of published figures, a multilevel grouping).
 */
export const notFuzzed: Record<string, string> = {
  render: 'takes notebooks (render.test.ts and the report package test its bad input)',
  verify: 'takes a rendered report',
  dev: 'starts a server',
  init: 'takes a folder to write a study project into (init.test.ts tests its bad input)',
  reconstruct: 'takes a table of published figures with windows and qualifiers',
  'reconstruct-delay-prior': 'a helper module of reconstruct, not a command',
  'glm-rare': 'a helper module of glm (its --method relogit|bayes), not a command',
  glmer: 'takes grouped data for a multilevel model',
  table: 'takes saved fits (JSON), not data; table.test.ts tests its bad input',
};
