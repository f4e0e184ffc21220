import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempCsv } from './support/run-command.ts';
import { loadCommand, runInProcess } from './support/run-in-process.ts';

const lung = join(repoRoot, 'packages', 'datasets', 'data', 'lung.csv');
const counts = tempCsv('month,count\n1,10\n2,12\n3,9\n4,14\n5,11\n6,13\n');
const delay = 'gamma:mean=2,sd=1,max=4';

/** Run `muster NAME ARGS` in process; expect exit 2 and one stderr line matching `message`. */
async function refused(name: string, args: string[], message: RegExp) {
  const outcome = await runInProcess(await loadCommand(name), args);
  expect(outcome.status, `${name} ${args.join(' ')}`).toBe(2);
  expect(outcome.stdout).toBe('');
  const lines = outcome.stderr.trim().split('\n');
  expect(lines, outcome.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
}

describe('the command line refuses bad input with one line', () => {
  it('muster backproject, pipeline and reconstruct bound --k, --bootstrap, --draws, --max-iter, the delay max and --rate', async () => {
    await refused(
      'backproject',
      [counts, '--count', 'count', '--delay', delay, '--k', '1e9'],
      /requires --k to be an integer from 0 to 100; received '1e9'$/,
    );
    await refused(
      'backproject',
      [counts, '--count', 'count', '--delay', delay, '--bootstrap', '1e12'],
      /requires --bootstrap to be an integer from 1 to 100000; received '1e12'$/,
    );
    await refused(
      'backproject',
      [counts, '--count', 'count', '--delay', 'gamma:mean=2,sd=1,max=1e8'],
      /requires the --delay max to be an integer from 0 to 1200 periods; received 100000000$/,
    );
    await refused(
      'pipeline',
      ['--rate', '1e308', '--delay', delay],
      /requires --rate from 0 to 1000000000; received '1e308'$/,
    );
    await refused(
      'pipeline',
      [counts, '--count', 'count', '--delay', delay, '--max-iter', '0'],
      /requires --max-iter to be an integer from 1 to 1000000; received '0'$/,
    );
    const figures = join(repoRoot, 'packages', 'datasets', 'data', 'russia_mediazona_figures.csv');
    await refused(
      'reconstruct',
      [figures, '--draws', '1e12'],
      /requires --draws to be an integer from 100 to 1000000; received '1e12'$/,
    );
    await refused(
      'reconstruct',
      [figures, '--delay-prior', 'gamma:mean=5,sd=2.5,max=18,lengthening=sometimes'],
      /^muster: muster reconstruct requires --delay-prior lengthening to be true or false; received 'sometimes'$/,
    );
  });

  it('muster refuses options that would have no effect and repeated delay parameters', async () => {
    await refused(
      'backproject',
      [counts, '--count', 'count', '--delay', delay, '--seed', '3'],
      /requires --bootstrap for --seed to have an effect; received --seed without --bootstrap$/,
    );
    await refused(
      'pipeline',
      ['--rate', '5', '--delay', delay, '--bootstrap', '10'],
      /requires a COUNTS file for --bootstrap to have an effect; received --bootstrap with --rate$/,
    );
    await refused(
      'aft',
      [lung, '--formula', 'Surv(time, status) ~ age', '--p', '0.5'],
      /requires --profile for --p to have an effect; received --p without --profile$/,
    );
    await refused(
      'backproject',
      [counts, '--count', 'count', '--delay', 'gamma:mean=5,mean=6,sd=1,max=4'],
      /requires each --delay parameter once; received mean twice in 'gamma:mean=5,mean=6,sd=1,max=4'$/,
    );
  });

  it("muster reads a negative option value as the option's value and hex as no number", async () => {
    await refused(
      'km',
      [lung, '--time', 'time', '--event', 'status', '--rmean', '-5'],
      /^muster: kaplanMeier requires the rmean horizon at or after the smallest time 5.*; received -5$/,
    );
    await refused(
      'backproject',
      [counts, '--count', 'count', '--delay', delay, '--k', '0x10'],
      /requires a number for --k; received '0x10'$/,
    );
    const rho = await runInProcess(await loadCommand('logrank'), [
      lung,
      '--formula',
      'Surv(time, status) ~ sex',
      '--rho',
      '-1',
    ]);
    expect(rho.status).toBe(0);
    expect(rho.stdout).toContain('rho = -1');
  });

  it('muster names the first entry that is not a number, not the first entry of a text column', async () => {
    const hex = tempCsv('time,status\n5,1\n7,0\n0x10,1\n');
    await refused(
      'km',
      [hex, '--time', 'time', '--event', 'status'],
      /requires numeric times; row 3 of time is "0x10"$/,
    );
    const lagged = tempCsv('month,count\n1,5\n2,7\n3,0x10\n');
    await refused(
      'backproject',
      [lagged, '--count', 'count', '--delay', delay],
      /requires numeric counts in column 'count'; received '0x10' at row 3$/,
    );
  });

  it('muster refuses counts too large to sum and an AFT fit that failed', async () => {
    const huge = tempCsv('month,count\n1,10\n2,1e300\n3,5\n');
    await refused(
      'backproject',
      [huge, '--count', 'count', '--delay', delay],
      /requires counts of at most 1000000000000000 in column 'count'; received 1e\+300 at row 2$/,
    );
    const one = tempCsv('time,status\n5,1\n');
    await refused(
      'aft',
      [one, '--formula', 'Surv(time, status) ~ 1', '--dist', 'weibull'],
      /muster aft cannot fit Surv\(time, status\) ~ 1: an AFT model needs more observations than parameters .*; received n = 1 and no estimable coefficient$/,
    );
  });

  it('muster refuses Latin-1 and BOM-less UTF-16 files naming the encoding, and reads UTF-16 with a mark', async () => {
    const latin = tempCsv('');
    writeFileSync(latin, Buffer.from([...Buffer.from('time,status\n5,1\n'), 0xe9, 0x0a]));
    await refused(
      'km',
      [latin, '--time', 'time', '--event', 'status'],
      /cannot read '.*': readCsv requires UTF-8 text; byte 0xE9 on line 3 is not UTF-8 \(Latin-1 or Windows-1252 text, perhaps\)/,
    );
    const utf16 = tempCsv('');
    writeFileSync(
      utf16,
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('time,status\n5,1\n6,0\n7,1\n', 'utf16le'),
      ]),
    );
    const read = await runInProcess(await loadCommand('km'), [
      utf16,
      '--time',
      'time',
      '--event',
      'status',
      '--json',
    ]);
    expect(read.status).toBe(0);
    writeFileSync(utf16, Buffer.from('time,status\n5,1\n', 'utf16le'));
    await refused(
      'km',
      [utf16, '--time', 'time', '--event', 'status'],
      /UTF-16 without a byte-order mark/,
    );
  });

  it('muster glm warns when a numeric column becomes text because of a few entries, naming column, rows and values', async () => {
    const data = tempCsv('y,x\n1,1\n0,two\n1,3\n0,4\n1,5\n0,6\n');
    const outcome = await runInProcess(await loadCommand('glm'), [
      data,
      '--formula',
      'y ~ x',
      '--family',
      'binomial',
    ]);
    expect(outcome.status).toBe(0);
    expect(outcome.stderr).toBe(
      "muster glm: warning: readCsv reads column 'x' as text, as R's read.csv does, because 1 of its 6 entries is not a number: row 2 \"two\"; correct or remove it to use 'x' as numbers\n",
    );
  });
});
