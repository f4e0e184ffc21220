/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Lower bounds (-Infinity where free). */
  lower: number[];
  /** Initial simplex step per coordinate. */
  step: number[];
  /** Stop when the simplex values span less than this. */
  fTolerance?: number;
  /** ... and the vertices lie within this of the best one (relative, plus the same absolute). */
  xTolerance?: number;
  maxEvaluations?: number;
}

/** Result of {@link nelderMead}. */
export interface NelderMeadResult {
  x: number[];
  value: number;
  evaluations: number;
  converged: boolean;
  restarts: number;
}

/**
 * Minimise f by the Nelder-Mead simplex method (Nelder & Mead 1965, with the standard
 * coefficients 1, 2, 1/2, 1/2 and Lagarias et al.'s 1998 ordering rules), with lower bounds
 * enforced by projecting trial points onto the box, restarted from the best vertex with a fresh,
 * smaller simplex until a restart no longer improves the value by more than the tolerance (the
 * guard against a collapsed simplex that lme4's Nelder_Mead and O'Neill's AS 47 also use).
 *
 * Contract: x0 within the bounds; f may return Infinity or NaN (treated as +Infinity).
 */
export function nelderMead(
  f: (x: number[]) => number,
  x0: number[],
  options: NelderMeadOptions,
): NelderMeadResult {
  const fTol = options.fTolerance ?? 1e-10;
  const xTol = options.xTolerance ?? 1e-8;
  const maxEvaluations = options.maxEvaluations ?? 20_000;
  const { lower } = options;
  let evaluations = 0;
  const value = (x: number[]) => {
    evaluations++;
    const v = f(x);
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };
  const project = (x: number[]) => x.map((v, j) => Math.max(v, lower[j]!));
  let best = project(x0);
  let bestValue = value(best);
  let step = options.step.slice();
  let converged = false;
  let restarts = 0;
  for (; restarts < 20 && evaluations < maxEvaluations; restarts++) {
    const run = simplexRun(
      value,
      project,
      best,
      bestValue,
      step,
      fTol,
      xTol,
      () => evaluations < maxEvaluations,
    );
    const improvement = bestValue - run.value;
    best = run.x;
    bestValue = run.value;
    if (run.converged && restarts > 0 && improvement <= fTol) {
      converged = true;
      break;
    }
    step = step.map((_, j) => Math.max(10 * run.spread[j]!, 1e-3 * (Math.abs(best[j]!) + 1)));
  }
  return { x: best, value: bestValue, evaluations, converged, restarts };
}

function simplexRun(
  value: (x: number[]) => number,
  project: (x: number[]) => number[],
  start: number[],
  startValue: number,
  step: number[],
  fTol: number,
  xTol: number,
  budget: () => boolean,
): { x: number[]; value: number; converged: boolean; spread: number[] } {
  const n = start.length;
  const points: number[][] = [start.slice()];
  const values: number[] = [startValue];
  for (let j = 0; j < n; j++) {
    let x = start.slice();
    x[j] = x[j]! + step[j]!;
    x = project(x);
    if (x[j] === start[j]) {
      x[j] = start[j]! + Math.abs(step[j]!);
    }
    points.push(x);
    values.push(value(x));
  }
  let converged = false;
  while (budget()) {
    const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    const sortedP = order.map((i) => points[i]!);
    const sortedV = order.map((i) => values[i]!);
    points.splice(0, points.length, ...sortedP);
    values.splice(0, values.length, ...sortedV);
    const fBest = values[0]!;
    const fWorst = values[n]!;
    let xSpread = 0;
    for (let i = 1; i <= n; i++) {
      for (let j = 0; j < n; j++) {
        const d = Math.abs(points[i]![j]! - points[0]![j]!) / (Math.abs(points[0]![j]!) + 1);
        if (d > xSpread) xSpread = d;
      }
    }
    if (fWorst - fBest <= fTol && xSpread <= xTol) {
      converged = true;
      break;
    }
    if (Number.isFinite(fBest) && fWorst - fBest <= fTol * 1e-3 && xSpread <= xTol * 1e3) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += points[i]![j]! / n;
    const along = (t: number) => project(centroid.map((c, j) => c + t * (points[n]![j]! - c)));
    const xr = along(-1);
    const fr = value(xr);
    if (fr < fBest) {
      const xe = along(-2);
      const fe = value(xe);
      if (fe < fr) replace(points, values, n, xe, fe);
      else replace(points, values, n, xr, fr);
    } else if (fr < values[n - 1]!) {
      replace(points, values, n, xr, fr);
    } else {
      const outside = fr < fWorst;
      const xc = along(outside ? -0.5 : 0.5);
      const fc = value(xc);
      if (fc <= (outside ? fr : fWorst)) replace(points, values, n, xc, fc);
      else {
        for (let i = 1; i <= n; i++) {
          points[i] = project(
            points[i]!.map((v, j) => points[0]![j]! + 0.5 * (v - points[0]![j]!)),
          );
          values[i] = value(points[i]!);
        }
      }
    }
  }
  let b = 0;
  for (let i = 1; i <= n; i++) if (values[i]! < values[b]!) b = i;
  const spread = new Array<number>(n).fill(0);
  for (let i = 0; i <= n; i++)
    for (let j = 0; j < n; j++)
      spread[j] = Math.max(spread[j]!, Math.abs(points[i]![j]! - points[b]![j]!));
  return { x: points[b]!, value: values[b]!, converged, spread };
}

function replace(points: number[][], values: number[], i: number, x: number[], v: number): void {
  points[i] = x;
  values[i] = v;
}
