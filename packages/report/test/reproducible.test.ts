import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { here, temporaryDir } from './helpers.ts';

const run = promisify(execFile);
const dir = temporaryDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Render the fixture notebooks to HTML and PDF in a fresh Node process with this LANG and TZ. */
async function renderUnder(name: string, env: Record<string, string>): Promise<string> {
  const out = join(dir, name);
  const script = join(here, 'render-fixtures.ts');
  await run(
    process.execPath,
    ['--conditions=@muster/source', '--import', 'tsx', script, out, 'locale.md', 'publish.md'],
    { env: { ...process.env, LC_ALL: '', ...env }, cwd: here },
  );
  return out;
}

describe('reports are byte-identical across machines', () => {
  it('renderReport writes the same HTML and PDF bytes twice and under other LANG and TZ, with pinned locale and zone in the cells', async () => {
    // Two renders in other processes, one under another LANG and TZ (renders twice in one
    // process are compared in render-notebook.test.ts).
    const [a, c] = await Promise.all([
      renderUnder('a', { LANG: 'C.UTF-8', TZ: 'UTC' }),
      renderUnder('c', { LANG: 'de_DE.UTF-8', TZ: 'Pacific/Chatham' }),
    ]);
    for (const file of ['locale.html', 'locale.pdf', 'publish.html', 'publish.pdf']) {
      const first = readFileSync(join(a, file));
      expect(readFileSync(join(c, file)).equals(first), `${file} under de_DE and Chatham`).toBe(
        true,
      );
    }
    const html = readFileSync(join(c, 'locale.html'), 'utf8');
    expect(html).toContain(
      [
        'Wed Jan 31 2024 23:30:00 GMT+0000 (Coordinated Universal Time)',
        '23:30:00 GMT+0000 (Coordinated Universal Time)',
        '1/31/2024, 11:30:00 PM',
        '1/31/2024',
        '23',
        '2024-03-01T12:00:00.000Z',
        '1,234,567.891',
        '0.5',
        'en-US',
        'UTC',
        'aäbz',
        '1.234,5',
      ].join('\n'),
    );
    expect(html).toContain('Inline: 9,876.5 on 1/1/1970.');
    expect(html).toMatch(/"locale":"en-US"/);
    expect(html).toMatch(/"timeZone":"UTC"/);
  }, 120_000);
});
