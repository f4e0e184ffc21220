import type { Random } from '@muster/core';
import { penalisedObjective } from '../penalised-fit.ts';
import type { MixtureComponent } from './select.ts';

/**
 * Posterior draws of the smooth series from a mixture of Laplace approximations, by elliptical
 * slice sampling (Murray, Adams & MacKay 2010) around each.
 *
 * Contract
 *   components  Laplace approximations (mode theta-hat, Cholesky factor L of -Hessian, the
 *               objective's terms) with normalised weights; draws are shared among them by weight
 *   returns     x draws (draws x n, row-major, exp of theta) and the component of each draw
 * Within a component, theta = theta-hat + f with f ~ N(0, H^-1) as the reference and
 * exp(Q(theta) + f'Hf / 2) as the factor it is corrected by, so where the likelihood is far from
 * quadratic in log x (a month of a yearly total cannot exceed the total) the draws follow the
 * posterior, not the Gaussian approximation. Each chain starts at the mode and discards `burnIn`
 * steps.
 */
export function sampleMixture(
  components: readonly MixtureComponent[],
  draws: number,
  random: Random,
  burnIn = 100,
): { x: Float64Array; component: Int32Array } {
  const n = components[0].fit.theta.length;
  const x = new Float64Array(draws * n);
  const component = new Int32Array(draws);
  const scratch = new Float64Array(n);
  let filled = 0;
  components.forEach((c, j) => {
    const share =
      j === components.length - 1
        ? draws - filled
        : Math.min(draws - filled, Math.round(c.weight * draws));
    if (share <= 0) return;
    const mode = c.fit;
    const f = new Float64Array(n);
    const z = new Float64Array(n);
    const nu = new Float64Array(n);
    const e = new Float64Array(n);
    const proposal = new Float64Array(n);
    const proposalZ = new Float64Array(n);
    const theta = new Float64Array(n);
    const correction = (offset: Float64Array, whitened: Float64Array): number => {
      let squared = 0;
      for (let i = 0; i < n; i++) {
        theta[i] = mode.theta[i] + offset[i];
        squared += whitened[i] * whitened[i];
      }
      return (
        penalisedObjective(theta, c.terms, c.blocks, c.penalty, 1, c.centre, scratch) + squared / 2
      );
    };
    let current = correction(f, z);
    for (let iteration = 0; iteration < burnIn + share; iteration++) {
      for (let i = 0; i < n; i++) e[i] = random.normal();
      backSubstituteInto(mode.factor, n, e, nu);
      const threshold = current + Math.log(random.uniform() || Number.MIN_VALUE);
      let angle = random.uniform() * 2 * Math.PI;
      let low = angle - 2 * Math.PI;
      let high = angle;
      for (let shrink = 0; shrink < 200; shrink++) {
        const cos = Math.cos(angle);
        const sin = Math.sin(angle);
        for (let i = 0; i < n; i++) {
          proposal[i] = f[i] * cos + nu[i] * sin;
          proposalZ[i] = z[i] * cos + e[i] * sin;
        }
        const value = correction(proposal, proposalZ);
        if (value > threshold) {
          f.set(proposal);
          z.set(proposalZ);
          current = value;
          break;
        }
        if (angle < 0) low = angle;
        else high = angle;
        angle = low + random.uniform() * (high - low);
      }
      if (iteration >= burnIn) {
        const row = filled * n;
        for (let i = 0; i < n; i++) x[row + i] = Math.exp(mode.theta[i] + f[i]);
        component[filled] = j;
        filled++;
      }
    }
  });
  return { x, component };
}

/** Solve L' u = e for the lower Cholesky factor L (column-major) into u. */
function backSubstituteInto(l: Float64Array, m: number, e: Float64Array, u: Float64Array): void {
  for (let i = m - 1; i >= 0; i--) {
    let s = e[i];
    for (let j = i + 1; j < m; j++) s -= l[i * m + j] * u[j];
    u[i] = s / l[i * m + i];
  }
}
