import { rxCovariance } from './inference.ts';
import { nelderMead } from './nelder-mead.ts';
import type { Objective } from './objective.ts';

/** The optimum of glmer's two-stage fit. */
export interface Optimum {
  theta: number[];
  beta: number[];
  /** Deviance at the optimum (stage 2). */
  value: number;
  converged: boolean;
  evaluations: number;
}

/**
 * glmer's two stages: (1) theta by the nAGQ = 0 deviance, beta updated inside PIRLS; (2) theta and
 * beta together by the Laplace (or AGQ) deviance, from stage 1's values. Both stages use the
 * bounded, restarted Nelder-Mead; stage 2 starts with steps of half a conditional standard error
 * for beta, so the simplex is scaled to the problem.
 */
export function optimise(objective: Objective, maxEvaluations: number): Optimum {
  const s = objective.model.structure;
  const stage1 = nelderMead((t) => objective.stage1(t), s.thetaStart0, {
    lower: s.thetaLower,
    step: s.thetaStart0.map((v) => (v === 1 ? 0.25 : 0.1)),
    fTolerance: 1e-7,
    xTolerance: 1e-5,
    maxEvaluations,
  });
  objective.beginStage2(stage1.x);
  const beta1 = Array.from(objective.betaJoint);
  const p = beta1.length;
  const se = rxCovariance(objective.jointSystemForStart(), p).map((row, j) => Math.sqrt(row[j]!));
  const start = [...stage1.x, ...beta1];
  const lower = [...s.thetaLower, ...beta1.map(() => Number.NEGATIVE_INFINITY)];
  const step = [
    ...stage1.x.map((t, j) => (s.thetaLower[j] === 0 ? Math.max(0.1 * t, 0.05) : 0.05)),
    ...se.map((v) => (Number.isFinite(v) && v > 0 ? 0.5 * v : 0.1)),
  ];
  const stage2 = nelderMead((x) => objective.stage2(x), start, {
    lower,
    step,
    fTolerance: 1e-10,
    xTolerance: 1e-7,
    maxEvaluations,
  });
  return {
    theta: stage2.x.slice(0, s.nTheta),
    beta: stage2.x.slice(s.nTheta),
    value: stage2.value,
    converged: stage1.converged && stage2.converged,
    evaluations: stage1.evaluations + stage2.evaluations,
  };
}
