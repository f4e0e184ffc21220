import { InvalidArgumentError, MusterError } from '@muster/core/errors';
import { readCellOptions } from './internal/cell-options.ts';
import { sha256 } from './internal/hash.ts';
import { yaml } from './internal/lazy-modules.ts';
import { scanInline } from './internal/scan-inline.ts';
import type {
  CodeCell,
  CodeDisplay,
  Notebook,
  NotebookFrontMatter,
  ParameterValue,
  ProseBlock,
} from './types.ts';

const CELL_LANGUAGES = new Map<string, 'ts' | 'sql'>([
  ['ts', 'ts'],
  ['typescript', 'ts'],
  ['sql', 'sql'],
]);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Seconds a cell may run by default (10 minutes). */
const DEFAULT_TIMEOUT = 600;
/** Megabytes of heap cells may use by default. */
const DEFAULT_MEMORY = 4096;
/** Largest `timeout` (seconds, one week) and `memory` (megabytes, 1 TB) the front matter may set. */
const LIMITS = { timeout: 604_800, memory: 1_048_576 };

/**
 * Parse a notebook: YAML front matter, Markdown prose with inline `${expression}`s, and fenced
 * `ts` cells. Nothing is run.
 *
 * The front matter (between `---` lines at the top) may hold `title`, `author`, `date`,
 * `parameters` (name: default, or name: { default, description }), `seed` (an integer, default 1),
 * `inputs` (files relative to the notebook) and `code` (`show`, `fold` or `hide`). A fence whose
 * info string starts with `ts` or `typescript` is a TypeScript cell, one with `sql` a SQL cell; any
 * other fence stays prose.
 * See docs/notebook-format.md.
 *
 * @param source - The notebook's bytes or text (UTF-8).
 * @param options - `path`: absolute path of the notebook file (sets the default title and is kept on
 *   the result).
 * @returns The parsed notebook, with the SHA-256 of its bytes.
 * @throws MusterError when the front matter is not valid YAML, a field has the wrong type, a `ts`
 *   or `sql` fence or an inline expression is not closed.
 * @example
 * ```ts
 * const notebook = parseNotebook('---\ntitle: T\n---\nText ${1 + 1}.\n\n```ts\nconst x = 2;\n```\n');
 * notebook.blocks.map((block) => block.kind);
 * // => ['prose', 'code']
 * ```
 */
export function parseNotebook(
  source: string | Uint8Array,
  options: { path?: string } = {},
): Notebook {
  const bytes = typeof source === 'string' ? Buffer.from(source, 'utf8') : source;
  let text = typeof source === 'string' ? source : Buffer.from(source).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.replace(/\r\n?/g, '\n');
  const lines = text.split('\n');

  let bodyStart = 0;
  let yamlText: string | null = null;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex(
      (line, index) => index > 0 && (line.trim() === '---' || line.trim() === '...'),
    );
    if (end === -1)
      throw new MusterError('parseNotebook requires the front matter to end with a --- line');
    yamlText = lines.slice(1, end).join('\n');
    bodyStart = end + 1;
  }
  const fallbackTitle = options.path ? basenameWithoutExtension(options.path) : 'Untitled notebook';
  const where = options.path ?? 'the notebook';
  const frontMatter = parseFrontMatter(yamlText, fallbackTitle, where);

  const blocks: (ProseBlock | CodeCell)[] = [];
  let prose: string[] = [];
  let proseStart = bodyStart + 1;
  let cellCount = 0;
  let inlineCount = 0;
  const flushProse = () => {
    const markdown = prose.join('\n');
    if (markdown.trim() !== '') {
      const scanned = scanInline(markdown, inlineCount + 1, proseStart);
      const inlines = scanned.inlines.map((inline, index) => ({
        kind: 'inline' as const,
        inline: inlineCount + index + 1,
        source: inline.source,
        line: proseStart + inline.lineOffset,
      }));
      inlineCount += inlines.length;
      blocks.push({ kind: 'prose', markdown: scanned.markdown, line: proseStart, inlines });
    }
    prose = [];
  };

  let fence: string | null = null;
  for (let index = bodyStart; index < lines.length; index += 1) {
    const line = lines[index];
    const open = /^ {0,3}(`{3,}|~{3,})\s*([^\s`{]*)/.exec(line);
    if (fence !== null) {
      if (
        open &&
        open[1][0] === fence[0] &&
        open[1].length >= fence.length &&
        line.trim() === open[1]
      )
        fence = null;
      prose.push(line);
      continue;
    }
    const language = open ? CELL_LANGUAGES.get(open[2].toLowerCase()) : undefined;
    if (open && language !== undefined) {
      const marker = open[1];
      let close = -1;
      for (let j = index + 1; j < lines.length; j += 1) {
        const candidate = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[j]);
        if (candidate && candidate[1][0] === marker[0] && candidate[1].length >= marker.length) {
          close = j;
          break;
        }
      }
      if (close === -1) {
        throw new MusterError(
          `parseNotebook requires every ${language} cell to be closed; the fence on line ${index + 1} is not`,
        );
      }
      flushProse();
      cellCount += 1;
      const cellLines = lines.slice(index + 1, close);
      const { options: cellOptions, count } = readCellOptions(
        cellLines,
        index + 2,
        where,
        language,
      );
      blocks.push({
        kind: 'code',
        cell: cellCount,
        language,
        source: cellLines.join('\n'),
        line: index + 2,
        options: cellOptions,
        optionLines: count,
      });
      index = close;
      proseStart = close + 2;
      continue;
    }
    if (open) fence = open[1];
    if (prose.length === 0) proseStart = index + 1;
    prose.push(line);
  }
  flushProse();
  refuseDuplicateLabels(blocks, where);

  return { path: options.path ?? null, sha256: sha256(bytes), frontMatter, blocks };
}

