/**
 * The pairs of row versions (hi, lo) behind each effect, as marginaleffects builds them: a slope
 * moves a continuous predictor by -/+ h/2 (h = 1e-4 x its range over the model data, 1e-4 when
 * the range is 0), a 0/1 predictor is set to 1 and to 0, a factor to each level and to the first
 * (the reference), and a requested contrast to its two values.
 */
import { InvalidArgumentError } from '@muster/core';
import { gridValue } from './grid.ts';
import type { Column, ModelData } from './model-data.ts';

/** One effect: the predictor, its label, the step and the two versions of the rows. */
export interface Scenario {
  term: string;
  contrast: string;
  step: number;
  hi: Record<string, Column>;
  lo: Record<string, Column>;
}

/** Contrasts requested by value: `{ inequality: [0, 0.5], regime: ['democracy', 'autocracy'] }`. */
export type ContrastValues = Record<string, readonly [number | string, number | string]>;

function range(values: readonly number[]): number {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi - lo;
}

/** The default step of a continuous predictor: 1e-4 times its range (1e-4 for a constant). */
export function defaultStep(values: readonly number[]): number {
  const h = 1e-4 * range(values);
  return h === 0 ? 1e-4 : h;
}

function withColumn(
  rows: Record<string, Column>,
  name: string,
  values: Column,
): Record<string, Column> {
  return { ...rows, [name]: values };
}

function constant(value: number | string, n: number): Column {
  return new Array(n).fill(value) as Column;
}

/** Scenarios of the default effects of one predictor on the given rows. */
export function effectScenarios(
  data: ModelData,
  rows: Record<string, Column>,
  name: string,
  eps: number | undefined,
  steps: Record<string, number>,
): Scenario[] {
  const cls = data.classes[name];
  const n = rows[name].length;
  if (cls.kind === 'numeric') {
    const h = eps ?? defaultStep(data.columns[name] as number[]);
    steps[name] = h;
    const x = rows[name] as number[];
    return [
      {
        term: name,
        contrast: 'dY/dX',
        step: h,
        hi: withColumn(
          rows,
          name,
          x.map((v) => v + h / 2),
        ),
        lo: withColumn(
          rows,
          name,
          x.map((v) => v - h / 2),
        ),
      },
    ];
  }
  if (cls.kind === 'binary') {
    return [
      {
        term: name,
        contrast: '1 - 0',
        step: 1,
        hi: withColumn(rows, name, constant(1, n)),
        lo: withColumn(rows, name, constant(0, n)),
      },
    ];
  }
  const value = (level: string): number | string => (cls.numericColumn ? Number(level) : level);
  const reference = cls.levels[0];
  return cls.levels.slice(1).map((level) => ({
    term: name,
    contrast: `${level} - ${reference}`,
    step: 1,
    hi: withColumn(rows, name, constant(value(level), n)),
    lo: withColumn(rows, name, constant(value(reference), n)),
  }));
}

/** Scenarios of the contrasts requested by value. */
export function contrastScenarios(
  caller: string,
  data: ModelData,
  rows: Record<string, Column>,
  contrasts: ContrastValues,
): Scenario[] {
  if (contrasts === null || typeof contrasts !== 'object' || Array.isArray(contrasts)) {
    throw new InvalidArgumentError(
      'contrasts',
      `${caller} requires contrasts as an object of [from, to] pairs by variable; received ${JSON.stringify(contrasts)}`,
    );
  }
  return Object.entries(contrasts).map(([name, pair]) => {
    if (!data.predictors.includes(name)) {
      throw new InvalidArgumentError(
        'contrasts',
        `${caller} requires contrast variables among the model's predictors (${data.predictors.join(', ')}); received '${name}'`,
      );
    }
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new InvalidArgumentError(
        'contrasts',
        `${caller} requires two values (from, to) for the contrast of '${name}'; received ${JSON.stringify(pair)}`,
      );
    }
    const cls = data.classes[name];
    const [from, to] = pair.map((v) => gridValue(caller, 'contrasts', name, cls, v));
    const n = rows[name].length;
    return {
      term: name,
      contrast: `${to} - ${from}`,
      step: 1,
      hi: withColumn(rows, name, constant(to, n)),
      lo: withColumn(rows, name, constant(from, n)),
    };
  });
}
