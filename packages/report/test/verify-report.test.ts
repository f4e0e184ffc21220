import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProvenance } from '../src/read-provenance.ts';
import { renderNotebook } from '../src/render-notebook.ts';
import { verifyReport } from '../src/verify-report.ts';
import { conditions, copyNotebooks, temporaryDir } from './helpers.ts';

let dir: string;
let html: string;
let pdf: string;
beforeAll(async () => {
  dir = copyNotebooks();
  const result = await renderNotebook(join(dir, 'golden.md'), {
    outDir: join(dir, '_out'),
    formats: ['html', 'pdf'],
    conditions,
    cache: false,
  });
  [html, pdf] = result.files.map((file) => file.path);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verifyReport', () => {
  it('verifyReport(report) re-renders HTML and PDF reports byte for byte', async () => {
    for (const report of [html, pdf]) {
      const result = await verifyReport(report, { conditions });
      expect(result.identical).toBe(true);
      expect(result.differences).toEqual([]);
      expect(result.notebook).toBe(join(dir, 'golden.md'));
    }
  });

  it('verifyReport names the input file that changed and the cells whose output moved', async () => {
    const csv = join(dir, 'data', 'small.csv');
    const original = readFileSync(csv);
    writeFileSync(csv, original.toString('utf8').replace('a,1,2.5', 'a,1,2.75'));
    try {
      const result = await verifyReport(html, { conditions });
      expect(result.identical).toBe(false);
      expect(result.differences.map((difference) => difference.message)).toEqual([
        expect.stringMatching(
          /^input data\/small\.csv changed: sha256 48e055cbf75b -> [0-9a-f]{12}$/,
        ),
        'cell-1 (line 39): output differs',
        'cell-4 (line 64): output differs',
      ]);
    } finally {
      writeFileSync(csv, original);
    }
  });

  it('verifyReport says where the bytes differ when every recorded fact agrees', async () => {
    const tampered = join(dir, '_out', 'tampered.html');
    writeFileSync(
      tampered,
      readFileSync(html, 'utf8').replace('exercises every renderer', 'exercises each renderer'),
    );
    const result = await verifyReport(tampered, { conditions });
    expect(result.identical).toBe(false);
    expect(result.differences).toHaveLength(1);
    expect(result.differences[0].kind).toBe('bytes');
    expect(result.differences[0].message).toMatch(
      /first differing line \d+: "<p>This notebook exercises each renderer/,
    );
  });

  it('verifyReport reports a notebook that changed or cannot be found', async () => {
    const copy = join(dir, 'golden-edited.md');
    writeFileSync(
      copy,
      readFileSync(join(dir, 'golden.md'), 'utf8').replace('This notebook', 'The notebook'),
    );
    const edited = await verifyReport(html, { notebook: copy, conditions });
    expect(edited.differences.map((difference) => difference.kind)).toEqual(['notebook', 'bytes']);
    expect(edited.differences[1].message).toMatch(
      /^the report differs from byte \d+ .*"<p>The notebook exercises every renderer/,
    );
    const missing = await verifyReport(html, { notebook: join(dir, 'nowhere.md'), conditions });
    expect(missing.identical).toBe(false);
    expect(missing.differences[0].message).toMatch(/notebook not found at .*nowhere\.md/);
  });

  it('verifyReport verifies a moved or downloaded report: the manifest names the notebook from the project root', async () => {
    const manifest = readProvenance(readFileSync(html));
    expect(manifest.notebook.path).toMatch(/^packages\/report\/test\/\.tmp-[^/]+\/golden\.md$/);
    const elsewhere = temporaryDir();
    try {
      for (const report of [html, pdf]) {
        const moved = join(elsewhere, basename(report));
        copyFileSync(report, moved);
        const found = await verifyReport(moved, { conditions });
        expect(found.identical).toBe(true);
        expect(found.notebook).toBe(join(dir, 'golden.md'));
        const given = await verifyReport(moved, { notebook: join(dir, 'golden.md'), conditions });
        expect(given.identical).toBe(true);
      }
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('verifyReport says "manifest does not match the body" for a forged manifest', async () => {
    const forged = join(dir, '_out', 'forged.html');
    const text = readFileSync(html, 'utf8');
    const sha = readProvenance(readFileSync(html)).notebook.sha256;
    writeFileSync(forged, text.replace(`"sha256":"${sha}"`, `"sha256":"${'0'.repeat(64)}"`));
    const result = await verifyReport(forged, { conditions });
    expect(result.identical).toBe(false);
    expect(result.differences.map((difference) => difference.kind)).toEqual([
      'manifest',
      'notebook',
    ]);
    expect(result.differences[0].message).toMatch(/^manifest does not match the body: /);
  });

  it('verifyReport rejects a file that is not a Muster report', async () => {
    const other = join(dir, '_out', 'other.html');
    writeFileSync(other, '<!DOCTYPE html><p>hello</p>');
    await expect(verifyReport(other, { conditions })).rejects.toThrow(
      /no muster-provenance manifest/,
    );
    await expect(verifyReport(join(dir, 'none.html'), { conditions })).rejects.toThrow(
      /cannot read/,
    );
  });
});
