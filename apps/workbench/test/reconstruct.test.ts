import { join } from 'node:path';
import { DataError, InvalidArgumentError } from '@muster/core';
import { format } from '@muster/lag';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from '../src/commands/reconstruct.ts';
import { packageFixtures, runCommand, tempCsv } from './support/run-command.ts';

const figuresCsv = join(packageFixtures('lag'), 'russia_mediazona_figures.csv');
const ukraineCsv = join(packageFixtures('lag'), 'ukraine_opg_figures.csv');

const run = (args: string[]) => runCommand(command, args);

afterEach(() => vi.restoreAllMocks());

const courtCases337 = ['--where', 'article=337', '--where', 'metric=cases_received_by_courts'];

describe('muster reconstruct', () => {
  it('muster reconstruct reads the AWOL figure table (court cases received, art. 337) with --json', async () => {
    const { code, out } = await run([
      figuresCsv,
      ...courtCases337,
      '--from',
      '2021-01',
      '--to',
      '2024-05',
      '--draws',
      '500',
      '--json',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.months).toHaveLength(41);
    expect(result.figures.map((f: { id: string }) => f.id)).toEqual([
      'RU01',
      'RU02',
      'RU03',
      'RU08',
      'RU12',
      'RU16',
      'RU17',
      'RU19',
      'RU20',
      'RU26',
    ]);
    const ru01 = result.figures.find((f: { id: string }) => f.id === 'RU01');
    expect(Math.abs(ru01.fitted - 615)).toBeLessThan(10);
  });

  it("muster reconstruct with a delay prints @muster/lag's format(result): figures, months with the offences, totals", async () => {
    const args = [
      figuresCsv,
      ...courtCases337,
      '--from',
      '2021-01',
      '--to',
      '2024-05',
      '--delay',
      'gamma:mean=5,sd=2.5,max=14',
      '--draws',
      '300',
    ];
    const { code, out } = await run(args);
    expect(code).toBe(0);
    const json = await run([...args, '--json']);
    expect(out).toBe(`${format(JSON.parse(json.out))}\n`);
    expect(out).toMatch(/^Reconstruction from published figures: /);
    expect(out).toMatch(/\nMonths: 41, 2021-01 to 2024-05; estimate: /);
    expect(out).toMatch(
      /\n +period +estimate +lower +upper +predictiveLower +predictiveUpper +offences +offencesLower +offencesUpper\n/,
    );
    expect(out).toMatch(/\n6 +RU16 lower_bound 2022-09-21 2023-09-30 +3000 /);
    expect(out).toMatch(
      /\nOffences pending at the end of 2024-05: \d+ \(90% interval \d+ to \d+\)/,
    );
  });

  it('muster reconstruct warns with its code, naming RU12, that a figure does not fit the others', async () => {
    const { out } = await run([
      figuresCsv,
      ...courtCases337,
      '--from',
      '2021-01',
      '--to',
      '2024-05',
      '--draws',
      '300',
    ]);
    expect(out).toMatch(
      /\nwarning \[figure-inconsistent\]: reconstruct: figure RU12 \(exact 629\) does not fit the other figures/,
    );
    // breaks searched among the window edges by default, and named in a warning
    expect(out).toMatch(/\nBreaks \(searched among [^)]*\): \d{4}-\d{2}-\d{2}/);
    expect(out).toMatch(
      /\nwarning \[break-found\]: reconstruct: the series may jump at \d{4}-\d{2}-\d{2}/,
    );
  });

  it('muster reconstruct --breaks --delay-prior --order 1 integrates over the delay and frees the mobilisation', async () => {
    const { code, out } = await run([
      figuresCsv,
      ...courtCases337,
      '--where',
      'figure_id=RU01',
      '--from',
      '2021-01',
      '--to',
      '2021-12',
      '--order',
      '1',
      '--breaks',
      '2021-06-15',
      '--delay-prior',
      'gamma:mean=5,sd=2.5,max=12,mean-spread=0.2',
      '--no-checks',
      '--draws',
      '200',
      '--json',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.smoothing.breaks).toEqual(['2021-06', '2021-07']);
    expect(result.offences.delays).toHaveLength(9);
    expect(result.checks).toBeUndefined();
    await expect(
      run([figuresCsv, ...courtCases337, '--delay-prior', 'weibull:mean=5']),
    ).rejects.toThrow(/--delay-prior as gamma:mean=M,sd=S,max=D/);
    await expect(
      run([
        figuresCsv,
        ...courtCases337,
        '--breaks',
        '2022-09-21',
        '--break-candidates',
        '2022-09-21',
      ]),
    ).rejects.toThrow(/requires --breaks or --break-candidates, not both/);
  });

  it('muster reconstruct --delay-prior lengthening=true integrates over a lengthening or shortening delay (27 delays)', async () => {
    const base = [
      figuresCsv,
      ...courtCases337,
      '--where',
      'figure_id=RU01',
      '--from',
      '2021-01',
      '--to',
      '2021-12',
      '--order',
      '1',
      '--breaks',
      'none',
      '--no-checks',
      '--draws',
      '200',
    ];
    const prior = 'gamma:mean=5,sd=2.5,max=12';
    const { code, out } = await run([
      ...base,
      '--delay-prior',
      `${prior},lengthening=true`,
      '--json',
    ]);
    expect(code).toBe(0);
    const delays = JSON.parse(out).offences.delays as { perYear: number }[];
    expect(delays).toHaveLength(27);
    // lengthening: true is the library's { perYear: 0, perYearSd: 1 }: nodes 0 and +-sqrt(3)
    const rates = [...new Set(delays.map((d) => Number(d.perYear.toFixed(6))))].sort(
      (a, b) => a - b,
    );
    expect(rates).toEqual([-1.732051, 0, 1.732051]);
    const fixed = await run([...base, '--delay-prior', `${prior},lengthening=false`, '--json']);
    expect(JSON.parse(fixed.out).offences.delays).toHaveLength(9);
    const backlog = await run([
      ...base,
      '--delay-prior',
      `${prior},lengthening-from=2021-06,lengthening-per-year=2`,
      '--json',
    ]);
    const backlogDelays = JSON.parse(backlog.out).offences.delays as { perYear: number }[];
    expect(backlogDelays).toHaveLength(9);
    expect(backlogDelays.every((d) => d.perYear === 2)).toBe(true);
    const text = await run([...base, '--delay-prior', `${prior},lengthening=true`]);
    expect(text.out).toMatch(/\n +mean +sd +perYear +weight\n/);
  });

  it('muster reconstruct names --delay-prior for a bad lengthening value', async () => {
    const prior = 'gamma:mean=5,sd=2.5,max=12';
    const bad = (value: string) =>
      run([figuresCsv, ...courtCases337, '--delay-prior', `${prior},${value}`]);
    await expect(bad('lengthening=yes')).rejects.toThrow(InvalidArgumentError);
    await expect(bad('lengthening=yes')).rejects.toThrow(
      "muster reconstruct requires --delay-prior lengthening to be true or false; received 'yes'",
    );
    await expect(bad('lengthening-from=2021-13')).rejects.toThrow(
      "muster reconstruct requires --delay-prior lengthening-from as a month YYYY-MM; received '2021-13'",
    );
    await expect(bad('lengthening-per-year=fast')).rejects.toThrow(
      "muster reconstruct requires a number for --delay-prior; received 'fast'",
    );
    await expect(bad('lengthening-per-year-sd=-1')).rejects.toThrow(
      'muster reconstruct requires --delay-prior lengthening-per-year-sd >= 0; received -1',
    );
    await expect(bad('lengthening=true,lengthening-per-year=1')).rejects.toThrow(
      /requires --delay-prior lengthening=true\|false or lengthening-from\/-per-year\/-per-year-sd, not both/,
    );
    await expect(bad('lengthening=true,lengthening=false')).rejects.toThrow(
      /requires each --delay-prior parameter once; received lengthening twice/,
    );
    await expect(bad('lengthening')).rejects.toThrow(
      /requires --delay-prior parameters mean, sd, max, .*lengthening-from; received 'lengthening'/,
    );
  });

  it('muster reconstruct turns "per month" rates into totals with --per', async () => {
    const file = tempCsv(
      [
        'figure_id,period_start,period_end,value,qualifier,unit_of_count',
        'S1,2023-01-01,2023-06-30,2000,exact,sentences',
        'S2,2023-07-01,2023-09-30,1400,exact,sentences',
        'S3,2023-10-01,2023-12-29,500,approximate,sentences per month',
      ].join('\n'),
      'figures.csv',
    );
    const { out } = await run([file, '--per', 'unit_of_count', '--draws', '200', '--json']);
    const result = JSON.parse(out);
    const s3 = result.figures.find((f: { id: string }) => f.id === 'S3');
    expect(Math.abs(s3.total - 500 * (2 + 29 / 31))).toBeLessThan(1e-9);
    expect(result.months).toEqual([
      '2023-01',
      '2023-02',
      '2023-03',
      '2023-04',
      '2023-05',
      '2023-06',
      '2023-07',
      '2023-08',
      '2023-09',
      '2023-10',
      '2023-11',
      '2023-12',
    ]);
  });

  it('muster reconstruct reads the Ukrainian table (period_start) and fills the month it lacks', async () => {
    // criminal proceedings opened under art. 407 in 2022, monthly; October is not in the source
    const { out } = await run([
      ukraineCsv,
      '--where',
      'article_ukr_cc=407',
      '--where',
      'metric=proceedings_opened',
      '--draws',
      '300',
      '--json',
    ]);
    const result = JSON.parse(out);
    expect(result.months).toHaveLength(12);
    const october = result.months.indexOf('2022-10');
    expect(result.estimate[october]).toBeGreaterThan(
      result.estimate[result.months.indexOf('2022-09')] * 0.5,
    );
    expect(result.upper[october] - result.lower[october]).toBeGreaterThan(
      result.upper[8] - result.lower[8],
    );
  });

  it('muster reconstruct names the figure whose window ends before it starts', async () => {
    const file = tempCsv(
      'figure_id,period_start,period_end,value,qualifier\nA,2023-01-01,2023-12-31,100,exact\nB,2023-06-30,2023-01-01,10,exact\n',
      'figures.csv',
    );
    await expect(run([file])).rejects.toThrow(DataError);
    await expect(run([file])).rejects.toThrow(
      /figure B ends 2023-01-01 before it starts 2023-06-30/,
    );
  });

  it('muster reconstruct names contradicting figures (an exact total below a lower bound inside it)', async () => {
    const file = tempCsv(
      'figure_id,period_start,period_end,value,qualifier\nY,2023-01-01,2023-12-31,1000,exact\nL,2023-03-01,2023-08-31,1500,lower_bound\n',
      'figures.csv',
    );
    await expect(run([file])).rejects.toThrow(
      /contradicting figures: Y \(exact 1000, 2023-01-01\.\.2023-12-31\) is below the lower bound L/,
    );
  });
});
