import { BlockSystem } from './block-system.ts';
import { gaussHermite } from './gauss-hermite.ts';
import { linearPredictor, type MixedModel, type PirlsResult, pirls } from './pirls.ts';
import { relativeFactors } from './structure.ts';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The deviance functions glmer optimises, each with warm-started conditional modes.
 *
 * - `stage1(theta)`: nAGQ = 0: PIRLS over u and beta jointly, value
 *   sum(-2 log f(y | mu)) + |u|^2 + log|L|^2 (lme4's glmResp::Laplace).
 * - `stage2([theta, beta])`: PIRLS over u only at the given beta; Laplace value as above when
 *   nAGQ = 1, and for nAGQ > 1 (one scalar random-effects term) lme4's glmerAGQ:
 *   sum_l devc0_l + log|L|^2 - 2 sum_l log m_l, where devc0_l = u_l^2 + sum of the deviance
 *   residuals of level l at the modes and
 *   m_l = sum_k w_k exp(-(devc_l(u_l + z_k / L_ll) - devc0_l) / 2 - log phi(z_k)) / sqrt(2 pi),
 *   the adaptive Gauss-Hermite rule centred at the mode with scale the conditional sd 1 / L_ll.
 *   (Deviance residuals, not -2 log f: for 0/1 responses the two agree; otherwise glmer's AGQ
 *   log-likelihood differs from the Laplace one by the saturated model's constant.)
 */
export class Objective {
  readonly model: MixedModel;
  readonly nAGQ: number;
  private readonly jointSystem: BlockSystem;
  readonly uOnlySystem: BlockSystem;
  private beta: Float64Array;
  /** lme4's lp0: every PIRLS run of a stage starts from this linear predictor. */
  private etaStart: Float64Array;
  private readonly rule: { z: Float64Array; w: Float64Array } | null;
  evaluations = 0;
  /** Set when some PIRLS run did not converge or failed. */
  pirlsTrouble = false;
  last: PirlsResult | null = null;

  constructor(model: MixedModel, nAGQ: number, betaStart: Float64Array) {
    this.model = model;
    this.nAGQ = nAGQ;
    this.jointSystem = new BlockSystem(model.data, model.structure, true);
    this.uOnlySystem = new BlockSystem(model.data, model.structure, false);
    this.beta = Float64Array.from(betaStart);
    this.rule = nAGQ > 1 ? gaussHermite(nAGQ) : null;
    // As glmer: the initial joint PIRLS at theta = start from the family's starting means.
    const { data, family } = model;
    this.etaStart = Float64Array.from(data.y, (y, i) =>
      family.linkFunction(family.start(y, data.weights[i]!)),
    );
    const r = pirls(
      model,
      this.jointSystem,
      relativeFactors(data, model.structure, model.structure.thetaStart0),
      this.etaStart,
      this.beta,
    );
    if (r.ok) {
      this.etaStart = Float64Array.from(r.eta);
      this.beta = Float64Array.from(r.beta);
    }
  }

  /** Start stage 2: its PIRLS runs begin at the linear predictor of stage 1's optimum. */
  beginStage2(thetaStage1: ArrayLike<number>): void {
    this.stage1(thetaStage1);
    if (this.last?.ok) this.etaStart = Float64Array.from(this.last.eta);
  }

  get betaJoint(): Float64Array {
    return this.beta;
  }

  /** The joint system, factored at the last stage-1 evaluation. */
  jointSystemForStart(): BlockSystem {
    return this.jointSystem;
  }

  stage1(theta: ArrayLike<number>): number {
    this.evaluations++;
    const factors = relativeFactors(this.model.data, this.model.structure, theta);
    const r = pirls(this.model, this.jointSystem, factors, this.etaStart, this.beta);
    return this.laplace(r, this.jointSystem);
  }

  stage2(par: ArrayLike<number>): number {
    this.evaluations++;
    const { nTheta } = this.model.structure;
    const theta = Array.prototype.slice.call(par, 0, nTheta) as number[];
    const beta = Float64Array.from(Array.prototype.slice.call(par, nTheta) as number[]);
    const factors = relativeFactors(this.model.data, this.model.structure, theta);
    const r = pirls(this.model, this.uOnlySystem, factors, this.etaStart, beta);
    if (this.nAGQ <= 1) return this.laplace(r, this.uOnlySystem);
    if (!r.ok) {
      this.pirlsTrouble = true;
      return Number.POSITIVE_INFINITY;
    }
    this.accept(r);
    return this.adaptiveQuadrature(r, factors);
  }

  private accept(r: PirlsResult): void {
    if (!r.converged) this.pirlsTrouble = true;
    this.last = r;
  }

  private laplace(r: PirlsResult, system: BlockSystem): number {
    if (!r.ok) {
      this.pirlsTrouble = true;
      return Number.POSITIVE_INFINITY;
    }
    this.accept(r);
    if (system.joint) this.beta = Float64Array.from(r.beta);
    const { data, family } = this.model;
    let aic = 0;
    let uu = 0;
    for (let i = 0; i < data.n; i++)
      aic += family.minusTwoLogDensity(data.y[i]!, r.mu[i]!, data.weights[i]!);
    for (let j = 0; j < r.u.length; j++) uu += r.u[j]! * r.u[j]!;
    return aic + uu + system.logDetU();
  }

  private adaptiveQuadrature(r: PirlsResult, factors: Float64Array[]): number {
    const { data, family } = this.model;
    const term = data.terms[0]!;
    const levels = term.levels.length;
    const system = this.uOnlySystem;
    const devc = (u: Float64Array, mu: Float64Array, out: Float64Array) => {
      for (let l = 0; l < levels; l++) out[l] = u[l]! * u[l]!;
      for (let i = 0; i < data.n; i++)
        out[term.codes[i]!] += family.devianceResidual(data.y[i]!, mu[i]!, data.weights[i]!);
    };
    const devc0 = new Float64Array(levels);
    devc(r.u, r.mu, devc0);
    const sd = Float64Array.from({ length: levels }, (_, l) => 1 / system.d[l]!);
    const mult = new Float64Array(levels);
    const shifted = new Float64Array(levels);
    const eta = new Float64Array(data.n);
    const mu = new Float64Array(data.n);
    const devcK = new Float64Array(levels);
    const rule = this.rule!;
    for (let k = 0; k < rule.z.length; k++) {
      const zk = rule.z[k]!;
      if (zk === 0) {
        for (let l = 0; l < levels; l++) mult[l] += rule.w[k]!;
        continue;
      }
      for (let l = 0; l < levels; l++) shifted[l] = r.u[l]! + zk * sd[l]!;
      linearPredictor(this.model, factors, shifted, r.beta, eta);
      for (let i = 0; i < data.n; i++) mu[i] = family.linkInverse(eta[i]!);
      devc(shifted, mu, devcK);
      const ldnorm = -0.5 * zk * zk - LOG_SQRT_2PI;
      for (let l = 0; l < levels; l++) {
        mult[l] +=
          (Math.exp(-0.5 * (devcK[l]! - devc0[l]!) - ldnorm) * rule.w[k]!) / Math.sqrt(2 * Math.PI);
      }
    }
    let total = system.logDetU();
    for (let l = 0; l < levels; l++) total += devc0[l]! - 2 * Math.log(mult[l]!);
    return total;
  }
}
