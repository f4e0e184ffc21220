/**
 * Bundle sizes stay within their budgets: every entry of sizes/measure.ts (a whole public package,
 * or one typical import), bundled with esbuild from the published builds for the browser,
 * minified, must gzip to no more than its budget in bundle-budgets.json (set at the measured size
 * plus 10%). A package that grows past its budget fails here: shrink it, or raise the budget
 * deliberately (`pnpm bundle-sizes --budgets`) and say why in the commit. docs/bundle-sizes.md
 * lists every entry.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENTRIES, measureAll, type SizeResult } from '../sizes/measure.ts';

const here = resolve(import.meta.dirname, '..');
const budgets = JSON.parse(readFileSync(join(here, 'bundle-budgets.json'), 'utf8')) as Record<
  string,
  number
>;
const table = readFileSync(join(here, '../../docs/bundle-sizes.md'), 'utf8');
let results: SizeResult[];

beforeAll(async () => {
  results = await measureAll(here);
});

describe('bundle sizes (esbuild, browser, minified, gzip -9)', () => {
  it('every entry has a budget and a row in docs/bundle-sizes.md, and nothing else does', () => {
    const names = ENTRIES.map((e) => e.name);
    expect(Object.keys(budgets).sort()).toEqual([...names].sort());
    for (const name of names) expect(table, name).toContain(`| \`${name}\` |`);
  });

  it('no entry exceeds its gzip budget', () => {
    const over = results
      .filter((r) => r.gzip > budgets[r.name]!)
      .map((r) => `${r.name}: ${r.gzip} B gzip > budget ${budgets[r.name]} B`);
    expect(over).toEqual([]);
  });

  it('one distribution function does not pull the others: { pnorm } is a fraction of core', () => {
    const size = (name: string) => results.find((r) => r.name === name)!.gzip;
    expect(size('{ pnorm } from @muster/core')).toBeLessThan(size('@muster/core') / 4);
    expect(size('{ qrDecompose } from @muster/core')).toBeLessThan(2048);
  });
});
