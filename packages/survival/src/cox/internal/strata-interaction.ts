/**
 * coxph's `x:strata(g)` terms: one slope of x per stratum. The term becomes one column per level
 * of g, x * (g == level), named as coxph names them (`x:strata(g)g=2`); the first level is left
 * out when x is also a main effect (as R's coding of an interaction whose main effect is in the
 * model), and the model is stratified by g, as coxph stratifies on any strata() it meets.
 */
import { DataError } from '@muster/core';
import { type DataInput, dataColumns } from '@muster/formula';
import { isMissing, sortedLevels } from '../../competing/internal/columns.ts';

const TERM =
  /([A-Za-z.][\w.]*)\s*:\s*strata\s*\(\s*([A-Za-z.][\w.]*)\s*\)|strata\s*\(\s*([A-Za-z.][\w.]*)\s*\)\s*:\s*([A-Za-z.][\w.]*)/g;
const PREFIX = 'xs__';

export interface StrataInteraction {
  formula: string;
  data: Record<string, ArrayLike<unknown>>;
  /** Column name -> coxph's coefficient name. */
  termNames: Map<string, string>;
}

/** Rewrite the formula and add the per-stratum columns; null when there is no such term. */
export function expandStrataInteractions(
  fn: string,
  formula: string,
  data: DataInput,
): StrataInteraction | null {
  TERM.lastIndex = 0;
  if (!TERM.test(formula)) return null;
  const columns = dataColumns(data, fn);
  const tilde = formula.indexOf('~');
  const rhs = formula.slice(tilde + 1);
  const termNames = new Map<string, string>();
  const stratified = new Set<string>();
  let count = 0;
  const rewritten = rhs.replace(TERM, (_match, x1, g1, g2, x2) => {
    const x = (x1 ?? x2) as string;
    const g = (g1 ?? g2) as string;
    for (const name of [x, g]) {
      if (!(name in columns)) {
        throw new DataError(`${fn} requires a column '${name}'; it is not in the data`, {
          column: name,
        });
      }
    }
    const xs = columns[x];
    const gs = columns[g];
    const levels = sortedLevels(Array.from(gs).filter((v) => !isMissing(v)));
    const mainEffect = new RegExp(`(^|[~+]\\s*)${x.replace(/\./g, '\\.')}\\s*(\\+|$)`).test(
      rhs.trim(),
    );
    const used = mainEffect ? levels.slice(1) : levels;
    const names = used.map((level) => {
      const column = `${PREFIX}${++count}`;
      termNames.set(column, `${x}:strata(${g})${g}=${level}`);
      columns[column] = Array.from(xs, (v, i) => {
        if (isMissing(v) || isMissing(gs[i])) return null;
        const value = Number(v);
        if (!Number.isFinite(value)) {
          throw new DataError(
            `${fn} requires a numeric covariate in ${x}:strata(${g}); row ${i + 1} of '${x}' has ${String(v)}`,
            { column: x, row: i + 1 },
          );
        }
        return String(gs[i]) === level ? value : 0;
      });
      return column;
    });
    stratified.add(g);
    return names.join(' + ');
  });
  const strataTerms = [...stratified]
    .filter(
      (g) => !new RegExp(`strata\\s*\\(\\s*${g.replace(/\./g, '\\.')}\\s*\\)`).test(rewritten),
    )
    .map((g) => ` + strata(${g})`)
    .join('');
  return {
    formula: `${formula.slice(0, tilde + 1)}${rewritten}${strataTerms}`,
    data: columns,
    termNames,
  };
}
