import { InvalidArgumentError } from '@muster/core/errors';
import type { CellOptions } from '../types.ts';
import { yaml } from './lazy-modules.ts';

/** An option line: `//|` (`--|` in a sql cell) then a space (or nothing) and YAML. */
const OPTION_LINES = {
  ts: /^\s*\/\/\|(?: |$)(.*)$/,
  sql: /^\s*--\|(?: |$)(.*)$/,
};
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Words that cannot name a notebook value. */
const RESERVED = new Set(
  (
    'await break case catch class const continue debugger default delete do else enum eval export ' +
    'extends false finally for function if implements import in instanceof interface let new null ' +
    'package private protected public return static super switch this throw true try typeof ' +
    'undefined var void while with yield arguments'
  ).split(' '),
);
const LABEL = /^[A-Za-z][\w-]*$/;
const KNOWN = [
  'label',
  'fig-cap',
  'fig-alt',
  'fig-width',
  'fig-height',
  'tbl-cap',
  'echo',
  'eval',
  'output',
  'timeout',
  'name',
] as const;

/** The options of a cell that sets none. */
export const DEFAULT_CELL_OPTIONS: CellOptions = {
  label: null,
  figCap: null,
  figAlt: null,
  figWidth: null,
  figHeight: null,
  tblCap: null,
  echo: null,
  eval: true,
  output: true,
  timeout: null,
  name: null,
};

/**
 * Read Quarto-style options from the top of a cell: the leading lines that start with `//|`
 * (`--|` in a sql cell), together one YAML mapping. Contract: `lines` are the cell's source lines,
 * `firstLine` the notebook line of `lines[0]`, `where` names the file for messages, `language`
 * the cell's. Returns the options and how many lines they took.
 */
export function readCellOptions(
  lines: string[],
  firstLine: number,
  where: string,
  language: 'ts' | 'sql' = 'ts',
): { options: CellOptions; count: number } {
  const OPTION_LINE = OPTION_LINES[language];
  let count = 0;
  while (count < lines.length && OPTION_LINE.test(lines[count])) count += 1;
  if (count === 0) return { options: { ...DEFAULT_CELL_OPTIONS }, count };
  const yamlLines = lines.slice(0, count).map((line) => OPTION_LINE.exec(line)![1]);
  const { isMap, isScalar, parseDocument } = yaml();
  const document = parseDocument(yamlLines.join('\n'), { prettyErrors: false });
  const at = (yamlLine: number) => `${where} line ${firstLine + yamlLine - 1}`;
  if (document.errors.length > 0) {
    const error = document.errors[0];
    const line = error.linePos?.[0]?.line ?? 1;
    throw new InvalidArgumentError(
      'cell options',
      `parseNotebook requires cell options to be YAML (key: value); ${at(line)}: ${error.message.split('\n')[0]}`,
    );
  }
  if (!isMap(document.contents)) {
    throw new InvalidArgumentError(
      'cell options',
      `parseNotebook requires cell options to be key: value lines; ${at(1)} reads ${JSON.stringify(yamlLines[0])}`,
    );
  }
  const options: CellOptions = { ...DEFAULT_CELL_OPTIONS };
  const text = yamlLines.join('\n');
  for (const pair of document.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const offset = isScalar(pair.key) && pair.key.range ? pair.key.range[0] : 0;
    const line = text.slice(0, offset).split('\n').length;
    const value: unknown = isScalar(pair.value)
      ? pair.value.value
      : (pair.value as { toJSON?: () => unknown } | null)?.toJSON?.();
    if (key === 'name' && language !== 'sql') {
      throw new InvalidArgumentError(
        key,
        `parseNotebook knows the cell option name only in sql cells (${at(line)}); a ts cell names its values with const`,
      );
    }
    setOption(options, key, value, at(line));
  }
  return { options, count };
}

function setOption(options: CellOptions, key: string, value: unknown, where: string): void {
  const fail = (requirement: string): never => {
    throw new InvalidArgumentError(
      key,
      `parseNotebook requires the cell option ${key} to be ${requirement}; ${where} sets ${JSON.stringify(value)}`,
    );
  };
  const text = () =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : fail('text');
  const flag = () => (typeof value === 'boolean' ? value : fail('true or false'));
  const positive = () =>
    typeof value === 'number' && Number.isFinite(value) && value > 0
      ? value
      : fail('a positive number');
  switch (key as (typeof KNOWN)[number]) {
    case 'label':
      options.label =
        typeof value === 'string' && LABEL.test(value)
          ? value
          : fail('a label such as fig-km or tbl-models (letters, digits, - and _)');
      return;
    case 'fig-cap':
      options.figCap = text();
      return;
    case 'fig-alt':
      options.figAlt = text();
      return;
    case 'fig-width':
      options.figWidth = positive();
      return;
    case 'fig-height':
      options.figHeight = positive();
      return;
    case 'tbl-cap':
      options.tblCap = text();
      return;
    case 'echo':
      options.echo = flag();
      return;
    case 'eval':
      options.eval = flag();
      return;
    case 'output':
      options.output = flag();
      return;
    case 'timeout':
      options.timeout = positive();
      return;
    case 'name':
      options.name =
        typeof value === 'string' && IDENTIFIER.test(value) && !RESERVED.has(value)
          ? value
          : fail('a name a later cell can use, such as panel (letters, digits, _ and $)');
      return;
    default:
      throw new InvalidArgumentError(
        key,
        `parseNotebook does not know the cell option ${JSON.stringify(key)} (${where}); known options: ${KNOWN.join(', ')}`,
      );
  }
}
