/**
 * Measures the bundle sizes (sizes/measure.ts) of the built packages and writes
 * docs/bundle-sizes.md. With --budgets it also sets each budget in bundle-budgets.json to the
 * measured gzip size plus 10%, rounded up to 1 KB (for a new entry, or after a deliberate growth).
 * Run after `pnpm build`: `pnpm bundle-sizes [--budgets]` from the repository root.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { measureAll, sizeTable } from '../sizes/measure.ts';

const here = resolve(import.meta.dirname, '..');
const budgetsPath = join(here, 'bundle-budgets.json');
const results = await measureAll(here);
let budgets = JSON.parse(readFileSync(budgetsPath, 'utf8')) as Record<string, number>;
if (process.argv.includes('--budgets')) {
  budgets = Object.fromEntries(
    results.map((r) => [r.name, Math.ceil((r.gzip * 1.1) / 1024) * 1024]),
  );
  writeFileSync(budgetsPath, `${JSON.stringify(budgets, null, 2)}\n`);
}
writeFileSync(join(here, '../../docs/bundle-sizes.md'), sizeTable(results, budgets));
for (const r of results) console.log(`${r.name}: ${r.minified} B, gzip ${r.gzip} B`);
