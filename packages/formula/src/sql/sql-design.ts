/**
 * The model of a fit on a SQL source, as SQL: the row filter (R's na.omit), one expression per
 * design column, the response (a column, a two-level factor, or `Surv()`), weights, offset,
 * strata and cluster keys.
 *
 * The layout of the design (terms, columns, their names and order, factor levels and contrasts)
 * is the in-memory one: a small sample of complete rows holding every level of every factor (one
 * row per level, chosen by a window function) goes through @muster/formula's `designMatrix`, and
 * its `DesignSpec` is translated column by column into SQL. Levels are therefore ordered, dropped
 * when unused and coded exactly as in memory, and the column names are R's.
 */
import { DataError, FormulaError, InvalidArgumentError, type SqlSource } from '@muster/core';
import { designMatrix } from '../design-matrix.ts';
import { modelFrame } from '../model-frame.ts';
import { parseFormula } from '../parse-formula.ts';
import type { DesignMatrix, DesignSpec, FormulaNode } from '../types.ts';
import {
  type ColumnKind,
  columnsOf,
  type ExpressionContext,
  isLogicalNode,
  logicalSql,
  nodeText,
  numericSql,
  type SqlExpression,
} from './sql-expression.ts';
import { doubleColumn, sqlNumber, sqlQuoteIdentifier, sqlStringLiteral } from './sql-text.ts';

/** Options of {@link sqlDesign}: the columns a fit reads besides the formula's. */
export interface SqlDesignOptions {
  /** The public function, for messages. */
  caller: string;
  /** Column of case or prior weights (rows where it is missing are dropped). */
  weights?: string;
  /** Offset column (rows where it is missing are dropped). */
  offset?: string;
  /** Cluster columns (a missing id is for the caller to refuse). */
  cluster?: string[];
  /** Level order of text columns, first level the reference. */
  levels?: Record<string, string[]>;
  /** R's drop.unused.levels (glm: true; coxph: false, every level found keeps its column). */
  dropUnusedLevels?: boolean;
  /** Accept a `Surv()` response (survival models) instead of a single column. */
  survival?: boolean;
}

/** The model as SQL, and the in-memory layout it follows. */
export interface SqlDesign {
  source: SqlSource;
  /** Complete-case filter (R's na.omit over the model's variables, weights and offset). */
  where: string;
  /** One DOUBLE expression per design column. */
  x: string[];
  /** The response as DOUBLE (a factor response: 0 for its first level, 1 otherwise; '' for Surv). */
  y: string;
  /** The response as the formula has it, for messages. */
  responseName: string;
  responseKind: 'numeric' | 'factor' | 'surv';
  /** A `Surv()` response: time (stop), start (or null) as DOUBLE, and the raw status expression. */
  surv: { time: string; start: string | null; status: string; statusKind: ColumnKind } | null;
  /**
   * `strata()` terms: the key columns, the in-memory labels of their combinations (as the layout
   * names them) keyed by `JSON.stringify` of the columns' values.
   */
  strata: { keys: string[]; levels: string[]; labelOf: Map<string, string> } | null;
  /** The response's levels (factor response), first level the failure. */
  responseLevels: string[] | null;
  weights: string | null;
  offset: string | null;
  /** Cluster keys (one expression per dimension) and their label. */
  cluster: { keys: string[]; label: string } | null;
  /** Conditions that make a design value infinite (refused when any row meets one). */
  nonFinite: { term: string; condition: string }[];
  /** The layout of the design, from the sample of complete rows. */
  layout: DesignMatrix;
}

function isFactorCall(node: FormulaNode): node is FormulaNode & { type: 'call' } {
  return (
    node.type === 'call' &&
    (node.name === 'factor' || node.name === 'as.factor') &&
    node.args.length === 1 &&
    node.args[0].name === null
  );
}

