/**
 * The Cox risk-set sweep of ./cox-sweep.ts in chunks of positions, for right-censored data
 * (coxfit6.c's case), so that the chunks can run on worker threads (@muster/core/threads).
 *
 * The sweep is a running sum down the positions (descending time): at an event time the risk
 * set is every row of the stratum at an earlier position. Chunk k (a run of whole tie groups)
 * sweeps its own rows with sums started from zero, except for the scalar denominator, which
 * starts at the total risk R_k of the earlier chunks of the stratum (pass 1 computes every
 * chunk's risk total so that the calling thread can form these prefixes). The earlier rows' sums
 * of r x and r x x' (a_k and C_k) enter the score and information linearly or through outer
 * products with the chunk's own sums, so the chunk also returns, over the event times of its
 * first stratum segment, S1 = sum share s1, S2 = sum share s2 and Z = sum share (s2 a + t2 a2)
 * (the notation of coxSweep), and the calling thread adds, in chunk order,
 *   U += U_k - a_k S1,   I += I_k + C_k S1 - a_k Z' - Z a_k' - a_k a_k' S2,
 * then adds the chunk's totals to a_k and C_k for the next chunk. Every sum over rows is thus
 * summed within chunks and then across chunks in chunk order: the same bits for any number of
 * threads, and the sequential sweep's values up to rounding (about 1e-15 relative).
 *
 * Contract: `data` as prepareCoxData (no start times); `bounds` the chunks' first positions and
 * n, each a tie-group or stratum boundary. Per chunk, pass 1 writes `riskTotal[k]` (risk of the
 * chunk's last stratum segment) and `splits[k]` (1 when a stratum starts inside the chunk);
 * pass 2 writes the chunk's record of CHUNK_RECORD(p) values at k * CHUNK_RECORD(p) in `out`:
 * loglik | U (p) | I (p x p, lower triangle used) | S1 | S2 | Z (p) | last segment's
 * sum r x (p) | last segment's sum r x x' (p x p, lower).
 */

/** Values per chunk in the output of {@link coxChunkSweep}. */
export function chunkRecord(p: number): number {
  return 3 + 4 * p + 2 * p * p;
}

export interface CoxChunkArgs {
  n: number;
  p: number;
  x: Float64Array;
  offset: Float64Array;
  weight: Float64Array;
  stop: Float64Array;
  event: Uint8Array;
  stratum: Int32Array;
  bounds: Int32Array;
  beta: Float64Array;
  eta: Float64Array;
  risk: Float64Array;
  riskTotal: Float64Array;
  splits: Float64Array;
  /** risk of the earlier rows of the stratum, per chunk (set between the passes) */
  carry: Float64Array;
  efron: boolean;
  out: Float64Array;
  pass: number;
}

/**
 * Pass 1 (`args.pass === 1`): linear predictor and weighted risk of the chunk's rows and its
 * last segment's risk total. Pass 2: the chunk's sweep (see the file comment).
 */
