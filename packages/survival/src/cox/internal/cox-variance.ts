/**
 * The covariance of a Cox fit: coxph's choice between the model-based variance (inverse
 * information) and the robust one (dfbeta residuals summed within clusters, Lin & Wei 1989),
 * with the robust score test that goes with the latter.
 */
import { InvalidArgumentError } from '@muster/core';
import { clusterIgnoredWarning, type SurvivalWarning } from '../../warnings.ts';
import type { ChiSquareTest, FitCoxOptions } from '../fit-cox.ts';
import type { CoxData } from './cox-data.ts';
import type { CoxFrame } from './cox-frame.ts';
import type { CoxKernelResult } from './cox-kernel.ts';
import type { CoxSettings } from './cox-options.ts';
import { type RiskSetTable, riskSetTable } from './risk-set-table.ts';
import { clusterDfbeta, robustScoreTest } from './robust-variance.ts';

/** The clusters of a robust variance (null for the model-based one). */
export interface VarianceChoice {
  cluster: Int32Array | null;
  nClusters: number;
  warnings: SurvivalWarning[];
}

/** The fitted model by position: sorted data, coefficients (aliased as 0), linear predictor. */
export interface CoxFitted {
  sorted: CoxData;
  beta: Float64Array;
  eta: Float64Array;
  /** Indices of the coefficients that are not aliased. */
  kept: number[];
}

/** The reported covariance (p x p, column-major), the robust score test, and the risk sets. */
export interface CoxCovariance {
  vcov: Float64Array;
  robustScore: ChiSquareTest | null;
  /** Risk-set table at the estimate, when the robust variance needed it. */
  table: RiskSetTable | null;
}

/**
 * coxph's choice of variance: robust with a cluster or non-integer weights unless robust = false
 * (the cluster then ignored with a warning); robust without a cluster makes each row its own,
 * refused for counting-process data when asked for explicitly ("one of cluster or id is needed").
 */
export function chooseVariance(frame: CoxFrame, options: FitCoxOptions): VarianceChoice {
  const warnings: SurvivalWarning[] = [];
  const nonInteger = frame.weights?.some((w) => w !== Math.floor(w)) ?? false;
  const robust = options.robust ?? (frame.cluster !== null || nonInteger);
  if (frame.cluster && !robust) {
    warnings.push(clusterIgnoredWarning('fitCox'));
    return { cluster: null, nClusters: 0, warnings };
  }
  if (!robust) return { cluster: null, nClusters: 0, warnings };
  if (frame.cluster) return { cluster: frame.cluster, nClusters: frame.nClusters, warnings };
  if (frame.start && options.robust === true) {
    throw new InvalidArgumentError(
      'robust',
      'fitCox requires a cluster for robust = true on counting-process data: the rows of one subject are not independent, so per-row sandwich errors understate the uncertainty; add cluster(id) to the formula or name a cluster column (the cluster option; coxph: "one of cluster or id is needed")',
    );
  }
  return {
    cluster: Int32Array.from({ length: frame.n }, (_, i) => i),
    nClusters: frame.n,
    warnings,
  };
}

/** The fit by position: linear predictor centred at the means, offsets included. */
export function fittedPredictor(frame: CoxFrame, kernel: CoxKernelResult): CoxFitted {
  const sorted = kernel.data;
  const beta = kernel.beta.map((b) => (Number.isNaN(b) ? 0 : b));
  const { n, p } = sorted;
  const eta = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let z = sorted.offset[k];
    for (let j = 0; j < p; j++) z += beta[j] * sorted.x[k * p + j];
    eta[k] = z;
  }
  const kept: number[] = [];
  for (let j = 0; j < frame.p; j++) if (!kernel.aliased[j]) kept.push(j);
  return { sorted, beta, eta, kept };
}

/** The covariance the fit reports: robust (with the robust score test) or model-based. */
export function coxCovariance(
  fitted: CoxFitted,
  kernel: CoxKernelResult,
  choice: VarianceChoice,
  settings: CoxSettings,
  init: Float64Array | undefined,
): CoxCovariance {
  const { cluster, nClusters } = choice;
  if (!cluster || fitted.sorted.p === 0) {
    return { vcov: kernel.variance, robustScore: null, table: null };
  }
  const { sorted, eta, kept } = fitted;
  const table = riskSetTable(sorted, eta);
  const { efron } = settings;
  const vcov = clusterDfbeta(sorted, eta, efron, kernel.variance, cluster, nClusters, table);
  const robustScore = robustScoreTest(
    sorted,
    efron,
    cluster,
    nClusters,
    init,
    kernel.means,
    kept.length,
    settings.control.tolerChol,
  );
  return { vcov: vcov.variance, robustScore, table };
}
