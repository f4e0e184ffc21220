// biome-ignore-all lint/suspicious/noTemplateCurlyInString: notebooks write inline expressions as ${...}
import { describe, expect, it } from 'vitest';
import { sha256 } from '../src/internal/hash.ts';
import { parseNotebook } from '../src/parse-notebook.ts';
import type { CodeCell, ProseBlock } from '../src/types.ts';

const fence = '```';

describe('parseNotebook', () => {
  it('parseNotebook(text) reads the front matter, with defaults for what is missing', () => {
    const notebook = parseNotebook(
      [
        '---',
        'title: A report',
        'author: Ann',
        'parameters:',
        '  threshold: 0.1',
        '  region:',
        '    default: east',
        '    description: Where',
        'seed: 7',
        'inputs: [data/a.csv]',
        'code: show',
        '---',
        'Text.',
      ].join('\n'),
    );
    expect(notebook.frontMatter).toEqual({
      title: 'A report',
      author: 'Ann',
      date: null,
      parameters: { threshold: 0.1, region: 'east' },
      parameterDescriptions: { region: 'Where' },
      seed: 7,
      inputs: ['data/a.csv'],
      code: 'show',
      rows: 10,
      bibliography: [],
      csl: null,
      timeout: 600,
      memory: 4096,
    });
    const bare = parseNotebook('Just prose.', { path: '/x/my-notes.md' });
    expect(bare.frontMatter.title).toBe('my-notes');
    expect(bare.frontMatter.seed).toBe(1);
    expect(bare.frontMatter.code).toBe('fold');
  });

  it('parseNotebook(text) splits prose and ts cells and records the line of each cell', () => {
    const text = [
      '---',
      'title: T',
      '---',
      '',
      'Intro.',
      '',
      `${fence}ts`,
      'const x = 1;',
      'x',
      fence,
      '',
      `${fence}r`,
      'not a cell',
      fence,
      '',
      `${fence}typescript`,
      'x + 1',
      fence,
      '',
    ].join('\n');
    const notebook = parseNotebook(text);
    const kinds = notebook.blocks.map((block) => block.kind);
    expect(kinds).toEqual(['prose', 'code', 'prose', 'code']);
    const cells = notebook.blocks.filter((block): block is CodeCell => block.kind === 'code');
    expect(cells.map((cell) => [cell.cell, cell.line, cell.source])).toEqual([
      [1, 8, 'const x = 1;\nx'],
      [2, 17, 'x + 1'],
    ]);
    const prose = notebook.blocks[2] as ProseBlock;
    expect(prose.markdown).toContain('not a cell');
    expect(notebook.sha256).toBe(sha256(text));
  });

  it('parseNotebook(text) replaces inline expressions by placeholders, skipping code spans, fences and \\${', () => {
    const text = [
      'Value ${a + 1} and ${fn({ b: "}" })}.',
      'Code `${not}` and \\${escaped}.',
      '~~~',
      '${inside fence}',
      '~~~',
      'Last ${`tpl ${x}`}',
    ].join('\n');
    const notebook = parseNotebook(text);
    const prose = notebook.blocks[0] as ProseBlock;
    expect(prose.inlines.map((inline) => [inline.inline, inline.source, inline.line])).toEqual([
      [1, 'a + 1', 1],
      [2, 'fn({ b: "}" })', 1],
      [3, '`tpl ${x}`', 6],
    ]);
    expect(prose.markdown).toBe(
      [
        'Value \uE0001\uE001 and \uE0002\uE001.',
        'Code `${not}` and \\${escaped}.',
        '~~~',
        '${inside fence}',
        '~~~',
        'Last \uE0003\uE001',
      ].join('\n'),
    );
  });

  it('parseNotebook(bytes) hashes the bytes as given and accepts CRLF line ends', () => {
    const bytes = Buffer.from('---\r\ntitle: T\r\n---\r\n```ts\r\n1\r\n```\r\n');
    const notebook = parseNotebook(bytes);
    expect(notebook.sha256).toBe(sha256(bytes));
    expect(notebook.blocks).toMatchObject([{ kind: 'code', cell: 1, source: '1', line: 5 }]);
  });

  it('parseNotebook rejects unclosed cells and inline expressions, bad YAML and ill-typed fields', () => {
    expect(() => parseNotebook(`${fence}ts\nconst x = 1;\n`)).toThrow(/the fence on line 1 is not/);
    expect(() => parseNotebook('Value ${a + 1')).toThrow(/line 1 is not/);
    expect(() => parseNotebook('Empty ${ }')).toThrow(/has none/);
    expect(() => parseNotebook('---\ntitle: [\n---\n')).toThrow(/valid YAML/);
    expect(() => parseNotebook('---\nseed: 1.5\n---\n')).toThrow(
      /seed to be an integer; received 1.5/,
    );
    expect(() => parseNotebook('---\ncode: folded\n---\n')).toThrow(/show, fold or hide/);
    expect(() => parseNotebook('---\nparameters:\n  bad-name: 1\n---\n')).toThrow(/identifiers/);
    expect(() => parseNotebook('---\nparameters:\n  x: [1, 2]\n---\n')).toThrow(
      /number, string, boolean or null/,
    );
    expect(() => parseNotebook('---\ntitle: T\n')).toThrow(/end with a --- line/);
  });

  it('parseNotebook names the file and the notebook line of a front-matter error', () => {
    const options = { path: '/project/nb.md' };
    expect(() => parseNotebook('---\ntitle: T\nseed: [\n---\n', options)).toThrow(
      /valid YAML front matter; \/project\/nb\.md line \d:/,
    );
    expect(() => parseNotebook('---\ntitle: T\n\nseed: 1.5\n---\n', options)).toThrow(
      /seed to be an integer; received 1.5 \(\/project\/nb\.md line 4\)/,
    );
    expect(() => parseNotebook('---\ncode: folded\n---\n')).toThrow(/\(the notebook line 2\)/);
  });
});

describe('parseNotebook rows', () => {
  it('parseNotebook reads rows from the front matter and rejects a non-positive one', () => {
    expect(parseNotebook('---\ntitle: T\nrows: 40\n---\n').frontMatter.rows).toBe(40);
    expect(parseNotebook('---\ntitle: T\n---\n').frontMatter.rows).toBe(10);
    expect(() => parseNotebook('---\ntitle: T\nrows: 0\n---\n')).toThrow(
      /rows to be an integer from 1 to 10000; received 0/,
    );
  });
});