export function coxChunkSweep(args: CoxChunkArgs, chunk: number): void {
  const { p, x, weight, stop, event, stratum, eta, risk } = args;
  const first = args.bounds[chunk];
  const end = args.bounds[chunk + 1];
  if (args.pass === 1) {
    const { beta, offset } = args;
    let total = 0;
    let split = 0;
    for (let k = first; k < end; k++) {
      let z = offset[k];
      const base = k * p;
      for (let j = 0; j < p; j++) z += beta[j] * x[base + j];
      eta[k] = z;
      const r = Math.exp(z) * weight[k];
      risk[k] = r;
      if (k > first && stratum[k] !== stratum[k - 1]) {
        total = 0;
        split = 1;
      }
      total += r;
    }
    args.riskTotal[chunk] = total;
    args.splits[chunk] = split;
    return;
  }
  const size = 3 + 4 * p + 2 * p * p;
  const record = new Float64Array(size);
  const U = 1;
  const I = U + p;
  const S = I + p * p;
  const Z = S + 2;
  const A = Z + p;
  const C = A + p;
  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  const cmat = new Float64Array(p * p);
  const cmat2 = new Float64Array(p * p);
  let base = args.carry[chunk];
  let firstSegment = true;
  let denom = 0;
  let person = first;
  let loglik = 0;
  while (person < end) {
    // one stratum segment of the chunk: [person, segmentEnd)
    let segmentEnd = person + 1;
    while (segmentEnd < end && stratum[segmentEnd] === stratum[person]) segmentEnd++;
    while (person < segmentEnd) {
      let q = person;
      while (q < segmentEnd && event[q] === 0) q++;
      const t = q < segmentEnd ? stop[q] : Number.NEGATIVE_INFINITY;
      let deaths = 0;
      let deadWeight = 0;
      let denom2 = 0;
      a2.fill(0);
      cmat2.fill(0);
      for (; person < segmentEnd && stop[person] >= t; person++) {
        const r = risk[person];
        const row = person * p;
        if (event[person] === 1) {
          deaths++;
          const w = weight[person];
          deadWeight += w;
          denom2 += r;
          loglik += w * eta[person];
          for (let i = 0; i < p; i++) {
            const xi = x[row + i];
            const rx = r * xi;
            record[U + i] += w * xi;
            a2[i] += rx;
            const ip = i * p;
            for (let j = 0; j <= i; j++) cmat2[ip + j] += rx * x[row + j];
          }
        } else {
          denom += r;
          for (let i = 0; i < p; i++) {
            const rx = r * x[row + i];
            a[i] += rx;
            const ip = i * p;
            for (let j = 0; j <= i; j++) cmat[ip + j] += rx * x[row + j];
          }
        }
      }
      if (deaths === 0) break; // the rows after the segment's last event time
      const steps = !args.efron || deaths === 1 ? 1 : deaths;
      const share = deadWeight / steps;
      let s1 = 0;
      let t1 = 0;
      let s2 = 0;
      let t2 = 0;
      let u2 = 0;
      for (let k = 0; k < steps; k++) {
        const f = (k + 1) / steps;
        const denomK = base + denom + f * denom2;
        loglik -= share * Math.log(denomK);
        const inv = 1 / denomK;
        const inv2 = inv * inv;
        s1 += inv;
        t1 += f * inv;
        s2 += inv2;
        t2 += f * inv2;
        u2 += f * f * inv2;
      }
      if (firstSegment) {
        record[S] += share * s1;
        record[S + 1] += share * s2;
        for (let i = 0; i < p; i++) record[Z + i] += share * (s2 * a[i] + t2 * a2[i]);
      }
      for (let i = 0; i < p; i++) {
        const ai = a[i];
        const a2i = a2[i];
        record[U + i] -= share * (ai * s1 + a2i * t1);
        const ip = i * p;
        for (let j = 0; j <= i; j++) {
          const aj = a[j];
          const a2j = a2[j];
          record[I + ip + j] +=
            share *
            (cmat[ip + j] * s1 +
              cmat2[ip + j] * t1 -
              (ai * aj * s2 + (ai * a2j + a2i * aj) * t2 + a2i * a2j * u2));
        }
      }
      denom += denom2;
      for (let i = 0; i < p; i++) {
        a[i] += a2[i];
        const ip = i * p;
        for (let j = 0; j <= i; j++) cmat[ip + j] += cmat2[ip + j];
      }
    }
    if (segmentEnd < end) {
      // a new stratum starts inside the chunk: its sums start from zero
      person = segmentEnd;
      base = 0;
      denom = 0;
      firstSegment = false;
      a.fill(0);
      cmat.fill(0);
    }
  }
  record[0] = loglik;
  for (let i = 0; i < p; i++) record[A + i] = a[i];
  for (let i = 0; i < p * p; i++) record[C + i] = cmat[i];
  args.out.set(record, chunk * size);
}
