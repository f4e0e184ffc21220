import {
  checkOptionKeys,
  cholesky,
  choleskySolve,
  FormulaError,
  InvalidArgumentError,
  NumericalError,
  pchisq,
  type ResultBase,
} from '@muster/core';
import { type DataInput, modelFrame } from '@muster/formula';
import { aeqSurv } from './internal/aeq-surv.ts';
import { preflightFormula } from './internal/formula-preflight.ts';
import { survdiffSums } from './internal/survdiff.ts';
import { readSurvival } from './internal/survival-input.ts';
import {
  groupWithoutRiskWarning,
  missingValuesDroppedWarning,
  type SurvivalWarning,
  type SurvivalWarningCode,
} from './warnings.ts';

/** Options of {@link logRank}. */
export interface LogRankOptions {
  /** Weight S(t-)^rho of the G-rho family: 0 = log-rank (default), 1 = Peto-Peto. */
  rho?: number;
}

/** One group of {@link logRank}. */
export interface LogRankGroup {
  /** Level of the group: the value for one variable, `a=1, b=x` for several. */
  group: string;
  /** Subjects in the group. */
  n: number;
  /** Observed events (weighted by S(t-)^rho when rho != 0, as survdiff reports them). */
  observed: number;
  /** Expected events under the null hypothesis, summed over strata. */
  expected: number;
}

/** Result of {@link logRank}. */
export interface LogRankResult extends ResultBase<'log-rank', SurvivalWarningCode> {
  /** The weights: log-rank (rho = 0), Peto-Peto (rho = 1) or another G-rho. */
  method: 'log-rank' | 'peto-peto' | 'G-rho';
  formula: string;
  rho: number;
  chisq: number;
  df: number;
  /** Upper-tail chi-square probability; null when fewer than two groups had anyone at risk. */
  pValue: number | null;
  groups: LogRankGroup[];
  /** Variance matrix of observed - expected (groups x groups). */
  variance: number[][];
  strata: string[] | null;
  nobs: number;
  nDropped: number;
}

/**
 * Test whether survival differs between groups with the G-rho family of weighted log-rank
 * tests (Harrington & Fleming 1982), as R's `survdiff(formula, data, rho)`.
 *
 * The groups are the distinct combinations of the right-hand-side variables; `strata(x)` terms
 * stratify the test (observed and expected are computed within strata and summed). The weight
 * of each event time is S(t-)^rho, S the pooled Kaplan-Meier estimate of the stratum: rho = 0
 * is the log-rank (Mantel-Haenszel) test, rho = 1 the Peto & Peto modification of the Wilcoxon
 * test. The statistic is (O - E)' V^- (O - E) over the groups with expected > 0, dropping the
 * first; df is their number minus one.
 *
 * Reference: Mantel (1966); Peto & Peto (1972), JRSS A 135:185-207; Harrington & Fleming
 * (1982), Biometrika 69:553-566; R survival's survdiff / survdiff2.c.
 *
 * @param formula - `Surv(time, status) ~ group [+ strata(s)]` (right-censored data).
 * @param data - Columns by name or an arquero table.
 * @param options - `rho` (default 0).
 * @returns chisq, df, pValue and per-group n, observed and expected.
 * @throws FormulaError without a Surv() response, with (start, stop] data, without a group
 *   variable, or with an interaction term; DataError for bad times or events; InvalidArgumentError
 *   for fewer than two groups or no events.
 * @example
 * ```ts
 * const test = logRank('Surv(time, status) ~ arm', {
 *   time: [1, 2, 3, 4, 5, 6], status: [1, 1, 1, 1, 0, 1], arm: ['a', 'b', 'a', 'b', 'a', 'b'],
 * });
 * test.groups.map((g) => g.observed);
 * // => [2, 3]
 * test.pValue;
 * // => 0.7857
 * ```
 */
