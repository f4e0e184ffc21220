/**
 * The rows of one event time in the right-censored sweep (./cox-sweep-right.ts), written out for
 * the model's number of covariates: every running sum of the step held in a local variable
 * instead of an array slot, so that the p (p + 1) / 2 products of a row's outer product stay in
 * registers. The sums and the order in which rows enter them are those of the loop it replaces,
 * so the results are the same bits.
 *
 * Contract of the generated function `(x, offset, weight, event, stop, beta, state, person, end,
 * t)`: for the positions person, person + 1, ... below `end` with stop >= t, computes
 * eta = offset + x beta and the risk r = exp(eta) weight and adds each row to the sums in `state` (layout {@link sweepState}): censored rows to a (sum r x) and C (sum r x x',
 * lower triangle row-major), rows with an event to a2, C2, u (sum w x), D (sum r), W (sum w),
 * deaths and the log-likelihood (sum w eta); the running denominator R gets the censored rows'
 * risk. a2, C2, D, W and deaths are read as they are in `state` (the caller zeroes them per
 * time). Returns the first position not taken.
 *
 * Built with `new Function` for 1 <= p <= ROWS_MAX_P; where code generation is not allowed (a
 * page's Content Security Policy) or p is larger, {@link rowKernel} returns null and the sweep
 * uses its loops.
 */

/** Largest p for which the rows are written out (the locals grow as p^2). */
export const ROWS_MAX_P = 8;

/** Offsets of the sums in the state vector of a sweep with p covariates. */
export function sweepState(p: number) {
  const tri = (p * (p + 1)) / 2;
  const a = 0;
  const cmat = a + p;
  const a2 = cmat + tri;
  const cmat2 = a2 + p;
  const u = cmat2 + tri;
  const denom = u + p;
  return {
    a,
    cmat,
    a2,
    cmat2,
    u,
    denom,
    denom2: denom + 1,
    deadWeight: denom + 2,
    deaths: denom + 3,
    loglik: denom + 4,
    size: denom + 5,
  };
}

export type RowKernel = (
  x: Float64Array,
  offset: Float64Array,
  weight: Float64Array,
  event: Uint8Array,
  stop: Float64Array,
  beta: Float64Array,
  state: Float64Array,
  person: number,
  end: number,
  t: number,
) => number;

const kernels = new Map<number, RowKernel | null>();

/** The row kernel for p covariates, or null (see the module comment). */
export function rowKernel(p: number): RowKernel | null {
  if (!(p >= 1 && p <= ROWS_MAX_P)) return null;
  let kernel = kernels.get(p);
  if (kernel === undefined) {
    try {
      kernel = new Function(
        'x, offset, weight, event, stop, beta, state, person, end, t',
        rowKernelSource(p),
      ) as RowKernel;
    } catch {
      kernel = null;
    }
    kernels.set(p, kernel);
  }
  return kernel;
}

/** Source of the row kernel for p covariates. */
export function rowKernelSource(p: number): string {
  const at = sweepState(p);
  const columns = Array.from({ length: p }, (_, i) => i);
  const pairs: [number, number][] = [];
  for (const i of columns) for (let j = 0; j <= i; j++) pairs.push([i, j]);
  const lines: string[] = [];
  const sums = (name: string, offset: number, count: number) => {
    for (let k = 0; k < count; k++) lines.push(`let ${name}${k} = state[${offset + k}];`);
  };
  sums('a', at.a, p);
  sums('c', at.cmat, pairs.length);
  sums('a2_', at.a2, p);
  sums('c2_', at.cmat2, pairs.length);
  sums('u', at.u, p);
  lines.push(
    `let denom = state[${at.denom}], denom2 = state[${at.denom2}];`,
    `let deadWeight = state[${at.deadWeight}], deaths = state[${at.deaths}], loglik = state[${at.loglik}];`,
  );
  for (const j of columns) lines.push(`const beta${j} = beta[${j}];`);
  lines.push(
    'let k = person;',
    'for (; k < end && stop[k] >= t; k++) {',
    `  const base = k * ${p};`,
  );
  for (const j of columns) lines.push(`  const x${j} = x[base + ${j}];`);
  lines.push('  let z = offset[k];');
  for (const j of columns) lines.push(`  z += beta${j} * x${j};`);
  lines.push(
    '  const r = Math.exp(z) * weight[k];',
    '  if (event[k] === 1) {',
    '    deaths++;',
    '    const w = weight[k];',
    '    deadWeight += w;',
    '    denom2 += r;',
    '    loglik += w * z;',
  );
  for (const i of columns) {
    lines.push(
      `    const rx${i} = r * x${i};`,
      `    u${i} += w * x${i};`,
      `    a2_${i} += rx${i};`,
    );
  }
  pairs.forEach(([i, j], k) => {
    lines.push(`    c2_${k} += rx${i} * x${j};`);
  });
  lines.push('  } else {', '    denom += r;');
  for (const i of columns) lines.push(`    const rx${i} = r * x${i};`, `    a${i} += rx${i};`);
  pairs.forEach(([i, j], k) => {
    lines.push(`    c${k} += rx${i} * x${j};`);
  });
  lines.push('  }', '}');
  const store = (name: string, offset: number, count: number) => {
    for (let k = 0; k < count; k++) lines.push(`state[${offset + k}] = ${name}${k};`);
  };
  store('a', at.a, p);
  store('c', at.cmat, pairs.length);
  store('a2_', at.a2, p);
  store('c2_', at.cmat2, pairs.length);
  store('u', at.u, p);
  lines.push(
    `state[${at.denom}] = denom; state[${at.denom2}] = denom2;`,
    `state[${at.deadWeight}] = deadWeight; state[${at.deaths}] = deaths; state[${at.loglik}] = loglik;`,
    'return k;',
  );
  return lines.join('\n');
}
