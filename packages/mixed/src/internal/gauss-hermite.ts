/**
 * Gauss-Hermite rule for integrals against the standard normal density (lme4's GHrule): nodes z
 * and weights w with sum(w) = 1 and sum(w f(z)) ~ E f(Z), Z ~ N(0, 1), exact for polynomials of
 * degree < 2 order.
 *
 * Contract: order 1..100. Nodes are the roots of the physicists' Hermite polynomial H_order found
 * by Newton's method from the usual asymptotic starting values (Numerical Recipes' gauher),
 * scaled by sqrt(2); weights w_k / sqrt(pi). The rule is symmetrised (z_k = -z_{order+1-k}).
 */
export function gaussHermite(order: number): { z: Float64Array; w: Float64Array } {
  const n = order;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const pim4 = Math.PI ** -0.25;
  const m = Math.floor((n + 1) / 2);
  let z = 0;
  for (let i = 0; i < m; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * (2 * n + 1) ** -0.16667;
    else if (i === 1) z -= (1.14 * n ** 0.426) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0]!;
    else if (i === 3) z = 1.91 * z - 0.91 * x[1]!;
    else z = 2 * z - x[i - 2]!;
    let pp = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p1 = pim4;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    x[i] = z;
    x[n - 1 - i] = -z;
    w[i] = 2 / (pp * pp);
    w[n - 1 - i] = w[i]!;
  }
  if (n % 2 === 1) x[m - 1] = 0;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) total += w[k]!;
  // ascending order, as GHrule
  for (let k = 0; k < n; k++) {
    nodes[k] = Math.SQRT2 * x[n - 1 - k]!;
    weights[k] = w[n - 1 - k]! / total;
  }
  return { z: nodes, w: weights };
}
