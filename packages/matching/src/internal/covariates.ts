import { InvalidArgumentError } from '@muster/core';
import type { ModelFrame } from '@muster/formula';

/** A covariate of the model frame: numeric, or a factor with its levels. */
export type Covariate =
  | { name: string; kind: 'numeric'; values: Float64Array }
  | { name: string; kind: 'factor'; levels: string[]; codes: Int32Array };

/** One column of the balance table. */
export interface BalanceColumn {
  name: string;
  values: Float64Array;
}

/** The covariates of a model frame (every variable but the response), in the frame's order. */
export function frameCovariates(fn: string, frame: ModelFrame, skip: string | null): Covariate[] {
  const out: Covariate[] = [];
  for (const name of frame.variableNames) {
    if (name === skip) continue;
    const v = frame.variables[name]!;
    if (v.kind === 'numeric') out.push({ name, kind: 'numeric', values: v.values });
    else if (v.kind === 'factor')
      out.push({ name, kind: 'factor', levels: v.levels, codes: v.codes });
    else {
      throw new InvalidArgumentError(
        'formula',
        `${fn} requires numeric or factor covariates; '${name}' is a ${v.kind} term`,
      );
    }
  }
  return out;
}

/**
 * The balance columns of MatchIt's `get.covs.matrix`: numeric variables as they are, factors as
 * one indicator per level used (`model.matrix` with `contrasts = FALSE`), named variable + level.
 */
export function balanceColumns(covariates: readonly Covariate[]): BalanceColumn[] {
  const out: BalanceColumn[] = [];
  for (const c of covariates) {
    if (c.kind === 'numeric') {
      out.push({ name: c.name, values: c.values });
      continue;
    }
    const used = new Set(c.codes);
    c.levels.forEach((level, k) => {
      if (!used.has(k)) return;
      out.push({
        name: `${c.name}${level}`,
        values: Float64Array.from(c.codes, (code) => (code === k ? 1 : 0)),
      });
    });
  }
  return out;
}

/** One integer code per row for the combination of the variables' values (exact-matching cells). */
export function cellCodes(covariates: readonly Covariate[], n: number): Int32Array {
  const keys = new Map<string, number>();
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = covariates
      .map((c) => (c.kind === 'numeric' ? String(c.values[i]) : String(c.codes[i])))
      .join('\u0000');
    let code = keys.get(key);
    if (code === undefined) keys.set(key, (code = keys.size));
    codes[i] = code;
  }
  return codes;
}
