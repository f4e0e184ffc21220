/**
 * survreg.fit's rescaling: when the first column is the intercept, every column that is not 0/1
 * is centred at its mean and divided by its standard deviation while iterating; the estimate and
 * its covariance are mapped back afterwards (survreg.fit's `vtemp`).
 */

/** Centres and standard deviations used (0 and 1 for untouched columns). */
export interface Standardisation {
  rescaled: boolean;
  center: Float64Array;
  stdev: Float64Array;
}

/** Standardise the non-0/1 columns of x (column-major n x nvar) in place, as survreg.fit. */
export function standardiseColumns(x: Float64Array, n: number, nvar: number): Standardisation {
  const center = new Float64Array(nvar);
  const stdev = new Float64Array(nvar).fill(1);
  let firstIsOne = nvar > 1;
  for (let i = 0; i < n && firstIsOne; i++) if (x[i] !== 1) firstIsOne = false;
  if (!firstIsOne) return { rescaled: false, center, stdev };
  let rescaled = false;
  for (let j = 0; j < nvar; j++) {
    if (isZeroOne(x, n, j)) continue;
    rescaled = true;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[j * n + i];
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (x[j * n + i] - mean) ** 2;
    center[j] = mean;
    stdev[j] = Math.sqrt(ss / (n - 1));
  }
  if (rescaled) {
    for (let j = 0; j < nvar; j++) {
      if (center[j] === 0 && stdev[j] === 1) continue;
      for (let i = 0; i < n; i++) x[j * n + i] = (x[j * n + i] - center[j]) / stdev[j];
    }
  }
  return { rescaled, center, stdev };
}

function isZeroOne(x: Float64Array, n: number, j: number): boolean {
  for (let i = 0; i < n; i++) {
    const v = x[j * n + i];
    if (v !== 0 && v !== 1) return false;
  }
  return true;
}

/**
 * The estimate (first nvar2 parameters) and its nvar2 x nvar2 covariance (column-major) on the
 * original covariate scale: T b and T V T' with T survreg.fit's `vtemp`.
 */
export function toOriginalScale(
  beta: Float64Array,
  variance: Float64Array,
  scaling: Standardisation,
  nvar: number,
  nvar2: number,
): { estimate: Float64Array; variance: Float64Array } {
  const estimate = beta.slice(0, nvar2);
  if (!scaling.rescaled) return { estimate, variance };
  const { center, stdev } = scaling;
  const t = new Float64Array(nvar2 * nvar2); // column-major vtemp
  for (let j = 0; j < nvar2; j++) t[j * nvar2 + j] = j < nvar ? 1 / stdev[j] : 1;
  for (let j = 1; j < nvar; j++) t[j * nvar2] = -center[j] / stdev[j];
  const original = new Float64Array(nvar2);
  for (let i = 0; i < nvar2; i++) {
    let s = 0;
    for (let j = 0; j < nvar2; j++) s += t[j * nvar2 + i] * estimate[j];
    original[i] = s;
  }
  const tv = new Float64Array(nvar2 * nvar2);
  for (let i = 0; i < nvar2; i++)
    for (let j = 0; j < nvar2; j++) {
      let s = 0;
      for (let k = 0; k < nvar2; k++) s += t[k * nvar2 + i] * variance[j * nvar2 + k];
      tv[j * nvar2 + i] = s;
    }
  const out = new Float64Array(nvar2 * nvar2);
  for (let i = 0; i < nvar2; i++)
    for (let j = 0; j < nvar2; j++) {
      let s = 0;
      for (let k = 0; k < nvar2; k++) s += tv[k * nvar2 + i] * t[k * nvar2 + j];
      out[j * nvar2 + i] = s;
    }
  return { estimate: original, variance: out };
}
