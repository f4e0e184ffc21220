import { crossprod } from '@muster/core';
import { gramAndScore, gramKernel } from '../src/internal/gram.ts';

console.log(gramKernel());
for (const [n, p] of [
  [7, 3],
  [1, 1],
  [1030, 5],
  [5000, 11],
  [3, 12],
]) {
  const x = new Float64Array(n * p).map(() => Math.random() - 0.5);
  const w = new Float64Array(n).map(() => Math.random());
  const u = new Float64Array(n).map(() => Math.random());
  const a = crossprod(x, n, p, w);
  const g = gramAndScore(x, n, p, w, u);
  let d = 0;
  for (let i = 0; i < p * p; i++)
    d = Math.max(d, Math.abs(a[i] - g.a[i]) / (Math.abs(a[i]) + 1e-300));
  let ds = 0;
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[j * n + i] * u[i];
    ds = Math.max(ds, Math.abs(s - g.score![j]) / Math.abs(s));
  }
  console.log(n, p, 'gram maxrel', d.toExponential(2), 'score maxrel', ds.toExponential(2));
}
const n = 1_000_000,
  p = 11;
const x = new Float64Array(n * p).map(() => Math.random());
const w = new Float64Array(n).map(() => Math.random());
const u = new Float64Array(n).map(() => Math.random());
const cpu = () => {
  const q = process.cpuUsage();
  return (q.user + q.system) / 1000;
};
let ta = 0,
  tb = 0;
for (let r = 0; r < 12; r++) {
  let c = cpu();
  crossprod(x, n, p, w);
  ta += r >= 2 ? cpu() - c : 0;
  c = cpu();
  gramAndScore(x, n, p, w, u);
  tb += r >= 2 ? cpu() - c : 0;
}
console.log(
  'core crossprod cpu/call',
  (ta / 10).toFixed(1),
  'wasm gram+score',
  (tb / 10).toFixed(1),
);
