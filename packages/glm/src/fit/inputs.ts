/**
 * Checks and codings of fitGlm's inputs besides the response: cluster ids (refused when missing
 * or single), a cluster() term in the formula, and finite covariates and offsets.
 */
import { DataError, InvalidArgumentError } from '@muster/core';
import { type DesignMatrix, type FormulaNode, parseFormula } from '@muster/formula';
import { CALLER, rowOf } from './response.ts';

export function hasClusterTerm(formula: string): boolean {
  if (typeof formula !== 'string' || !formula.includes('cluster')) return false;
  const visit = (node: FormulaNode): boolean => {
    switch (node.type) {
      case 'call':
        return node.name === 'cluster';
      case 'binary':
        return visit(node.left) || visit(node.right);
      case 'paren':
        return visit(node.expression);
      case 'unary':
        return visit(node.operand);
      default:
        return false;
    }
  };
  return visit(parseFormula(formula).rhs);
}

/**
 * Cluster ids of the rows used, coded 0.. in order of appearance. A missing id is refused (as
 * sandwich's vcovCL does): dropping those rows would make the covariance choice change the sample.
 */
export function clusterCodes(design: DesignMatrix, column: string, role: string): Int32Array {
  const values = design.extra[role];
  const map = new Map<string, number>();
  const codes = new Int32Array(design.nrow);
  const missing: number[] = [];
  for (let i = 0; i < design.nrow; i++) {
    const v = values[i];
    if (v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v))) {
      missing.push(rowOf(design, i));
      continue;
    }
    const key = String(v);
    let code = map.get(key);
    if (code === undefined) {
      code = map.size;
      map.set(key, code);
    }
    codes[i] = code;
  }
  if (missing.length > 0) {
    throw new DataError(
      `${CALLER} requires a cluster id on every row used; column '${column}' is missing in ${missing.length} row${missing.length === 1 ? '' : 's'} (data rows ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}): fill them in or drop those rows before fitting`,
      { column, row: missing[0] },
    );
  }
  if (map.size < 2) {
    throw new DataError(
      `${CALLER} requires at least 2 clusters for vcov 'cluster'; column '${column}' has ${map.size} (${[...map.keys()].join(', ')}) on the ${design.nrow} rows used`,
      { column },
    );
  }
  return codes;
}

/** The cluster columns of the option, and their roles among the design's extra columns. */
export function clusterColumns(cluster: string | string[] | undefined): [string, string][] {
  if (cluster === undefined) return [];
  const names = typeof cluster === 'string' ? [cluster] : cluster;
  if (names.length === 0 || names.some((c) => typeof c !== 'string' || c === '')) {
    throw new InvalidArgumentError(
      'cluster',
      `${CALLER} requires cluster to name one or more columns; received ${JSON.stringify(cluster)}`,
    );
  }
  return names.map((name, k) => [name, k === 0 ? 'cluster' : `cluster${k + 1}`]);
}

/**
 * R's glm.fit stops with "NA/NaN/Inf in 'x'" when a covariate is infinite (log(0), 1/0, 1e400 in
 * the data); a non-finite column would otherwise become an aliased NA coefficient silently.
 */
export function requireFiniteDesign(design: DesignMatrix, offset: Float64Array | null): void {
  const n = design.nrow;
  const x = design.matrix;
  for (let j = 0; j < design.ncol; j++) {
    const base = j * n;
    for (let i = 0; i < n; i++) {
      const v = x[base + i];
      if (v - v === 0) continue;
      const term =
        design.assign[j] === 0 ? design.columns[j] : design.termLabels[design.assign[j] - 1];
      const column = design.columns[j] === term ? '' : ` (column ${design.columns[j]})`;
      throw new DataError(
        `${CALLER} requires finite covariates; term '${term}'${column} is ${v} in data row ${rowOf(design, i)} (R: NA/NaN/Inf in 'x')`,
        { column: term, row: rowOf(design, i) },
      );
    }
  }
  if (offset === null) return;
  for (let i = 0; i < n; i++) {
    const v = offset[i];
    if (v - v === 0) continue;
    throw new DataError(
      `${CALLER} requires a finite offset; the offset is ${v} in data row ${rowOf(design, i)}`,
      { column: 'offset', row: rowOf(design, i) },
    );
  }
}
