/**
 * One row per lag result, broom's `glance()`: what was estimated, over how many periods, its
 * total with an interval where the result has one, convergence, the delay's mean, the interval
 * level and the number of warnings, then the kind's own numbers.
 */
import type { BackProjectResult } from './back-project.ts';
import type { StageDelayCalibration } from './calibrate-stage-delay.ts';
import type { EmpiricalDelay } from './empirical-delay.ts';
import type { EvaluateNowcastResult } from './evaluate-nowcast.ts';
import { checkLagResult, type LagResult } from './internal/lag-result.ts';
import { quantileSorted } from './internal/quantile.ts';
import type { NowcastResult } from './nowcast.ts';
import type { PipelineResult } from './pipeline-estimate.ts';
import type { ReconstructResult } from './reconstruct.ts';
import { tidy } from './tidy.ts';
import type { UndercountResult } from './undercount.ts';

/** One row of {@link glance}: the fields every lag result has, then the kind's own. */
export interface LagGlanceRow {
  kind: string;
  method: string;
  /** Rows of {@link tidy} (periods, delays, figures or capture probabilities). */
  periods: number;
  /** The total the result estimates, null where it has none (see {@link glance}). */
  total: number | null;
  totalLower: number | null;
  totalUpper: number | null;
  iterations: number | null;
  converged: boolean | null;
  /** Mean of the delay used or estimated, in periods. */
  delayMean: number | null;
  confLevel: number | null;
  /** Number of warnings the result carries. */
  nWarnings: number;
  [field: string]: string | number | boolean | null;
}

