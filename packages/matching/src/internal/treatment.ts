import { InvalidArgumentError } from '@muster/core';
import type { ModelFrame } from '@muster/formula';

/** The treatment as 0/1 with the original values of each group. */
export interface Treatment {
  column: string;
  treat: Uint8Array;
  treatedValue: number | string;
  controlValue: number | string;
}

/**
 * MatchIt's `binarize`: a treatment with exactly two values; for numbers, 0 is the control when
 * present, else the smaller value; for strings, the first level in sorted order is the control.
 */
export function binaryTreatment(fn: string, frame: ModelFrame): Treatment {
  const response = frame.response;
  if (response === null) {
    throw new InvalidArgumentError(
      'formula',
      `${fn} requires the treatment on the left of the formula (treat ~ covariates); received '${frame.formula}'`,
    );
  }
  if (response.kind === 'vector') {
    const values = [...new Set(response.values)].sort((a, b) => a - b);
    if (values.length !== 2) {
      throw new InvalidArgumentError(
        'treat',
        `${fn} requires a treatment with exactly two values; column '${response.name}' has ${values.length} (${values.slice(0, 5).join(', ')})`,
      );
    }
    const control = values.includes(0) ? 0 : values[0]!;
    const treated = values[0] === control ? values[1]! : values[0]!;
    return {
      column: response.name,
      treat: Uint8Array.from(response.values, (v) => (v === control ? 0 : 1)),
      treatedValue: treated,
      controlValue: control,
    };
  }
  if (response.kind === 'factor') {
    const used = [...new Set(response.codes)].sort((a, b) => a - b);
    if (used.length !== 2) {
      throw new InvalidArgumentError(
        'treat',
        `${fn} requires a treatment with exactly two values; column '${response.name}' has ${used.length} (${used
          .map((c) => response.levels[c])
          .slice(0, 5)
          .join(', ')})`,
      );
    }
    return {
      column: response.name,
      treat: Uint8Array.from(response.codes, (c) => (c === used[0] ? 0 : 1)),
      treatedValue: response.levels[used[1]!]!,
      controlValue: response.levels[used[0]!]!,
    };
  }
  throw new InvalidArgumentError(
    'treat',
    `${fn} requires a single treatment column on the left of the formula; received a ${response.kind} response`,
  );
}
