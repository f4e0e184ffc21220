/**
 * The delay as a convolution kernel on the monthly grid.
 *
 * Contract
 *   pmfs[s]  delay pmf of offences committed in grid month s (s = 0..m-1); one shared array when
 *            the delay is constant, different arrays when it lengthens over time
 *   lag      the largest delay (longest pmf - 1)
 * Counted series mu_c = sum_d pmfs[s][d] lambda_max(s, 0), s = c - d: offences before the grid
 * (s < 0) are taken equal to those of the first month and delayed with pmfs[0].
 */
export interface DelayKernel {
  pmfs: Float64Array[];
  lag: number;
}

/** A kernel with the same pmf for every offence month. */
export function constantKernel(pmf: Float64Array, m: number): DelayKernel {
  return { pmfs: new Array<Float64Array>(m).fill(pmf), lag: pmf.length - 1 };
}

/** A kernel with one pmf per offence month. */
export function varyingKernel(pmfs: Float64Array[]): DelayKernel {
  return { pmfs, lag: Math.max(...pmfs.map((p) => p.length)) - 1 };
}

/** Weights on the counted months -> weights on the offence months (v = P' w). */
export function toParameters(kernel: DelayKernel | null, w: Float64Array): Float64Array {
  if (kernel === null) return w;
  const m = w.length;
  const v = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    if (w[c] === 0) continue;
    for (let d = 0; d <= kernel.lag; d++) {
      const s = c - d;
      const pmf = kernel.pmfs[Math.max(s, 0)];
      if (d < pmf.length) v[Math.max(s, 0)] += w[c] * pmf[d];
    }
  }
  return v;
}

/** The counted series of an offence series (mu = P lambda). */
export function countedSeries(kernel: DelayKernel | null, lambda: ArrayLike<number>): Float64Array {
  if (kernel === null) return Float64Array.from(lambda);
  const m = lambda.length;
  const x = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    let sum = 0;
    for (let d = 0; d <= kernel.lag; d++) {
      const s = c - d;
      const pmf = kernel.pmfs[Math.max(s, 0)];
      if (d < pmf.length) sum += pmf[d] * lambda[Math.max(s, 0)];
    }
    x[c] = sum;
  }
  return x;
}
