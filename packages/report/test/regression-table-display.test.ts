/** A regression table of @muster/tables in a report: the display item, its HTML and its Typst/PDF. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../src/render-html.ts';
import { renderPdf } from '../src/render-pdf.ts';
import { toDisplay } from '../src/to-display.ts';
import type { NotebookRun, RegressionTableDisplay } from '../src/types.ts';
import { FIXED_VERSIONS, here, normalisePdfText, runText } from './helpers.ts';

const notebook = `---
title: Regression table
---

\`\`\`ts
//| label: tbl-models
//| tbl-cap: Two models
import { regressionTable } from '@muster/tables';
const row = (term: string, estimate: number, stdError: number) => ({
  term, estimate, stdError, statistic: estimate / stdError, pValue: 0.01,
  lower: estimate - 1.96 * stdError, upper: estimate + 1.96 * stdError,
});
const base = {
  formula: 'y ~ x', confLevel: 0.95, vcov: [], statisticType: 'z', dfResidual: null,
  nEvents: null, nClusters: null, df: 2, aic: null, bic: null, converged: true, iterations: 4,
  warnings: [],
};
const logit = { ...base, kind: 'glm', family: 'binomial', link: 'logit', method: 'ml',
  vcovType: 'cluster', cluster: 'war', nClusters: 80, nobs: 377, logLik: -105.4,
  coefficients: [row('(Intercept)', -7.96, 1.76), row('inequality', 7.81, 1.29)] };
const cox = { ...base, kind: 'cox', method: 'partial-likelihood', vcovType: 'robust',
  nobs: 228, logLik: -740.5, coefficients: [row('inequality', 0.52, 0.2), row('age <60', 0.03, 0.01)] };
regressionTable([logit, cox], { modelNames: ['Logit', 'Cox & co'], stars: true });
\`\`\`
`;

// Inside the package, so the notebook resolves @muster/tables through its devDependencies.
const dir = mkdtempSync(join(here, '.tmp-'));
let run: NotebookRun;
beforeAll(async () => {
  run = await runText(notebook, dir);
  run.versions = { ...FIXED_VERSIONS };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('regression tables in reports', () => {
  it('toDisplay(regressionTable(...)) gives a regression-table item with the rows as shown', () => {
    const [item] = run.cells[0].outputs as RegressionTableDisplay[];
    expect(item.kind).toBe('regression-table');
    expect(item.models).toEqual(['Logit', 'Cox & co']);
    expect(item.rows.slice(0, 4)).toEqual([
      { section: 'estimate', label: '(Intercept)', cells: ['-7.96*', ''] },
      { section: 'uncertainty', label: '', cells: ['(1.76)', ''] },
      { section: 'estimate', label: 'inequality', cells: ['7.81*', '0.52*'] },
      { section: 'uncertainty', label: '', cells: ['(1.29)', '(0.2)'] },
    ]);
    expect(item.notes).toEqual([
      'Standard errors in parentheses',
      '* p < 0.05, ** p < 0.01, *** p < 0.001',
    ]);
  });

  it('toDisplay leaves a look-alike without rows of cells to the JSON renderer', async () => {
    const [item] = await toDisplay({
      kind: 'regression-table',
      models: ['a'],
      rows: [{}],
      notes: [],
    });
    expect(item.kind).toBe('text');
  });

  it('renderHtml(run) draws one table body per group of rows, escaped, captioned and numbered', async () => {
    const html = await renderHtml(run, { reportDir: dir });
    expect(html).toContain('<table class="regression">');
    expect(html).toContain('<th>Cox &amp; co</th>');
    expect(html).toContain(
      '<tr class="estimate"><th class="l" scope="row">age &lt;60</th><td></td><td>0.03*</td></tr>',
    );
    expect(html.match(/<tbody class="(\w+)">/g)).toEqual([
      '<tbody class="estimate">',
      '<tbody class="gof">',
      '<tbody class="method">',
    ]);
    expect(html).toContain('<span class="caption-number">Table 1</span>: Two models');
    expect(html).toContain('<p class="note">Standard errors in parentheses</p>');
    expect(await renderHtml(run, { reportDir: dir })).toBe(html);
  });

  it('renderPdf(run) typesets the table with its notes, the same bytes on every render', async () => {
    const pdf = await renderPdf(run, { reportDir: dir });
    const path = join(dir, 'table.pdf');
    writeFileSync(path, pdf);
    const text = normalisePdfText(
      execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }),
    );
    expect(text).toContain('Table 1: Two models');
    expect(text).toMatch(/Logit Cox & co/);
    expect(text).toMatch(/inequality 7\.81\* 0\.52\*/);
    expect(text).toMatch(/Covariance cluster \(war\) robust/);
    expect(text).toContain('Standard errors in parentheses');
    expect(Buffer.from(await renderPdf(run, { reportDir: dir })).equals(Buffer.from(pdf))).toBe(
      true,
    );
  });
});
