import {
  buildFrame,
  frameCluster,
  frameOffset,
  frameResponse,
  frameStrata,
  subsetCodes,
  subsetNumbers,
} from './internal/frame.ts';
import type {
  DataInput,
  Formula,
  ModelFrame,
  ModelFrameOptions,
  ModelFrameVariable,
} from './types.ts';

/**
 * Evaluate the variables of a formula on data and drop incomplete rows, as R's
 * `model.frame(formula, data, na.action = na.omit)`.
 *
 * Every variable the formula mentions is evaluated (the response, each term's variables,
 * `offset()`, `strata()`, `cluster()`, and variables named only in removed terms, as R does),
 * plus the `extra` columns. Values null, undefined, NaN and the empty string are missing; a row
 * missing any of them is dropped. String and boolean columns become factors with levels in
 * code-point order (booleans: FALSE, TRUE); `factor(x)` of numbers has the sorted distinct
 * values as levels, labelled as R prints them (`0.5`, `1e-04`).
 *
 * @param formula - Formula text or a parsed {@link Formula}.
 * @param data - Columns by name or an arquero table.
 * @param options - `extra` columns by role; `dropUnusedLevels` (default false, as model.frame).
 * @returns The variables on the kept rows, keyed by R name, with the rows kept and dropped.
 * @throws FormulaError for a bad formula or an unknown column or function; DataError for a
 *   non-numeric value in numeric use, naming the column and the 1-based data row.
 * @example
 * ```ts
 * const mf = modelFrame('y ~ log(x)', { y: [1, 2, 3], x: [1, null, 4] });
 * mf.variableNames; // => ['y', 'log(x)']
 * mf.nDropped;      // => 1
 * mf.rows;          // => Int32Array [0, 2]
 * ```
 */
export function modelFrame(
  formula: string | Formula,
  data: DataInput,
  options: ModelFrameOptions = {},
): ModelFrame {
  const frame = buildFrame('modelFrame', formula, data, options);
  const variables: Record<string, ModelFrameVariable> = {};
  frame.values.forEach((value, v) => {
    const name = frame.terms.names[v]!;
    switch (value.kind) {
      case 'numeric':
        variables[name] = { kind: 'numeric', values: subsetNumbers(value.values, frame) };
        break;
      case 'factor':
        variables[name] = {
          kind: 'factor',
          levels: value.levels,
          codes: subsetCodes(value.codes, frame),
          logical: value.logical,
        };
        break;
      case 'cbind':
        variables[name] = {
          kind: 'cbind',
          names: value.names,
          values: value.columns.map((c) => subsetNumbers(c, frame)),
        };
        break;
      case 'matrix':
        variables[name] = {
          kind: 'matrix',
          names: value.suffixes.map((suffix) => name + suffix),
          values: value.columns.map((c) => subsetNumbers(c, frame)),
        };
        break;
      case 'surv':
        variables[name] = {
          kind: 'surv',
          start: value.start === null ? null : subsetNumbers(value.start, frame),
          stop: subsetNumbers(value.stop, frame),
          event: subsetNumbers(value.event, frame),
        };
        break;
    }
  });
  return {
    formula: frame.formulaText,
    variableNames: frame.terms.names,
    variables,
    termLabels: frame.terms.labels,
    hasIntercept: frame.terms.intercept,
    nrow: frame.rows.length,
    response: frameResponse(frame),
    offset: frameOffset(frame),
    strata: frameStrata(frame),
    cluster: frameCluster(frame),
    extra: frame.extra,
    rows: frame.rows,
    dropped: frame.dropped,
    nDropped: frame.dropped.length,
  };
}
