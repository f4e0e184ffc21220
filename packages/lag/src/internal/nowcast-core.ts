import type { Random } from '@muster/core';
import { quantileSorted } from './quantile.ts';

/**
 * Chain-ladder nowcast of a reporting triangle with negative-binomial predictive intervals.
 *
 * Contract
 *   cells   rows x width, row-major (width = D + 1); cells[t][d] = count of events of row t
 *           reported with delay d; NaN where t + d > now (now = the last row). Finite >= 0 elsewhere.
 *   window  rows used to estimate the delay: the last `window` rows (all when >= rows)
 *   Returns for every row: observed so far O_t, the chain-ladder nowcast O_t / F(now - t), and
 *   predictive quantiles; plus the delay estimate.
 *
 * Delay (reverse-time hazards, the nonparametric MLE under right truncation = chain ladder):
 *   n_d = sum_{t: t + d <= now} C[t][d],   R_d = sum_{t: t + d <= now} sum_{j <= d} C[t][j]
 *   g_d = n_d / R_d (d >= 1),   F(D) = 1,   F(d - 1) = F(d) (1 - g_d)
 *   development factor f_d = R_d / (R_d - n_d) = 1 / (1 - g_d)   (chain-ladder link ratio)
 * Predictive distribution of N_t = O_t + R_t (R_t the events not yet reported):
 *   g_d ~ Beta(n_d + 1/2, R_d - n_d + 1/2)   (uncertainty of the delay, Jeffreys prior)
 *   R_t | O_t, F ~ NegBin(size O_t + 1/2, prob F(now - t))   (Poisson thinning with a Jeffreys
 *   prior on the row's rate: lambda_t | O_t ~ Gamma(O_t + 1/2, F), R_t | lambda_t ~ Poisson(lambda_t (1 - F)))
 * drawn `samples` times; quantiles type 7.
 */
export interface NowcastCoreResult {
  observed: number[];
  estimate: (number | null)[];
  median: number[];
  lower: number[];
  upper: number[];
  events: number[];
  atRisk: number[];
  reverseHazard: number[];
  developmentFactors: (number | null)[];
  pmf: number[];
  cdf: number[];
}

export function nowcastCore(
  cells: Float64Array,
  rows: number,
  width: number,
  window: number,
  level: number,
  samples: number,
  random: Random,
): NowcastCoreResult {
  const now = rows - 1;
  const firstRow = Math.max(0, rows - window);
  const events = new Float64Array(width);
  const atRisk = new Float64Array(width);
  for (let t = firstRow; t < rows; t++) {
    let cumulative = 0;
    const offset = t * width;
    for (let d = 0; d < width && t + d <= now; d++) {
      const c = cells[offset + d];
      cumulative += c;
      events[d] += c;
      atRisk[d] += cumulative;
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
      const size = observed[t] + 0.5;
      let remaining = 0;
      if (f < 1) {
        // NegBin(size, prob f) as Poisson(Gamma(size, scale (1 - f) / f)); f = 0 cannot be drawn from a Beta
        const rate = random.gamma(size, (1 - f) / f);
        remaining = Number.isFinite(rate) ? random.poisson(rate) : Number.POSITIVE_INFINITY;
      }
      draws[i * samples + s] = observed[t] + remaining;
    }
  }
  const tail = (1 - level) / 2;
  const median: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const estimate: (number | null)[] = [];
  for (let t = 0; t < rows; t++) {
    const age = now - t;
    const f = cdf[Math.min(age, width - 1)];
    estimate.push(f > 0 ? observed[t] / f : observed[t] === 0 ? 0 : null);
    if (t < firstIncomplete) {
      median.push(observed[t]);
      lower.push(observed[t]);
      upper.push(observed[t]);
      continue;
    }
    const sorted = draws
      .subarray((t - firstIncomplete) * samples, (t - firstIncomplete + 1) * samples)
      .sort();
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
    median,
    lower,
    upper,
    events: Array.from(events),
    atRisk: Array.from(atRisk),
    reverseHazard: Array.from(hazard),
    developmentFactors,
    pmf,
    cdf: Array.from(cdf),
  };
}