function basenameWithoutExtension(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return base.replace(/\.[^.]*$/, '');
}

/**
 * The front matter's fields, with defaults. Errors name the file and the line (the YAML starts on
 * line 2 of the notebook, after the opening `---`).
 */
function parseFrontMatter(
  yamlText: string | null,
  fallbackTitle: string,
  where: string,
): NotebookFrontMatter {
  const result: NotebookFrontMatter = {
    title: fallbackTitle,
    author: null,
    date: null,
    parameters: {},
    parameterDescriptions: {},
    seed: 1,
    inputs: [],
    code: 'fold',
    rows: 10,
    bibliography: [],
    csl: null,
    timeout: DEFAULT_TIMEOUT,
    memory: DEFAULT_MEMORY,
  };
  if (yamlText === null || yamlText.trim() === '') return result;
  const { isMap, isScalar, parseDocument } = yaml();
  const document = parseDocument(yamlText, { prettyErrors: false });
  if (document.errors.length > 0) {
    const error = document.errors[0];
    const line = (error.linePos?.[0]?.line ?? 1) + 1;
    throw new MusterError(
      `parseNotebook requires valid YAML front matter; ${where} line ${line}: ${error.message.split('\n')[0]}`,
    );
  }
  const keyLines = new Map<string, number>();
  if (isMap(document.contents)) {
    for (const pair of document.contents.items) {
      if (!isScalar(pair.key) || !pair.key.range) continue;
      keyLines.set(
        String(pair.key.value),
        yamlText.slice(0, pair.key.range[0]).split('\n').length + 1,
      );
    }
  }
  let data: Record<string, unknown> | null;
  try {
    data = document.toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null;
  } catch (error) {
    // yaml refuses alias chains that would expand without bound (a "billion laughs" document).
    throw new MusterError(
      `parseNotebook requires front matter without runaway aliases; ${(error as Error).message}`,
    );
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new MusterError('parseNotebook requires the front matter to be a YAML mapping');
  }
  for (const [key, value] of Object.entries(data)) {
    try {
      readField(result, key, value);
    } catch (error) {
      if (!(error instanceof InvalidArgumentError)) throw error;
      throw new InvalidArgumentError(
        error.argument,
        `${error.message} (${where} line ${keyLines.get(key) ?? 2})`,
      );
    }
  }
  addResourceInputs(result);
  return result;
}

