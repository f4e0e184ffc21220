/**
 * The sum over clusters of squared influences of a cumulative curve, kept current in O(1) per
 * row entry, exit and event (instead of O(clusters) per event time).
 *
 * Contract: cluster c has weight at risk Y_c and accumulated influence A_c. At an event time with
 * hazard fraction h = D / Y and scale g (1 / (Y - D) for log S of the Kaplan-Meier curve, 1 / Y
 * for the Nelson-Aalen hazard), every cluster's influence moves by
 *   delta_c = g (e_c - h Y_c),
 * where e_c is the cluster's event weight at that time (the derivative of the increment with
 * respect to each row's case weight, summed over the cluster's rows with their weights).
 * sumOfSquares() returns sum_c A_c^2, the infinitesimal-jackknife variance of the curve on its own
 * scale (survfit's robust variance).
 *
 * Method: clusters without an event at a time move by -g h Y_c, proportional to a global
 * cumulative G = sum g h, so A_c is stored as of its last touch and brought up to date lazily
 * (A_c - Y_c (G - G_touch)); sum A_c^2, Q = sum A_c Y_c and sum Y_c^2 are updated in closed form.
 */
export class ClusterInfluence {
  private readonly value: Float64Array;
  private readonly weightAtRisk: Float64Array;
  private readonly touched: Float64Array;
  private global = 0;
  private squares = 0;
  private cross = 0;
  private weightSquares = 0;

  constructor(nClusters: number) {
    this.value = new Float64Array(nClusters);
    this.weightAtRisk = new Float64Array(nClusters);
    this.touched = new Float64Array(nClusters);
  }

  /** Bring cluster c's influence up to the current time and return it. */
  private current(c: number): number {
    const a = this.value[c] - this.weightAtRisk[c] * (this.global - this.touched[c]);
    this.value[c] = a;
    this.touched[c] = this.global;
    return a;
  }

  /** A row of weight w in cluster c enters the risk set. */
  enter(c: number, w: number): void {
    const a = this.current(c);
    const y = this.weightAtRisk[c];
    this.cross += w * a;
    this.weightSquares += (y + w) * (y + w) - y * y;
    this.weightAtRisk[c] = y + w;
  }

  /** A row of weight w in cluster c leaves the risk set. */
  leave(c: number, w: number): void {
    const a = this.current(c);
    const y = this.weightAtRisk[c];
    this.cross -= w * a;
    this.weightSquares += (y - w) * (y - w) - y * y;
    this.weightAtRisk[c] = y - w;
  }

  /** An event time: `events` are the rows with an event (cluster code and weight). */
  step(events: readonly { code: number; weight: number }[], h: number, g: number): void {
    // event weight per cluster, with each cluster's influence before the step
    const eventWeight = new Map<number, number>();
    for (const { code, weight } of events) {
      eventWeight.set(code, (eventWeight.get(code) ?? 0) + weight);
    }
    let sumAE = 0;
    let sumE2 = 0;
    let sumEY = 0;
    const before = new Map<number, number>();
    for (const [code, e] of eventWeight) {
      const a = this.current(code);
      before.set(code, a);
      sumAE += a * e;
      sumE2 += e * e;
      sumEY += e * this.weightAtRisk[code];
    }
    this.squares +=
      2 * g * (sumAE - h * this.cross) +
      g * g * (sumE2 - 2 * h * sumEY + h * h * this.weightSquares);
    this.cross += g * (sumEY - h * this.weightSquares);
    this.global += g * h;
    // clusters with events take their own increment explicitly
    for (const [code, e] of eventWeight) {
      this.value[code] = (before.get(code) as number) + g * (e - h * this.weightAtRisk[code]);
      this.touched[code] = this.global;
    }
  }

  /** sum_c A_c^2 at the current time (never below 0 through rounding). */
  sumOfSquares(): number {
    return Math.max(this.squares, 0);
  }
}
