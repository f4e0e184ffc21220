import type {
  GlmerConditionalModes,
  GlmerIcc,
  GlmerScaledResiduals,
  GlmerVarianceComponent,
} from '../types.ts';
import type { BlockSystem } from './block-system.ts';
import type { MixedFamily } from './family.ts';
import type { MixedModelData } from './frame.ts';
import type { Structure } from './structure.ts';

/** Covariance matrix of term k's random effects: T_k T_k' (the scale is 1 for binomial and poisson). */
export function termCovariance(factor: Float64Array, p: number): Float64Array {
  const s = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let v = 0;
      for (let r = 0; r < p; r++) v += factor[r * p + i]! * factor[r * p + j]!;
      s[j * p + i] = v;
    }
  }
  return s;
}

/** as.data.frame(VarCorr(fit)): per group its variances, then covariances in (1,2), (1,3), (2,3) order. */
export function varianceComponents(
  data: MixedModelData,
  factors: Float64Array[],
): GlmerVarianceComponent[] {
  const out: GlmerVarianceComponent[] = [];
  data.terms.forEach((term, k) => {
    const p = term.p;
    const s = termCovariance(factors[k]!, p);
    for (let j = 0; j < p; j++) {
      const v = s[j * p + j]!;
      out.push({
        group: term.group,
        var1: term.columns[j]!,
        var2: null,
        vcov: v,
        sdcor: Math.sqrt(v),
      });
    }
    for (let i = 0; i < p; i++) {
      for (let j = i + 1; j < p; j++) {
        const c = s[j * p + i]!;
        const d = Math.sqrt(s[i * p + i]! * s[j * p + j]!);
        out.push({
          group: term.group,
          var1: term.columns[i]!,
          var2: term.columns[j]!,
          vcov: c,
          sdcor: d > 0 ? c / d : Number.NaN,
        });
      }
    }
  });
  return out;
}

/**
 * Conditional modes b = Lambda u and their conditional variances: the diagonal blocks of
 * Lambda (Lambda'Z'WZ Lambda + I)^-1 Lambda' at the modes (ranef(condVar = TRUE)), with the system
 * factored for u only.
 */
export function conditionalModes(
  data: MixedModelData,
  structure: Structure,
  factors: Float64Array[],
  u: Float64Array,
  system: BlockSystem,
): GlmerConditionalModes[] {
  const out: GlmerConditionalModes[] = [];
  const q = structure.q;
  data.terms.forEach((term, k) => {
    const p = term.p;
    const f = factors[k]!;
    const levels = term.levels.length;
    const modes = term.columns.map(() => new Array<number>(levels));
    const vars = term.columns.map(() => new Array<number>(levels));
    const block = new Float64Array(p * p);
    for (let l = 0; l < levels; l++) {
      const base = structure.uStart[k]! + l * p;
      // b_l = T u_l
      for (let i = 0; i < p; i++) {
        let v = 0;
        for (let r = 0; r <= i; r++) v += f[r * p + i]! * u[base + r]!;
        modes[i]![l] = v;
      }
      // (A^-1) block for this level: solve A x = e_j
      for (let j = 0; j < p; j++) {
        const e = new Float64Array(q);
        e[base + j] = 1;
        const x = system.solve(e);
        for (let i = 0; i < p; i++) block[j * p + i] = x[base + i]!;
      }
      // T block T'
      for (let i = 0; i < p; i++) {
        let v = 0;
        for (let r = 0; r <= i; r++)
          for (let s = 0; s <= i; s++) v += f[r * p + i]! * block[s * p + r]! * f[s * p + i]!;
        vars[i]![l] = v;
      }
    }
    term.columns.forEach((column, i) => {
      out.push({
        group: term.factor,
        term: column,
        levels: term.levels,
        mode: modes[i]!,
        condVar: vars[i]!,
      });
    });
  });
  return out;
}

/** Latent-scale ICC of each grouping factor's random intercept. */
export function intraclassCorrelations(
  data: MixedModelData,
  components: GlmerVarianceComponent[],
  family: MixedFamily,
  beta: ArrayLike<number>,
): GlmerIcc[] {
  const intercepts = components.filter((c) => c.var2 === null && c.var1 === '(Intercept)');
  if (intercepts.length === 0) return [];
  const total = intercepts.reduce((s, c) => s + c.vcov, 0);
  let residualVariance: number;
  let method: GlmerIcc['method'];
  if (family.family === 'poisson') {
    const b0 = data.fixedNames[0] === '(Intercept)' ? beta[0]! : 0;
    residualVariance = Math.log1p(1 / Math.exp(b0 + total / 2));
    method = 'log-normal approximation (Nakagawa et al. 2017)';
  } else if (family.link === 'probit') {
    residualVariance = 1;
    method = 'latent (probit: 1)';
  } else {
    residualVariance = (Math.PI * Math.PI) / 3;
    method = 'latent (logit: pi^2/3)';
  }
  return intercepts.map((c) => ({
    group: c.group,
    value: c.vcov / (total + residualVariance),
    residualVariance,
    method,
  }));
}

/** R's `quantile(x, p)` (type 7: linear interpolation between order statistics) of sorted values. */
function quantileSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Five-number summary of the scaled Pearson residuals, `quantile(residuals(fit, "pearson", scaled
 * = TRUE))`: (y - mu) sqrt(w / V(mu)) at the conditional modes (the scale is 1 for binomial and
 * poisson).
 */
export function scaledResidualQuantiles(
  data: MixedModelData,
  family: MixedFamily,
  mu: ArrayLike<number>,
): GlmerScaledResiduals {
  const r = new Float64Array(data.n);
  for (let i = 0; i < data.n; i++) {
    r[i] = (data.y[i]! - mu[i]!) * Math.sqrt(data.weights[i]! / family.variance(mu[i]!));
  }
  r.sort();
  const [min, q1, median, q3, max] = [0, 0.25, 0.5, 0.75, 1].map((p) => quantileSorted(r, p));
  return { min: min!, q1: q1!, median: median!, q3: q3!, max: max! };
}