function readField(result: NotebookFrontMatter, key: string, value: unknown): void {
  switch (key) {
    case 'title':
    case 'author':
    case 'date': {
      if (value === null) break;
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new InvalidArgumentError(
          key,
          `parseNotebook requires ${key} to be text; received ${JSON.stringify(value)}`,
        );
      }
      result[key] = String(value);
      break;
    }
    case 'seed': {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw new InvalidArgumentError(
          'seed',
          `parseNotebook requires seed to be an integer; received ${JSON.stringify(value)}`,
        );
      }
      result.seed = value;
      break;
    }
    case 'timeout':
    case 'memory': {
      result[key] = positiveLimit(key, value);
      break;
    }
    case 'rows': {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 10_000) {
        throw new InvalidArgumentError(
          'rows',
          `parseNotebook requires rows to be an integer from 1 to 10000; received ${JSON.stringify(value)}`,
        );
      }
      result.rows = value;
      break;
    }
    case 'inputs': {
      const list = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
        throw new InvalidArgumentError(
          'inputs',
          `parseNotebook requires inputs to be a list of file paths; received ${JSON.stringify(value)}`,
        );
      }
      result.inputs = list as string[];
      break;
    }
    case 'bibliography': {
      const list = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
        throw new InvalidArgumentError(
          'bibliography',
          `parseNotebook requires bibliography to be a BibTeX file or a list of them; received ${JSON.stringify(value)}`,
        );
      }
      result.bibliography = list as string[];
      break;
    }
    case 'csl': {
      if (typeof value !== 'string' || value.trim() === '') {
        throw new InvalidArgumentError(
          'csl',
          `parseNotebook requires csl to be a style name (apa, vancouver, harvard1) or a CSL file; received ${JSON.stringify(value)}`,
        );
      }
      result.csl = value;
      break;
    }
    case 'code': {
      if (value !== 'show' && value !== 'fold' && value !== 'hide') {
        throw new InvalidArgumentError(
          'code',
          `parseNotebook requires code to be show, fold or hide; received ${JSON.stringify(value)}`,
        );
      }
      result.code = value as CodeDisplay;
      break;
    }
    case 'parameters': {
      if (value === null) break;
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw new InvalidArgumentError(
          'parameters',
          'parseNotebook requires parameters to be a mapping of name to default value',
        );
      }
      for (const [name, spec] of Object.entries(value as Record<string, unknown>)) {
        if (!IDENTIFIER.test(name)) {
          throw new InvalidArgumentError(
            'parameters',
            `parseNotebook requires parameter names to be identifiers; received ${JSON.stringify(name)}`,
          );
        }
        let defaultValue: unknown = spec;
        if (spec !== null && typeof spec === 'object' && !Array.isArray(spec)) {
          const record = spec as Record<string, unknown>;
          defaultValue = record.default ?? null;
          if (typeof record.description === 'string')
            result.parameterDescriptions[name] = record.description;
        }
        if (!isParameterValue(defaultValue)) {
          throw new InvalidArgumentError(
            name,
            `parseNotebook requires parameter ${name} to default to a number, string, boolean or null; received ${JSON.stringify(defaultValue)}`,
          );
        }
        result.parameters[name] = defaultValue;
      }
      break;
    }
    default:
      // Unknown keys are allowed (other tools' front matter); they do not change the run.
      break;
  }
}

function positiveLimit(key: 'timeout' | 'memory', value: unknown): number {
  const unit = key === 'timeout' ? 'seconds' : 'megabytes';
  if (typeof value !== 'number' || !(value > 0) || value > LIMITS[key]) {
    throw new InvalidArgumentError(
      key,
      `parseNotebook requires ${key} to be a number of ${unit} above 0 and at most ${LIMITS[key]}; received ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function isParameterValue(value: unknown): value is ParameterValue {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

const BUILT_IN_STYLES = new Set(['apa', 'vancouver', 'harvard1']);

/** Bibliography and CSL files shape the report: list them among the inputs the manifest hashes. */
function addResourceInputs(result: NotebookFrontMatter): void {
  const files = [...result.bibliography];
  if (result.csl !== null && !BUILT_IN_STYLES.has(result.csl)) files.push(result.csl);
  for (const file of files) if (!result.inputs.includes(file)) result.inputs.push(file);
}

/** Two cells with one label would make `@label` ambiguous: refuse the second, with its line. */
function refuseDuplicateLabels(blocks: (ProseBlock | CodeCell)[], where: string): void {
  const seen = new Map<string, number>();
  for (const block of blocks) {
    if (block.kind !== 'code' || block.options.label === null) continue;
    const first = seen.get(block.options.label);
    if (first !== undefined) {
      throw new InvalidArgumentError(
        'label',
        `parseNotebook requires cell labels to be unique; ${JSON.stringify(block.options.label)} labels the cells on ${where} lines ${first} and ${block.line}`,
      );
    }
    seen.set(block.options.label, block.line);
  }
}
