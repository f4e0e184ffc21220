/**
 * Lexical reading of a sql cell's text: the names it mentions (candidate notebook tables) and the
 * data files its string literals name. No SQL parser: quotes and comments are skipped, the rest is
 * split into words, which over-approximates the tables a query uses (never misses one by name).
 */

/** A string literal in SQL: its text, where it stands and its 1-based line. */
export interface SqlLiteral {
  value: string;
  start: number;
  end: number;
  line: number;
}

/** Words that are not JavaScript names (they cannot be a notebook value). */
const NOT_NAMES = new Set(
  (
    'await break case catch class const continue debugger default delete do else enum eval export ' +
    'extends false finally for function if implements import in instanceof interface let new null ' +
    'package private protected public return static super switch this throw true try typeof ' +
    'undefined var void while with yield arguments'
  ).split(' '),
);
const WORD = /^[A-Za-z_$][\w$]*$/;
/** Data files DuckDB reads from a path literal. */
export const DATA_FILE = /\.(?:parquet|csv|tsv|txt|json|ndjson|jsonl)(?:\.(?:gz|zst))?$/i;

interface Token {
  kind: 'word' | 'quoted' | 'literal';
  value: string;
  start: number;
  end: number;
}

/** Words, double-quoted identifiers and single-quoted literals of a SQL text, comments skipped. */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let value = '';
      for (;;) {
        const close = text.indexOf(c, j);
        if (close === -1) {
          value += text.slice(j);
          j = text.length;
          break;
        }
        value += text.slice(j, close);
        if (text[close + 1] === c) {
          value += c;
          j = close + 2;
          continue;
        }
        j = close + 1;
        break;
      }
      out.push({ kind: c === "'" ? 'literal' : 'quoted', value, start: i, end: j });
      i = j;
    } else if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[\w$]/.test(text[j]!)) j++;
      out.push({ kind: 'word', value: text.slice(i, j), start: i, end: j });
      i = j;
    } else {
      i++;
    }
  }
  return out;
}

/** The names a SQL text mentions that could be notebook values (sorted, unique). */
export function sqlNames(text: string): string[] {
  const names = new Set<string>();
  for (const token of tokens(text)) {
    if (token.kind === 'literal') continue;
    if (WORD.test(token.value) && !NOT_NAMES.has(token.value) && !token.value.startsWith('__'))
      names.add(token.value);
  }
  return [...names].sort();
}

/** The single-quoted literals of a SQL text that name data files (`'data/panel.parquet'`). */
export function fileLiterals(text: string): SqlLiteral[] {
  return tokens(text)
    .filter(
      (t) => t.kind === 'literal' && DATA_FILE.test(t.value.trim()) && !t.value.includes('://'),
    )
    .map((t) => ({
      value: t.value,
      start: t.start,
      end: t.end,
      line: text.slice(0, t.start).split('\n').length,
    }));
}

/**
 * The TypeScript a sql cell runs as: a call to the injected runner with the query (option lines
 * left out), the line the query starts on, and the notebook values of the names it mentions
 * (`typeof` guards names no cell declared), bound to the cell's `name` when it has one.
 */
export function sqlCellProgram(source: string, optionLines: number, name: string | null): string {
  const query = source.split('\n').slice(optionLines).join('\n');
  const tables = sqlNames(query)
    .filter((word) => word !== name)
    .map((word) => `${word}: typeof ${word} === 'undefined' ? undefined : ${word}`);
  const call = `await ${SQL_RUNNER}(${JSON.stringify(query)}, ${optionLines}, { ${tables.join(', ')} })`;
  return name === null ? `${call};\n` : `const ${name} = ${call};\n${name};\n`;
}

/** The name the runner of sql cells has in the notebook's scope. */
export const SQL_RUNNER = '__muster_sql';
