import { InvalidArgumentError } from '@muster/core';
import { delayPmf } from '../../delay-pmf.ts';
import { toPeriod } from '../periods.ts';
import { checkNumber } from '../validate.ts';
import { type DelayKernel, varyingKernel } from './kernel.ts';

/**
 * Uncertainty about the delay offence -> counted event: a prior over its mean and shape (and,
 * optionally, over how fast it lengthens), integrated over rather than fixed.
 */
export interface DelayPrior {
  /** Family of the continuous delay. */
  distribution: 'gamma' | 'lognormal';
  /** Prior median of the mean delay in months (> 0). */
  mean: number;
  /** Standard deviation of the delay at that mean (> 0); sd / mean is the shape held across means. */
  sd: number;
  /** Largest delay in months (integer >= 1). */
  maxDelay: number;
  /** Prior sd of log(mean delay). Default 0.3 (a mean of 5 months: 90% prior range 3.0 to 8.2). */
  meanSpread?: number;
  /** Prior sd of log(sd / mean). Default 0.3. */
  shapeSpread?: number;
  /**
   * A delay that may lengthen (or shorten) over time, as a court backlog grows: the mean delay of
   * offences changes by `perYear` months per year, with prior sd `perYearSd` (default 0: the
   * rate taken as known). With `from` (YYYY-MM) the mean is `mean` until then and changes after;
   * without it the change runs over the whole grid and `mean` is the delay at its middle month.
   * `true` is `{ perYear: 0, perYearSd: 1 }` without `from`: no trend expected, a lengthening or
   * shortening of about a month a year allowed (three times the quadrature nodes). Default
   * false: the delay is constant over time (in the coverage study a lengthening prior makes the
   * intervals conservative, 99% of months, when the delay does not change).
   */
  lengthening?: boolean | { from?: string; perYear?: number; perYearSd?: number };
  /** Discretisation of the continuous delay (see delayPmf). Default 'uniform'. */
  discretisation?: 'uniform' | 'start';
}

/** A quadrature node of the delay prior: its parameters, log prior weight and kernel. */
export interface DelayNode {
  mean: number;
  sd: number;
  perYear: number;
  logPrior: number;
  kernel: DelayKernel;
}

// Gauss-Hermite rule for a standard normal: nodes 0, +-sqrt(3); weights 2/3, 1/6, 1/6
const RULE = [
  { z: 0, w: 2 / 3 },
  { z: -Math.sqrt(3), w: 1 / 6 },
  { z: Math.sqrt(3), w: 1 / 6 },
];

/**
 * The quadrature nodes of a delay prior on a grid of m months from firstMonth: a three-point
 * Gauss-Hermite rule in log mean, in log(sd / mean) and, when perYearSd > 0, in the lengthening
 * rate (up to 27 nodes), each with the pmfs of every offence month. The central node comes first.
 */
export function delayNodes(
  prior: DelayPrior,
  firstMonth: number,
  m: number,
  fn: string,
): DelayNode[] {
  if (prior == null || typeof prior !== 'object') {
    throw new InvalidArgumentError('delayPrior', `${fn} requires delayPrior to be an object`);
  }
  if (prior.distribution !== 'gamma' && prior.distribution !== 'lognormal') {
    throw new InvalidArgumentError(
      'delayPrior',
      `${fn} requires delayPrior.distribution 'gamma' or 'lognormal'; received ${String(prior.distribution)}`,
    );
  }
  const mean = checkNumber(prior.mean, fn, 'delayPrior.mean', { strictMin: 0 });
  const sd = checkNumber(prior.sd, fn, 'delayPrior.sd', { strictMin: 0 });
  const maxDelay = checkNumber(prior.maxDelay, fn, 'delayPrior.maxDelay', {
    min: 1,
    integer: true,
  });
  const meanSpread = checkNumber(prior.meanSpread ?? 0.3, fn, 'delayPrior.meanSpread', { min: 0 });
  const shapeSpread = checkNumber(prior.shapeSpread ?? 0.3, fn, 'delayPrior.shapeSpread', {
    min: 0,
  });
  const { from, pivot, perYear, perYearSd } = readLengthening(prior.lengthening, firstMonth, m, fn);
  const cv = sd / mean;
  const rules = (spread: number) => (spread > 0 ? RULE : [RULE[0]]);
  const nodes: DelayNode[] = [];
  const cache = new Map<string, Float64Array>();
  const pmfOf = (nodeMean: number, nodeSd: number) => {
    const key = `${nodeMean.toPrecision(12)}:${nodeSd.toPrecision(12)}`;
    let pmf = cache.get(key);
    if (!pmf) {
      const delay = delayPmf({
        distribution: prior.distribution,
        mean: nodeMean,
        sd: nodeSd,
        maxDelay,
        discretisation: prior.discretisation ?? 'uniform',
      });
      pmf = Float64Array.from(delay.pmf);
      cache.set(key, pmf);
    }
    return pmf;
  };
  for (const a of rules(meanSpread)) {
    for (const b of rules(shapeSpread)) {
      for (const c of rules(perYearSd)) {
        const nodeMean = mean * Math.exp(meanSpread * a.z);
        const nodeCv = cv * Math.exp(shapeSpread * b.z);
        const slope = perYear + perYearSd * c.z;
        const pmfs = Array.from({ length: m }, (_, s) => {
          const elapsed = pivot ? s - from : Math.max(s - from, 0);
          const monthMean = Math.max(nodeMean + (slope * elapsed) / 12, 0.05);
          return pmfOf(monthMean, nodeCv * monthMean);
        });
        nodes.push({
          mean: nodeMean,
          sd: nodeCv * nodeMean,
          perYear: slope,
          logPrior: Math.log(a.w * b.w * c.w),
          kernel: varyingKernel(pmfs),
        });
      }
    }
  }
  return nodes;
}

/** Prior sd of the lengthening rate of `lengthening: true`, months per year. */
export const DEFAULT_PER_YEAR_SD = 1;

/**
 * The lengthening of a delay prior: from (grid index where the change starts, or the pivot),
 * whether the mean is pinned at the pivot (no `from`: the change runs over the whole grid around
 * its middle month), the rate and its prior sd.
 */
function readLengthening(
  lengthening: DelayPrior['lengthening'],
  firstMonth: number,
  m: number,
  fn: string,
): { from: number; pivot: boolean; perYear: number; perYearSd: number } {
  if (lengthening === undefined || lengthening === false)
    return { from: 0, pivot: false, perYear: 0, perYearSd: 0 };
  if (lengthening !== true && (lengthening === null || typeof lengthening !== 'object')) {
    throw new InvalidArgumentError(
      'delayPrior.lengthening',
      `${fn} requires delayPrior.lengthening to be true, false or an object; received ${String(lengthening)}`,
    );
  }
  const given = lengthening === true ? {} : lengthening;
  const perYear = checkNumber(given.perYear ?? 0, fn, 'delayPrior.lengthening.perYear', {});
  const perYearSd = checkNumber(
    given.perYearSd ?? (lengthening === true ? DEFAULT_PER_YEAR_SD : 0),
    fn,
    'delayPrior.lengthening.perYearSd',
    { min: 0 },
  );
  if (given.from === undefined) {
    return { from: Math.floor((m - 1) / 2), pivot: true, perYear, perYearSd };
  }
  const from = toPeriod(given.from, 'month', fn, 'delayPrior.lengthening.from') - firstMonth;
  return { from, pivot: false, perYear, perYearSd };
}
