import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CELL_OPTIONS } from '../src/internal/cell-options.ts';
import { parseNotebook } from '../src/parse-notebook.ts';
import { renderHtml } from '../src/render-html.ts';
import { renderPdf } from '../src/render-pdf.ts';
import type { CodeCell } from '../src/types.ts';
import { runText, temporaryDir, texts } from './helpers.ts';

const fence = '```';
const dir = temporaryDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cells(text: string): CodeCell[] {
  return parseNotebook(text, { path: '/project/nb.md' }).blocks.filter(
    (block): block is CodeCell => block.kind === 'code',
  );
}

describe('cell options', () => {
  it('parseNotebook reads //| options at the top of a cell into a typed object', () => {
    const [cell, plain] = cells(
      [
        `${fence}ts`,
        '//| label: fig-km',
        '//| fig-cap: "Survival by regime: Kaplan-Meier"',
        '//| fig-alt: Two curves',
        '//| fig-width: 6',
        '//| fig-height: 3.5',
        '//| tbl-cap: Counts',
        '//| echo: false',
        '//| eval: true',
        '//| output: false',
        '//| timeout: 30',
        'const x = 1; //| not an option',
        '//| too late: a comment',
        fence,
        `${fence}ts`,
        '1',
        fence,
      ].join('\n'),
    );
    expect(cell.options).toEqual({
      label: 'fig-km',
      figCap: 'Survival by regime: Kaplan-Meier',
      figAlt: 'Two curves',
      figWidth: 6,
      figHeight: 3.5,
      tblCap: 'Counts',
      echo: false,
      eval: true,
      output: false,
      timeout: 30,
      name: null,
    });
    expect(cell.optionLines).toBe(10);
    expect(cell.line).toBe(2);
    expect(cell.source.split('\n')[10]).toBe('const x = 1; //| not an option');
    expect(plain.options).toEqual(DEFAULT_CELL_OPTIONS);
    expect(plain.optionLines).toBe(0);
  });

  it('parseNotebook refuses an unknown option or an ill-typed value, naming the file and line', () => {
    const text = (option: string) =>
      ['# Title', '', `${fence}ts`, '//| label: tbl-a', option, '1', fence].join('\n');
    expect(() => cells(text('//| fig-size: 3'))).toThrow(
      /does not know the cell option "fig-size" \(\/project\/nb\.md line 5\); known options: label, fig-cap/,
    );
    expect(() => cells(text('//| echo: maybe'))).toThrow(
      /cell option echo to be true or false; \/project\/nb\.md line 5 sets "maybe"/,
    );
    expect(() => cells(text('//| timeout: -1'))).toThrow(/timeout to be a positive number/);
    expect(() => cells(['```ts', '//| label: "fig km"', '1', '```'].join('\n'))).toThrow(
      /label such as fig-km/,
    );
    expect(() =>
      cells(
        [
          `${fence}ts`,
          '//| label: fig-a',
          '1',
          fence,
          `${fence}ts`,
          '//| label: fig-a',
          '2',
          fence,
        ].join('\n'),
      ),
    ).toThrow(
      /cell labels to be unique; "fig-a" labels the cells on \/project\/nb\.md lines 2 and 6/,
    );
    expect(() => cells(text('//| echo: [1'))).toThrow(
      /to be YAML \(key: value\); \/project\/nb\.md line 4/,
    );
  });

  it('echo, eval and output decide what the report shows and what runs', async () => {
    const run = await runText(
      [
        '---',
        'code: fold',
        '---',
        `${fence}ts`,
        '//| echo: false',
        'const hidden = 40;',
        'hidden + 1',
        fence,
        `${fence}ts`,
        '//| eval: false',
        'throw new Error("never runs")',
        fence,
        `${fence}ts`,
        '//| output: false',
        'const quiet = hidden + 2;',
        'quiet',
        fence,
        `${fence}ts`,
        'quiet + 1',
        fence,
      ].join('\n'),
      dir,
    );
    expect(run.failed).toBe(false);
    expect(run.cells.map((cell) => cell.number)).toEqual([1, 3, 4]);
    expect(texts(run)).toEqual([['41'], ['42'], ['43']]);
    const html = renderHtml(run, { reportDir: dir });
    const section = (n: number) => html.split(`id="cell-${n}"`)[1].split('</section>')[0];
    expect(section(1)).not.toContain('<details');
    expect(section(1)).toContain('41');
    expect(section(2)).toContain('never runs');
    expect(section(2)).toContain('Not run: <code>eval: false</code>');
    expect(section(3)).toMatch(/<details class="code">.*quiet/s);
    expect(section(3)).not.toContain('class="outputs"');
    expect(section(3)).not.toContain('//|');
    expect(section(4)).toContain('43');
  });

  it('a reference to a labelled cell that shows nothing stays text, and the PDF still typesets', async () => {
    const run = await runText(
      [
        'See @fig-skipped and @tbl-quiet.',
        '',
        `${fence}ts`,
        '//| label: fig-skipped',
        '//| fig-cap: Never drawn',
        '//| eval: false',
        '1',
        fence,
        `${fence}ts`,
        '//| label: tbl-quiet',
        '//| tbl-cap: Not shown',
        '//| output: false',
        '[{ a: 1 }]',
        fence,
      ].join('\n'),
      dir,
      {},
      'dangling.md',
    );
    const html = renderHtml(run, { reportDir: dir });
    expect(html).toContain('<span class="xref unresolved">Figure 1</span>');
    expect(html).toContain('<span class="xref unresolved">Table 1</span>');
    const pdf = await renderPdf(run, { reportDir: dir });
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
  });
});