export function logRank(
  formula: string,
  data: DataInput,
  options: LogRankOptions = {},
): LogRankResult {
  checkOptionKeys('logRank', options, ['rho']);
  const rho = options.rho ?? 0;
  if (!Number.isFinite(rho)) {
    throw new InvalidArgumentError('rho', `logRank requires a finite rho; received ${rho}`);
  }
  preflightFormula('logRank', formula);
  const frame = modelFrame(formula, data);
  const responseName = frame.variableNames[0];
  const response = frame.variables[responseName];
  if (response?.kind !== 'surv') {
    throw new FormulaError(formula, 0, 'logRank requires a Surv(time, status) response');
  }
  if (response.start) {
    throw new FormulaError(
      formula,
      0,
      'logRank requires right-censored Surv(time, status) data; received Surv(start, stop, event)',
    );
  }
  const n = frame.nrow;
  const { group, groupLabels } = groupCodes(formula, frame);
  const nGroups = groupLabels.length;
  if (nGroups < 2) {
    throw new InvalidArgumentError(
      'formula',
      `logRank requires at least two groups; received 1 (${groupLabels[0] ?? 'none'})`,
    );
  }

  const survival = readSurvival('logRank', {
    time: response.stop,
    event: response.event,
    dataRows: frame.rows,
  });
  const fixed = aeqSurv('logRank', survival.stop, null, undefined, frame.rows);
  let events = 0;
  for (let i = 0; i < n; i++) events += survival.event[i];
  if (events === 0) {
    throw new InvalidArgumentError(
      'data',
      `logRank requires at least one event; received 0 events in ${n} rows`,
    );
  }
  // strata: levels used
  let strataCodes: Int32Array = new Int32Array(n);
  let nStrata = 1;
  let strataLevels: string[] | null = null;
  if (frame.strata) {
    strataCodes = frame.strata.codes;
    nStrata = frame.strata.levels.length;
    strataLevels = frame.strata.levels;
  }
  const sums = survdiffSums(fixed.stop, survival.event, group, nGroups, strataCodes, nStrata, rho);
  // chi-square over groups with expected > 0, dropping the first of them
  const used: number[] = [];
  for (let g = 0; g < nGroups; g++) if (sums.expected[g] > 0) used.push(g);
  const warnings: SurvivalWarning[] = [];
  const chisq = logRankChiSquare(sums, used, nGroups, groupLabels);
  const df = used.length - 1;
  if (used.length < nGroups) {
    const empty = groupLabels.filter((_, g) => !(sums.expected[g] > 0));
    warnings.push(groupWithoutRiskWarning('logRank', empty));
  }
  if (frame.nDropped > 0) {
    warnings.push(missingValuesDroppedWarning('logRank', frame.nDropped));
  }
  return {
    kind: 'log-rank',
    method: rho === 0 ? 'log-rank' : rho === 1 ? 'peto-peto' : 'G-rho',
    formula: frame.formula,
    rho,
    chisq,
    df,
    pValue: df > 0 ? pchisq(chisq, df, false) : null,
    groups: groupLabels.map((label, g) => ({
      group: label,
      n: sums.n[g],
      observed: sums.observed[g],
      expected: sums.expected[g],
    })),
    variance: groupLabels.map((_, i) => groupLabels.map((__, j) => sums.variance[i + j * nGroups])),
    strata: strataLevels,
    nobs: n,
    nDropped: frame.nDropped,
    warnings,
  };
}

/**
 * The group of each row: the combination of the group terms' values, ordered as R's strata()
 * orders them (first variable slowest), with survdiff's labels (`a=1, b=x` for several terms).
 */
function groupCodes(
  formula: string,
  frame: ReturnType<typeof modelFrame>,
): { group: Int32Array; groupLabels: string[] } {
  const n = frame.nrow;
  const labels = frame.termLabels;
  if (labels.length === 0) {
    throw new FormulaError(formula, formula.length, 'logRank requires at least one group variable');
  }
  const groupVariables = labels.map((label) => {
    const variable = frame.variables[label];
    if (!variable || (variable.kind !== 'numeric' && variable.kind !== 'factor')) {
      throw new FormulaError(
        formula,
        Math.max(0, formula.indexOf(label)),
        `logRank requires each group term to be a variable; received ${label}`,
      );
    }
    return { label, variable };
  });
  // group = combination of the values, ordered as R's strata(): first variable slowest
  const keyParts: number[][] = [];
  const partLabels: string[][] = groupVariables.map(({ variable }) => {
    if (variable.kind === 'factor') return variable.levels;
    const distinct = [...new Set(variable.values)].sort((a, b) => a - b);
    return distinct.map((v) => String(v));
  });
  const numericIndex = groupVariables.map(({ variable }) => {
    if (variable.kind !== 'numeric') return null;
    const distinct = [...new Set(variable.values)].sort((a, b) => a - b);
    return new Map(distinct.map((v, i) => [v, i]));
  });
  for (let i = 0; i < n; i++) {
    keyParts.push(
      groupVariables.map(({ variable }, k) =>
        variable.kind === 'factor'
          ? variable.codes[i]
          : ((numericIndex[k] as Map<number, number>).get(variable.values[i]) as number),
      ),
    );
  }
  const combos = new Map<string, number[]>();
  for (const parts of keyParts) combos.set(parts.join(','), parts);
  const ordered = [...combos.values()].sort((a, b) => {
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k] - b[k];
    return 0;
  });
  const comboIndex = new Map(ordered.map((parts, i) => [parts.join(','), i]));
  const groupLabels = ordered.map((parts) =>
    parts.length === 1
      ? partLabels[0][parts[0]]
      : parts.map((code, k) => `${groupVariables[k].label}=${partLabels[k][code]}`).join(', '),
  );
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) group[i] = comboIndex.get(keyParts[i].join(',')) as number;
  return { group, groupLabels };
}

/** survdiff's chi-square: (O - E)' V^- (O - E) over the groups with E > 0, the first left out. */
function logRankChiSquare(
  sums: ReturnType<typeof survdiffSums>,
  used: number[],
  nGroups: number,
  groupLabels: string[],
): number {
  let chisq = 0;
  if (used.length >= 2) {
    const index = used.slice(1);
    const q = index.length;
    const v = new Float64Array(q * q);
    const diff = new Float64Array(q);
    index.forEach((g, i) => {
      diff[i] = sums.observed[g] - sums.expected[g];
      index.forEach((h, j) => {
        v[i + j * q] = sums.variance[g + h * nGroups];
      });
    });
    const factor = cholesky(v, q);
    if (!factor) {
      throw new NumericalError(
        `logRank: the variance matrix of observed - expected is singular for groups ${index.map((g) => groupLabels[g]).join(', ')}`,
      );
    }
    const solved = choleskySolve(factor, q, diff);
    for (let i = 0; i < q; i++) chisq += solved[i] * diff[i];
  }
  return chisq;
}
