import type { Random } from '@muster/core';
import { quantileSorted } from './quantile.ts';

/**
 * Chain-ladder nowcast of a reporting triangle with negative-binomial predictive intervals.
 *
 * Contract
 *   cells   rows x width, row-major (width = D + 1); cells[t][d] = count of events of row t
 *           reported with delay d; NaN where t + d > now (now = the last row). Finite >= 0 elsewhere.
 *   window  moving window: hazard d uses the last `window` rows in which delay d is observable,
 *           t = now - d - window + 1 .. now - d (the last `window` development factors)
 *   Returns for every row: observed so far O_t, the chain-ladder nowcast O_t / F(now - t), the
 *   predictive mean, median and quantiles; plus the delay estimate and the prior of the totals.
 *
 * Delay (reverse-time hazards, the nonparametric MLE under right truncation = chain ladder):
 *   n_d = sum_t C[t][d],   R_d = sum_t sum_{j <= d} C[t][j]   (over the rows of delay d's window)
 *   g_d = n_d / R_d (d >= 1),   F(D) = 1,   F(d - 1) = F(d) (1 - g_d)
 *   development factor f_d = R_d / (R_d - n_d) = 1 / (1 - g_d)   (chain-ladder link ratio)
 * Predictive distribution of the total N_t = O_t + R_t (R_t: events not yet reported), with
 * N_t ~ Poisson(lambda_t), reports thinned by F, and a gamma prior lambda_t ~ Gamma(a, rate b):
 *   lambda_t | O_t ~ Gamma(a + O_t, b + F),   R_t | O_t ~ NegBin(size a + O_t, prob (b + F) / (b + 1))
 * (the Poisson-gamma prior of Höhle & an der Heiden 2014). a, b are fitted by moments to the
 * chain-ladder totals of the last 2 (D + 1) rows that are at least half reported (empirical Bayes); with
 * fewer than 3 such rows the prior is Jeffreys' (a = 1/2, b = 0). The delay is uncertain too:
 *   g_d ~ Beta(n_d + 1/2, R_d - n_d + 1/2)
 * Both are drawn `samples` times; quantiles type 7.
 */
export interface NowcastCoreResult {
  observed: number[];
  estimate: (number | null)[];
  mean: number[];
  median: number[];
  lower: number[];
  upper: number[];
  events: number[];
  atRisk: number[];
  reverseHazard: number[];
  developmentFactors: (number | null)[];
  pmf: number[];
  cdf: number[];
  prior: { shape: number; rate: number; rows: number };
}

export function nowcastCore(
  cells: Float64Array,
  rows: number,
  width: number,
  window: number,
  confLevel: number,
  samples: number,
  random: Random,
): NowcastCoreResult {
  const now = rows - 1;
  // cumulative[t][d] = sum_{j <= d} C[t][j] over the observable cells
  const cumulative = new Float64Array(rows * width);
  for (let t = 0; t < rows; t++) {
    let running = 0;
    for (let d = 0; d < width && t + d <= now; d++)
      cumulative[t * width + d] = running += cells[t * width + d];
  }
  const events = new Float64Array(width);
  const atRisk = new Float64Array(width);
  for (let d = 0; d < width; d++) {
    const last = now - d;
    for (let t = Math.max(0, last - window + 1); t <= last; t++) {
      events[d] += cells[t * width + d];
      atRisk[d] += cumulative[t * width + d];
    }
  }
  const hazard = new Float64Array(width);
  hazard[0] = 1;
  for (let d = 1; d < width; d++) hazard[d] = atRisk[d] > 0 ? events[d] / atRisk[d] : 0;
  const cdf = new Float64Array(width);
  cdf[width - 1] = 1;
  for (let d = width - 1; d >= 1; d--) cdf[d - 1] = cdf[d] * (1 - hazard[d]);
  const pmf = Array.from(cdf, (f, d) => f * hazard[d]);

  const observed = new Float64Array(rows);
  for (let t = 0; t < rows; t++) {
    let sum = 0;
    const offset = t * width;
    for (let d = 0; d < width && t + d <= now; d++) sum += cells[offset + d];
    observed[t] = sum;
  }
  const fAt = (t: number) => cdf[Math.min(now - t, width - 1)];

  // empirical-Bayes gamma prior of the rates from recent rows that are at least half reported
  const recent: number[] = [];
  for (let t = now; t >= 0 && recent.length < 2 * width; t--) {
    const f = fAt(t);
    if (f >= 0.5) recent.push(observed[t] / f);
  }
  let shape = 0.5;
  let rate = 0;
  if (recent.length >= 3) {
    const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
    const variance = recent.reduce((a, b) => a + (b - mean) ** 2, 0) / (recent.length - 1);
    // variance of the rates: total variance minus the Poisson part, at least the mean (a weak prior)
    const spread = Math.max(variance - mean, mean, 1e-8);
    if (mean > 0) {
      shape = (mean * mean) / spread;
      rate = mean / spread;
    }
  }

  // rows still incomplete: age now - t < D
  const incomplete = Math.min(rows, width - 1);
  const firstIncomplete = rows - incomplete;
  const draws = new Float64Array(incomplete * samples);
  const drawnCdf = new Float64Array(width);
  for (let s = 0; s < samples; s++) {
    drawnCdf[width - 1] = 1;
    for (let d = width - 1; d >= 1; d--) {
      const g = random.beta(events[d] + 0.5, atRisk[d] - events[d] + 0.5);
      drawnCdf[d - 1] = drawnCdf[d] * (1 - g);
    }
    for (let i = 0; i < incomplete; i++) {
      const t = firstIncomplete + i;
      const f = drawnCdf[now - t];
      let remaining = 0;
      if (f < 1) {
        // NegBin(a + O, (b + F) / (b + 1)) as Poisson(Gamma(a + O, scale (1 - F) / (b + F)))
        const scale = (1 - f) / (rate + f);
        const lambda = Number.isFinite(scale)
          ? random.gamma(shape + observed[t], scale)
          : Number.POSITIVE_INFINITY;
        remaining = Number.isFinite(lambda) ? random.poisson(lambda) : Number.POSITIVE_INFINITY;
      }
      draws[i * samples + s] = observed[t] + remaining;
    }
  }
  const tail = (1 - confLevel) / 2;
  const mean: number[] = [];
  const median: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const estimate: (number | null)[] = [];
  for (let t = 0; t < rows; t++) {
    const f = fAt(t);
    estimate.push(f > 0 ? observed[t] / f : observed[t] === 0 ? 0 : null);
    if (t < firstIncomplete) {
      mean.push(observed[t]);
      median.push(observed[t]);
      lower.push(observed[t]);
      upper.push(observed[t]);
      continue;
    }
    const sorted = draws
      .subarray((t - firstIncomplete) * samples, (t - firstIncomplete + 1) * samples)
      .sort();
    let sum = 0;
    for (const v of sorted) sum += v;
    mean.push(sum / samples);
    median.push(quantileSorted(sorted, 0.5));
    lower.push(quantileSorted(sorted, tail));
    upper.push(quantileSorted(sorted, 1 - tail));
  }
  const developmentFactors = Array.from(hazard, (g, d) =>
    d === 0 ? null : g < 1 ? 1 / (1 - g) : null,
  );
  return {
    observed: Array.from(observed),
    estimate,
    mean,
    median,
    lower,
    upper,
    events: Array.from(events),
    atRisk: Array.from(atRisk),
    reverseHazard: Array.from(hazard),
    developmentFactors,
    pmf,
    cdf: Array.from(cdf),
    prior: { shape, rate, rows: recent.length },
  };
}