/** The raw column a factor variable reads, or null for a logical expression (or neither). */
function factorColumn(node: FormulaNode, kinds: ReadonlyMap<string, ColumnKind>): string | null {
  if (node.type === 'paren') return factorColumn(node.expression, kinds);
  if (node.type === 'name' && kinds.get(node.name) !== 'numeric') return node.name;
  if (isFactorCall(node)) {
    const inner = node.args[0].value;
    if (inner.type === 'name') return inner.name;
  }
  return null;
}

/** Leaves of the formula's right-hand side: its variables, offset() and cluster() terms. */
function formulaLeaves(
  node: FormulaNode,
  formula: string,
  caller: string,
  out: FormulaNode[],
): void {
  switch (node.type) {
    case 'binary':
      if (['+', '*', ':', '/', '^', '%in%', '-'].includes(node.operator)) {
        formulaLeaves(node.left, formula, caller, out);
        if (node.operator !== '^') formulaLeaves(node.right, formula, caller, out);
        return;
      }
      out.push(node);
      return;
    case 'unary':
      if (node.operator === '!') out.push(node);
      else formulaLeaves(node.operand, formula, caller, out);
      return;
    case 'paren':
      formulaLeaves(node.expression, formula, caller, out);
      return;
    case 'number':
      return;
    case 'dot':
      throw new FormulaError(
        formula,
        node.position,
        `${caller} on a SQL source requires the variables to be named; '.' is not expanded`,
      );
    default:
      out.push(node);
  }
}

/** The kinds of the columns, from their first non-missing value; unknown columns are refused. */
async function columnKinds(
  source: SqlSource,
  columns: string[],
  formula: string,
  caller: string,
): Promise<Map<string, ColumnKind>> {
  const first = await source.query(`SELECT * FROM ${source.relation} LIMIT 1`);
  if (first.length === 0) {
    throw new DataError(
      `${caller} requires at least one row; the SQL source ${source.relation} has none`,
    );
  }
  const present = new Set(Object.keys(first[0]));
  for (const column of columns) {
    if (!present.has(column)) {
      const at = formula.indexOf(column);
      throw new FormulaError(
        formula,
        Math.max(0, at),
        `${caller} requires the column '${column}' in the SQL source; it has ${[...present].join(', ')}`,
      );
    }
  }
  if (columns.length === 0) return new Map();
  const probes = columns.map(
    (c, i) =>
      `(SELECT ${sqlQuoteIdentifier(c)} FROM ${source.relation} WHERE ${sqlQuoteIdentifier(c)} IS NOT NULL LIMIT 1) AS c${i}`,
  );
  const [row] = await source.query(`SELECT ${probes.join(', ')}`);
  const kinds = new Map<string, ColumnKind>();
  columns.forEach((c, i) => {
    const v = row[`c${i}`];
    if (typeof v === 'string') kinds.set(c, 'text');
    else if (typeof v === 'boolean') kinds.set(c, 'boolean');
    else if (v === null || typeof v === 'number' || typeof v === 'bigint') kinds.set(c, 'numeric');
    else {
      throw new DataError(
        `${caller} requires numeric, text or boolean columns; column '${c}' holds ${Object.prototype.toString.call(v)}`,
        { column: c },
      );
    }
  });
  return kinds;
}

function notMissing(column: string, kind: ColumnKind): string {
  const q = sqlQuoteIdentifier(column);
  return kind === 'text' ? `${q} IS NOT NULL AND ${q} <> ''` : `${q} IS NOT NULL`;
}

/**
 * Two complete rows, and one row per level of each factor: among the complete rows, or (levels
 * kept when unused) among the rows where the factor is present, a complete one first (so that a
 * level of the fitted rows maps to its values, and one found only in incomplete rows keeps its
 * column, empty, as in memory).
 */