interface Fields {
  total: number | null;
  totalLower: number | null;
  totalUpper: number | null;
  iterations: number | null;
  converged: boolean | null;
  delayMean: number | null;
  confLevel: number | null;
  [field: string]: string | number | boolean | null;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const pmfMean = (pmf: readonly number[]) => sum(pmf.map((p, d) => p * d));
const none = { total: null, totalLower: null, totalUpper: null };

/** Interval of the sum of each draw at `confLevel` (R's quantile type 7), as posteriorTotal. */
function drawTotals(draws: readonly number[][], confLevel: number) {
  const totals = Float64Array.from(draws, (d) => sum(d)).sort();
  const tail = (1 - confLevel) / 2;
  return { lower: quantileSorted(totals, tail), upper: quantileSorted(totals, 1 - tail) };
}

function backProjection(r: BackProjectResult): Fields {
  const b = r.bootstrap;
  const interval = b?.samples ? drawTotals(b.samples, b.confLevel) : null;
  return {
    total: sum(r.lambda),
    totalLower: interval?.lower ?? null,
    totalUpper: interval?.upper ?? null,
    iterations: r.iterations,
    converged: r.converged,
    delayMean: r.delay?.mean ?? null,
    confLevel: b?.confLevel ?? null,
    k: r.k,
    criterion: r.criterion,
    replicates: b?.replicates ?? null,
    bootstrapNotConverged: b?.notConverged ?? null,
  };
}

function reconstruction(r: ReconstructResult): Fields {
  const counted = r.draws ? drawTotals(r.draws, r.confLevel) : null;
  const offences = r.offences;
  const offenceTotals = offences?.draws ? drawTotals(offences.draws, r.confLevel) : null;
  const delays = offences?.delays ?? [];
  const delayMean = delays.every((d) => d.mean !== null)
    ? sum(delays.map((d) => (d.mean as number) * d.weight))
    : null;
  return {
    total: sum(r.estimate),
    totalLower: counted?.lower ?? null,
    totalUpper: counted?.upper ?? null,
    iterations: r.iterations,
    converged: r.converged,
    delayMean: offences ? delayMean : null,
    confLevel: r.confLevel,
    order: r.smoothing.order,
    tau: r.smoothing.tau,
    breaks: r.smoothing.breakDates.length,
    logLik: r.logLik,
    logMarginal: r.smoothing.logMarginal,
    figures: r.figures.length,
    offencesTotal: offences ? sum(offences.lambda) : null,
    offencesTotalLower: offenceTotals?.lower ?? null,
    offencesTotalUpper: offenceTotals?.upper ?? null,
    pending: offences?.pending.expected ?? null,
    pendingLower: offences?.pending.lower ?? null,
    pendingUpper: offences?.pending.upper ?? null,
  };
}

function nowcast(r: NowcastResult): Fields {
  return {
    total: sum(r.mean),
    totalLower: null,
    totalUpper: null,
    iterations: null,
    converged: null,
    delayMean: pmfMean(r.delay.pmf),
    confLevel: r.confLevel,
    observedTotal: sum(r.observed),
    now: r.now,
    unit: r.unit,
    samples: r.samples,
  };
}

function pipeline(r: PipelineResult): Fields {
  return {
    total: r.expected,
    totalLower: r.lower,
    totalUpper: r.upper,
    iterations: null,
    converged: null,
    delayMean: r.meanDelay,
    confLevel: r.confLevel,
    at: r.at,
  };
}

function undercount(r: UndercountResult): Fields {
  return {
    total: r.estimate,
    totalLower: r.lower,
    totalUpper: r.upper,
    iterations: null,
    converged: null,
    delayMean: null,
    confLevel: r.confLevel,
    caught: r.caught,
    captureMean: r.capture.mean,
    captureSd: r.capture.sd,
    mean: r.mean,
    plugIn: r.plugIn,
  };
}

function empiricalDelay(r: EmpiricalDelay): Fields {
  return {
    ...none,
    iterations: null,
    converged: null,
    delayMean: r.mean,
    confLevel: null,
    n: r.n,
    sd: r.sd,
    maxDelay: r.maxDelay,
  };
}

function calibration(r: StageDelayCalibration): Fields {
  return {
    ...none,
    iterations: null,
    converged: null,
    delayMean: r.mean,
    confLevel: r.confLevel,
    delayMedian: r.median,
    delayMeanLower: r.lower,
    delayMeanUpper: r.upper,
    distribution: r.distribution,
    cv: r.cv,
    maxDelay: r.delay.maxDelay,
  };
}

function evaluation(r: EvaluateNowcastResult): Fields {
  return {
    ...none,
    iterations: null,
    converged: null,
    delayMean: null,
    confLevel: r.confLevel,
    n: r.n,
    coverage: r.coverage,
    mae: r.mae,
    maeChainLadder: r.maeChainLadder,
    maeObserved: r.maeObserved,
    horizon: r.horizon,
    skippedDates: r.skippedDates.length,
  };
}

function fields(result: LagResult): Fields {
  switch (result.kind) {
    case 'back-projection':
      return backProjection(result);
    case 'reconstruction':
      return reconstruction(result);
    case 'nowcast':
      return nowcast(result);
    case 'pipeline-estimate':
      return pipeline(result);
    case 'undercount':
      return undercount(result);
    case 'empirical-delay':
      return empiricalDelay(result);
    case 'stage-delay-calibration':
      return calibration(result);
    case 'nowcast-evaluation':
      return evaluation(result);
  }
}

/**
 * A lag result as one row, broom's `glance()`: `kind`, `method`, `periods` (the rows of
 * {@link tidy}), `total` with `totalLower`/`totalUpper`, `iterations`, `converged`, `delayMean`,
 * `confLevel`, `nWarnings`, then the kind's own numbers. The total is the sum of the estimates
 * over the periods (back-projection: of lambda; reconstruction: of the counted series, and
 * `offencesTotal` with a delay; nowcast: of the predictive means), the pending count of a
 * pipeline estimate, the total offenders of an under-count; its interval comes from draws kept
 * in the result (a back-projection's bootstrap with `keepReplicates`, a reconstruction with
 * `keepDraws`: as {@link posteriorTotal}) or the result's own interval, else null. Null where a
 * kind has no such quantity (no iterations in a closed form, no delay in an under-count).
 *
 * @param result - a result of any function of @muster/lag (or its JSON)
 * @returns one row
 * @throws InvalidArgumentError naming `result` when it is not a lag result
 * @example
 * ```ts
 * const fit = backProject([5, 8, 12, 10, 7, 4], [0.2, 0.5, 0.3], { start: '2023-01' });
 * glance(fit);
 * // => { kind: 'back-projection', periods: 6, total: 49.0668..., iterations: 5, converged: true, delayMean: 1.1, nWarnings: 0 }
 * ```
 */
export function glance(result: LagResult): LagGlanceRow {
  checkLagResult(result, 'glance');
  return {
    kind: result.kind,
    method: result.method,
    periods: tidy(result).length,
    ...fields(result),
    nWarnings: result.warnings.length,
  };
}
