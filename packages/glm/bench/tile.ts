import { crossprod } from '@muster/core';

const n = 1_000_000,
  p = 11;
const x = new Float64Array(n * p);
const w = new Float64Array(n);
for (let i = 0; i < x.length; i++) x[i] = Math.random();
for (let i = 0; i < n; i++) w[i] = Math.random();
const B = 256;
const buf = new Float64Array(B * p);
function tiled(x: Float64Array, n: number, p: number, w: Float64Array): Float64Array {
  const out = new Float64Array(p * p);
  for (let s = 0; s < n; s += B) {
    const m = Math.min(B, n - s);
    for (let j = 0; j < p; j++) {
      const cj = j * n + s;
      const bj = j * B;
      for (let i = 0; i < m; i++) buf[bj + i] = x[cj + i] * w[s + i];
    }
    let j = 0;
    for (; j + 1 < p; j += 2) {
      const bj0 = j * B,
        bj1 = bj0 + B;
      let k = j;
      for (; k + 3 < p; k += 4) {
        const c0 = k * n + s,
          c1 = c0 + n,
          c2 = c1 + n,
          c3 = c2 + n;
        let a0 = 0,
          a1 = 0,
          a2 = 0,
          a3 = 0,
          b0 = 0,
          b1 = 0,
          b2 = 0,
          b3 = 0;
        for (let i = 0; i < m; i++) {
          const u0 = buf[bj0 + i],
            u1 = buf[bj1 + i];
          const x0 = x[c0 + i],
            x1 = x[c1 + i],
            x2 = x[c2 + i],
            x3 = x[c3 + i];
          a0 += u0 * x0;
          a1 += u0 * x1;
          a2 += u0 * x2;
          a3 += u0 * x3;
          b0 += u1 * x0;
          b1 += u1 * x1;
          b2 += u1 * x2;
          b3 += u1 * x3;
        }
        const o0 = j * p + k,
          o1 = o0 + p;
        out[o0] += a0;
        out[o0 + 1] += a1;
        out[o0 + 2] += a2;
        out[o0 + 3] += a3;
        out[o1] += b0;
        out[o1 + 1] += b1;
        out[o1 + 2] += b2;
        out[o1 + 3] += b3;
      }
      for (; k < p; k++) {
        const c0 = k * n + s;
        let a0 = 0,
          b0 = 0;
        for (let i = 0; i < m; i++) {
          const x0 = x[c0 + i];
          a0 += buf[bj0 + i] * x0;
          b0 += buf[bj1 + i] * x0;
        }
        out[j * p + k] += a0;
        out[(j + 1) * p + k] += b0;
      }
    }
    for (; j < p; j++) {
      const bj0 = j * B;
      for (let k = j; k < p; k++) {
        const c0 = k * n + s;
        let a0 = 0;
        for (let i = 0; i < m; i++) a0 += buf[bj0 + i] * x[c0 + i];
        out[j * p + k] += a0;
      }
    }
  }
  for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) out[k * p + j] = out[j * p + k];
  return out;
}
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let ta = 0,
  tb = 0;
for (let r = 0; r < 12; r++) {
  let c = cpu();
  const a = crossprod(x, n, p, w);
  ta += r >= 2 ? cpu() - c : 0;
  c = cpu();
  const b = tiled(x, n, p, w);
  tb += r >= 2 ? cpu() - c : 0;
  if (r === 0) {
    let d = 0;
    for (let i = 0; i < p * p; i++) d = Math.max(d, Math.abs(a[i] - b[i]) / Math.abs(a[i]));
    console.log('maxrel', d);
  }
}
console.log('core crossprod cpu/call', (ta / 10).toFixed(1), 'tiled 2x4', (tb / 10).toFixed(1));
