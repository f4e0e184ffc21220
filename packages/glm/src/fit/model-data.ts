/**
 * The model data of fitGlm: the design matrix (R's model.frame with na.omit and
 * drop.unused.levels), the response and prior weights as glm.fit takes them, the offset (offset()
 * terms plus the option) and the cluster ids of a clustered covariance, each checked.
 */
import { DataError, InvalidArgumentError } from '@muster/core';
import { type DataInput, type DesignMatrix, designMatrix } from '@muster/formula';
import type { FitGlmOptions } from '../fit-glm.ts';
import { clusterCodes, clusterColumns, requireFiniteDesign } from './inputs.ts';
import { CALLER, numericExtra, prepareResponse, type Response, rowOf } from './response.ts';
import type { FitSettings } from './settings.ts';

/** Cluster ids of the rows used (one array per clustering column) and their label. */
export interface Clusters {
  codes: Int32Array[];
  label: string;
}

export interface ModelData {
  design: DesignMatrix;
  response: Response;
  offset: Float64Array | null;
  /** The offset option as the result names it: its column, 'values', or null. */
  offsetLabel: string | null;
  cluster: Clusters | null;
}

/** Build and check everything the fit reads from the formula and the data. */
export function buildModelData(
  formula: string,
  data: DataInput,
  options: FitGlmOptions,
  settings: FitSettings,
): ModelData {
  const clusterRoles = clusterColumns(options.cluster);
  const design = modelDesign(formula, data, options, clusterRoles);
  const priorWeights = checkedPriorWeights(design, options.weights);
  const { family } = settings;
  const response = prepareResponse(
    design,
    family.name,
    family.link.name,
    priorWeights,
    options.levels,
  );
  const { offset, offsetLabel } = modelOffset(design, options.offset);
  requireFiniteDesign(design, offset);
  requireIdentifiable(design, response.weights);
  const cluster = settings.vcovType === 'cluster' ? modelClusters(design, clusterRoles) : null;
  return { design, response, offset, offsetLabel, cluster };
}

/** The design matrix, keeping the rows with a missing cluster id (refused by modelClusters). */
function modelDesign(
  formula: string,
  data: DataInput,
  options: FitGlmOptions,
  clusterRoles: [string, string][],
): DesignMatrix {
  const extra: Record<string, string> = {};
  if (options.weights !== undefined) extra.weights = options.weights;
  for (const [name, role] of clusterRoles) extra[role] = name;
  if (typeof options.offset === 'string') extra.offset = options.offset;
  const design = designMatrix(formula, data, {
    extra,
    keepMissing: clusterRoles.map(([, role]) => role),
    dropUnusedLevels: true,
    levels: options.levels,
  });
  if (design.nrow === 0) {
    const names = [
      ...(design.response === null
        ? []
        : 'name' in design.response
          ? [design.response.name]
          : design.response.names),
      ...design.spec.variables.map((v) => v.name),
      ...Object.values(extra),
    ];
    throw new DataError(
      `${CALLER} requires at least one row without missing values; all ${design.nDropped} rows were dropped as missing in ${[...new Set(names)].join(', ')}`,
    );
  }
  return design;
}

/** The prior weights column (finite, >= 0), or null without the option. */
function checkedPriorWeights(
  design: DesignMatrix,
  column: string | undefined,
): Float64Array | null {
  if (column === undefined) return null;
  const weights = numericExtra(design, 'weights', column);
  for (let i = 0; i < design.nrow; i++) {
    if (!(weights[i] >= 0) || !Number.isFinite(weights[i])) {
      throw new DataError(
        `${CALLER} requires weights >= 0; column '${column}' data row ${rowOf(design, i)} has ${weights[i]}`,
        { column, row: rowOf(design, i) },
      );
    }
  }
  return weights;
}

/** offset() terms of the formula plus the offset option (a column, or values for every data row). */
function modelOffset(
  design: DesignMatrix,
  option: FitGlmOptions['offset'],
): { offset: Float64Array | null; offsetLabel: string | null } {
  const offset = design.offset === null ? null : Float64Array.from(design.offset);
  if (option === undefined) return { offset, offsetLabel: null };
  let values: Float64Array;
  if (typeof option === 'string') {
    values = numericExtra(design, 'offset', option);
  } else {
    const total = design.nrow + design.nDropped;
    if (option.length !== total) {
      throw new InvalidArgumentError(
        'offset',
        `${CALLER} requires offset values for every data row (${total}); received ${option.length}`,
      );
    }
    values = Float64Array.from(design.rows, (r) => option[r]);
  }
  const offsetLabel = typeof option === 'string' ? option : 'values';
  if (offset === null) return { offset: values, offsetLabel };
  for (let i = 0; i < design.nrow; i++) offset[i] += values[i];
  return { offset, offsetLabel };
}

/** At most as many coefficients as observations of positive weight. */
function requireIdentifiable(design: DesignMatrix, weights: Float64Array): void {
  let nOk = 0;
  for (let i = 0; i < design.nrow; i++) if (weights[i] > 0) nOk++;
  if (design.ncol > nOk) {
    throw new InvalidArgumentError(
      'formula',
      `${CALLER} requires at most as many coefficients as observations; the design has ${design.ncol} columns (${design.columns.join(', ')}) and ${nOk} observations`,
    );
  }
}

/** Cluster ids from the cluster option, or else from a cluster() term of the formula. */
function modelClusters(design: DesignMatrix, clusterRoles: [string, string][]): Clusters {
  if (clusterRoles.length > 0) {
    return {
      codes: clusterRoles.map(([name, role]) => clusterCodes(design, name, role)),
      label: clusterRoles.map(([name]) => name).join(', '),
    };
  }
  if (design.cluster !== null) {
    if (design.cluster.levels.length < 2) {
      throw new DataError(
        `${CALLER} requires at least 2 clusters for vcov 'cluster'; ${design.cluster.label} has ${design.cluster.levels.length} on the ${design.nrow} rows used`,
        { column: design.cluster.label },
      );
    }
    return { codes: [design.cluster.codes], label: design.cluster.label };
  }
  throw new InvalidArgumentError(
    'cluster',
    `${CALLER} requires a cluster column (option cluster or a cluster() term) for vcov 'cluster'`,
  );
}