async function sampleRows(
  source: SqlSource,
  columns: string[],
  where: string,
  keys: { key: string; present: string }[],
  dropUnusedLevels: boolean,
): Promise<Record<string, unknown>[]> {
  const list = columns.map(sqlQuoteIdentifier).join(', ');
  const parts = [
    `SELECT ${list} FROM (SELECT ${list}, ROW_NUMBER() OVER () AS muster_rn FROM ${source.relation} WHERE ${where}) muster_t WHERE muster_rn <= 2`,
    ...keys.map(
      ({ key, present }) =>
        `SELECT ${list} FROM (SELECT ${list}, ROW_NUMBER() OVER (PARTITION BY ${key}${dropUnusedLevels ? '' : ` ORDER BY CASE WHEN ${where} THEN 0 ELSE 1 END`}) AS muster_rn FROM ${source.relation} WHERE ${dropUnusedLevels ? where : present}) muster_t WHERE muster_rn = 1`,
    ),
  ];
  const rows = await source.query(parts.join(' UNION ALL '));
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v;
    return out;
  });
}

function valueLiteral(value: unknown): string {
  if (typeof value === 'string') return sqlStringLiteral(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return sqlNumber(Number(value));
}

/**
 * For each level of a factor variable, the SQL condition of its rows: the raw values of its
 * column that the sample coded as that level, or the logical expression (TRUE / FALSE).
 */
function levelConditions(
  node: FormulaNode,
  levels: string[],
  frameVariable: { codes: Int32Array } | undefined,
  frameRows: Int32Array,
  rows: Record<string, unknown>[],
  context: ExpressionContext,
): string[] {
  const column = factorColumn(node, context.kinds);
  if (column === null) {
    if (!isLogicalNode(node)) {
      throw new FormulaError(
        context.formula,
        node.position,
        `${context.caller} on a SQL source cannot translate the factor '${context.term}' to SQL; use a column, factor(column) or a comparison`,
      );
    }
    const p = logicalSql(node, context).sql;
    return levels.map((level) => (level === 'TRUE' ? p : `(NOT ${p})`));
  }
  const byLevel = levels.map(() => new Set<unknown>());
  if (frameVariable !== undefined) {
    frameRows.forEach((row, r) => {
      const code = frameVariable.codes[r];
      if (code >= 0) byLevel[code].add(rows[row][column]);
    });
  }
  const kind = context.kinds.get(column);
  const key = kind === 'numeric' ? doubleColumn(column) : sqlQuoteIdentifier(column);
  return byLevel.map((values) =>
    values.size === 0 ? 'FALSE' : `${key} IN (${[...values].map(valueLiteral).join(', ')})`,
  );
}

/** The design columns as SQL, in the layout's order; checked against its column names. */
function designColumns(
  spec: DesignSpec,
  layout: DesignMatrix,
  variableSql: { numeric: SqlExpression | null; levels: string[] | null }[],
  caller: string,
): string[] {
  const columns: string[] = [];
  const names: string[] = [];
  if (spec.intercept) {
    columns.push('1e+0');
    names.push('(Intercept)');
  }
  for (const term of spec.terms) {
    if (term.variables.length === 0) continue;
    const widths = term.variables.map((v, p) => {
      const variable = spec.variables[v];
      if (variable.kind === 'numeric') return 1;
      return term.coding[p] === 1 ? variable.levels.length - 1 : variable.levels.length;
    });
    const count = widths.reduce((a, b) => a * b, 1);
    for (let kk = 0; kk < count; kk++) {
      let index = kk;
      const conditions: string[] = [];
      const factors: string[] = [];
      const parts: string[] = [];
      term.variables.forEach((v, p) => {
        const variable = spec.variables[v];
        const width = widths[p];
        if (variable.kind === 'factor') {
          const level = term.coding[p] === 1 ? (index % width) + 1 : index % width;
          conditions.push((variableSql[v].levels as string[])[level]);
          parts.push(variable.name + variable.levels[level]);
        } else {
          factors.push((variableSql[v].numeric as SqlExpression).sql);
          parts.push(variable.name);
        }
        index = Math.floor(index / width);
      });
      const product = factors.length === 0 ? '1e+0' : factors.join(' * ');
      columns.push(
        conditions.length === 0
          ? product
          : `(CASE WHEN ${conditions.join(' AND ')} THEN ${product} ELSE 0e+0 END)`,
      );
      names.push(parts.join(':'));
    }
  }
  if (names.length !== layout.columns.length || names.some((n, j) => n !== layout.columns[j])) {
    throw new InvalidArgumentError(
      'formula',
      `${caller} on a SQL source could not lay out the columns ${layout.columns.join(', ')}; built ${names.join(', ')}`,
    );
  }
  return columns;
}

function isSpecial(node: FormulaNode, name: string): boolean {
  return node.type === 'call' && node.name === name;
}

type CallNode = FormulaNode & { type: 'call' };

/** The raw columns of a strata() or cluster() term (names, or factor(name)). */
function specialColumns(
  node: FormulaNode & { type: 'call' },
  formula: string,
  caller: string,
): string[] {
  return node.args.map((a) => {
    const v = a.value.type === 'call' && isFactorCall(a.value) ? a.value.args[0].value : a.value;
    if (a.name !== null || v.type !== 'name') {
      throw new FormulaError(
        formula,
        a.value.position,
        `${caller} on a SQL source requires ${node.name}() of columns; received ${nodeText(a.value)}`,
      );
    }
    return v.name;
  });
}

/** The response: a numeric expression, a factor (0/1), or Surv(). */
function responseSql(
  lhs: FormulaNode,
  frame: ReturnType<typeof modelFrame>,
  rows: Record<string, unknown>[],
  context: (term: string) => ExpressionContext,
): Pick<SqlDesign, 'y' | 'responseName' | 'responseKind' | 'responseLevels' | 'surv'> {
  const response = frame.response;
  if (isSpecial(lhs, 'Surv')) {
    const ctx = context(nodeText(lhs));
    const args = (lhs as CallNode).args.map((a) => a.value);
    const statusNode = args[args.length - 1];
    const time = numericSql(args[args.length - 2], ctx).sql;
    const start = args.length === 3 ? numericSql(args[0], ctx).sql : null;
    const statusKind =
      statusNode.type === 'name' ? (ctx.kinds.get(statusNode.name) ?? 'numeric') : 'numeric';
    const status =
      statusKind === 'boolean' ? logicalSql(statusNode, ctx).sql : numericSql(statusNode, ctx).sql;
    return {
      y: '',
      responseName: nodeText(lhs),
      responseKind: 'surv',
      responseLevels: null,
      surv: { time, start, status, statusKind },
    };
  }
  if (response !== null && response.kind === 'factor') {
    const conditions = levelConditions(
      lhs,
      response.levels,
      { codes: response.codes },
      frame.rows,
      rows,
      context(response.name),
    );
    return {
      y: `(CASE WHEN ${conditions[0]} THEN 0e+0 ELSE 1e+0 END)`,
      responseName: response.name,
      responseKind: 'factor',
      responseLevels: response.levels,
      surv: null,
    };
  }
  const name = nodeText(lhs);
  return {
    y: numericSql(lhs, context(name)).sql,
    responseName: name,
    responseKind: 'numeric',
    responseLevels: null,
    surv: null,
  };
}

/** Labels of the strata combinations, from the layout of the sample. */
function strataLabels(
  layout: DesignMatrix,
  columns: string[],
  rows: Record<string, unknown>[],
): Map<string, string> {
  const labelOf = new Map<string, string>();
  const strata = layout.strata;
  if (strata === null) return labelOf;
  layout.rows.forEach((row, r) => {
    const code = strata.codes[r];
    if (code < 0) return;
    labelOf.set(JSON.stringify(columns.map((c) => rows[row][c])), strata.levels[code]);
  });
  return labelOf;
}

/**
 * Build the SQL form of `formula` over `source`: the row filter, one DOUBLE expression per design
 * column (the intercept included, as `designMatrix` lays it out), the response, weights, offset,
 * strata and cluster keys. Sends three small queries (the columns, their kinds, a sample of one
 * row per factor level); the data are not read.
 *
 * @param formula - An R model formula; variables are columns, translated transformations
 *   (`log`, `sqrt`, `exp`, `abs`, `I()` arithmetic, comparisons), `factor()`, `offset()`,
 *   `strata()` and `cluster()` of columns.
 * @param source - The table in the SQL engine.
 * @param options - See {@link SqlDesignOptions}.
 * @returns The SQL pieces and the in-memory layout (`layout.columns`, `layout.spec`) they follow.
 * @throws FormulaError naming a term that cannot be written in SQL or a column the source lacks;
 *   DataError when no row is complete.
 * @example
 * ```ts
 * const source = {
 *   kind: 'sql-source' as const,
 *   dialect: 'duckdb' as const,
 *   relation: 'panel',
 *   async query(sql: string) {
 *     if (sql.includes('LIMIT 1) AS c0')) return [{ c0: 1, c1: 2.5, c2: 'a' }];
 *     if (sql.includes('UNION ALL')) return [{ y: 1, x: 2.5, g: 'a' }, { y: 0, x: 1, g: 'b' }];
 *     return [{ y: 1, x: 2.5, g: 'a' }];
 *   },
 * };
 * const design = await sqlDesign('y ~ log(x) + g', source, { caller: 'example' });
 * design.layout.columns;
 * // => ['(Intercept)', 'log(x)', 'gb']
 * design.x[2];
 * // => '(CASE WHEN "g" IN (\'b\') THEN 1e+0 ELSE 0e+0 END)'
 * ```
 */
export async function sqlDesign(
  formula: string,
  source: SqlSource,
  options: SqlDesignOptions,
): Promise<SqlDesign> {
  const { caller } = options;
  const dropUnusedLevels = options.dropUnusedLevels ?? true;
  const parsed = parseFormula(formula);
  if (parsed.lhs === null) {
    throw new FormulaError(formula, 0, `${caller} requires a formula with a response (y ~ ...)`);
  }
  const lhs = parsed.lhs;
  const surv = isSpecial(lhs, 'Surv');
  if (isSpecial(lhs, 'cbind') || (surv && options.survival !== true)) {
    throw new FormulaError(
      formula,
      lhs.position,
      `${caller} on a SQL source requires a single response column; received ${(lhs as CallNode).name}()`,
    );
  }
  if (options.survival === true && !surv) {
    throw new FormulaError(
      formula,
      0,
      `${caller} requires a Surv(time, event) or Surv(start, stop, event) response`,
    );
  }
  const leaves: FormulaNode[] = [];
  formulaLeaves(parsed.rhs, formula, caller, leaves);
  const extraColumns = [options.weights, options.offset, ...(options.cluster ?? [])].filter(
    (c): c is string => c !== undefined,
  );
  const used = columnsOf(lhs);
  for (const leaf of leaves) columnsOf(leaf, used);
  const kinds = await columnKinds(
    source,
    [...new Set([...used, ...extraColumns])],
    formula,
    caller,
  );
  const context = (term: string): ExpressionContext => ({ formula, kinds, caller, term });

  // The row filter: every column the formula reads, weights and offset present; transformations
  // defined (R drops NaN as missing). Cluster option columns are checked by the caller.
  const filterColumns = new Set(used);
  if (options.weights !== undefined) filterColumns.add(options.weights);
  if (options.offset !== undefined) filterColumns.add(options.offset);
  const guards = [...filterColumns].map((c) => notMissing(c, kinds.get(c) as ColumnKind));
  const nonFinite: { term: string; condition: string }[] = [];
  const keys: { key: string; present: string }[] = [];
  const survArgs = surv ? (lhs as CallNode).args.map((a) => a.value) : [];
  let strataColumns: string[] = [];
  let clusterTermColumns: string[] = [];
  for (const leaf of [...(surv ? survArgs : [lhs]), ...leaves]) {
    if (isSpecial(leaf, 'strata')) {
      strataColumns = specialColumns(leaf as CallNode, formula, caller);
      keys.push({
        key: strataColumns.map(sqlQuoteIdentifier).join(', '),
        present: strataColumns.map((c) => notMissing(c, kinds.get(c) as ColumnKind)).join(' AND '),
      });
      continue;
    }
    if (isSpecial(leaf, 'cluster')) {
      clusterTermColumns = specialColumns(leaf as CallNode, formula, caller);
      continue;
    }
    const node = isSpecial(leaf, 'offset') ? (leaf as CallNode).args[0].value : leaf;
    const column = factorColumn(node, kinds);
    if (column !== null) {
      const kind = kinds.get(column) as ColumnKind;
      if (!(surv && leaf === survArgs[survArgs.length - 1])) {
        keys.push({ key: sqlQuoteIdentifier(column), present: notMissing(column, kind) });
      }
      continue;
    }
    if (isLogicalNode(node)) {
      const p = logicalSql(node, context(nodeText(leaf)));
      guards.push(...p.guards);
      keys.push({ key: p.sql, present: [...p.guards, `${p.sql} IS NOT NULL`].join(' AND ') });
      continue;
    }
    const x = numericSql(node, context(nodeText(leaf)));
    guards.push(...x.guards);
    for (const condition of x.nonFinite) nonFinite.push({ term: nodeText(leaf), condition });
  }
  const where = guards.length === 0 ? 'TRUE' : guards.map((g) => `(${g})`).join(' AND ');

  const sampleColumns = [...filterColumns];
  const rows = await sampleRows(source, sampleColumns, where, keys, dropUnusedLevels);
  if (rows.length === 0) {
    throw new DataError(
      `${caller} requires at least one row without missing values; every row of ${source.relation} misses a value in ${sampleColumns.join(', ')}`,
    );
  }
  const extra: Record<string, string> = {};
  if (options.weights !== undefined) extra.weights = options.weights;
  if (options.offset !== undefined) extra.offset = options.offset;
  const frameOptions = { extra, dropUnusedLevels, levels: options.levels };
  const layout = designMatrix(formula, rows, frameOptions);
  const frame = modelFrame(formula, rows, frameOptions);
  const { spec } = layout;

  const variableSql = spec.variables.map((variable) => {
    const node = parseFormula(`~${variable.name}`).rhs;
    const ctx = context(variable.name);
    if (variable.kind === 'numeric') return { numeric: numericSql(node, ctx), levels: null };
    const frameVariable = frame.variables[variable.name];
    const codes = frameVariable?.kind === 'factor' ? frameVariable : undefined;
    return {
      numeric: null,
      levels: levelConditions(node, variable.levels, codes, frame.rows, rows, ctx),
    };
  });
  const x = designColumns(spec, layout, variableSql, caller);
  const response = responseSql(lhs, frame, rows, context);

  const offsets = spec.offsets.map((name) => {
    const node = parseFormula(`~${name}`).rhs as FormulaNode & { type: 'call' };
    return numericSql(node.args[0].value, context(name)).sql;
  });
  if (options.offset !== undefined) offsets.push(doubleColumn(options.offset));
  const clusterColumns = options.cluster ?? clusterTermColumns;
  return {
    source,
    where,
    x,
    ...response,
    weights: options.weights === undefined ? null : doubleColumn(options.weights),
    offset: offsets.length === 0 ? null : offsets.join(' + '),
    cluster:
      clusterColumns.length === 0
        ? null
        : {
            keys: clusterColumns.map(sqlQuoteIdentifier),
            label:
              options.cluster !== undefined
                ? clusterColumns.join(', ')
                : `cluster(${clusterColumns.join(', ')})`,
          },
    strata:
      strataColumns.length === 0
        ? null
        : {
            keys: strataColumns.map(sqlQuoteIdentifier),
            levels: layout.strata?.levels ?? [],
            labelOf: strataLabels(layout, strataColumns, rows),
          },
    nonFinite,
    layout,
  };
}
