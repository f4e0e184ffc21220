/**
 * Predicted survival for a covariate profile from a fitted Cox model, as survival's
 * survfit.coxph (agsurv / coxsurv.fit) with stype = 2: S(t) = exp(-Lambda0(t) r), where
 * Lambda0 is the Breslow (ties = breslow) or Efron (ties = efron) cumulative baseline hazard at the
 * covariate means and r = exp((x - means)' beta).
 *
 * Contract: the table and increments at the final beta; `variance` p x p column-major (robust
 * when the fit is); `profile` the centred covariates x - means (p). The variance of the cumulative
 * hazard is (sum varH + d' V d) r^2 with d(t) = Lambda0(t) (x - means) - sum xbarH (Tsiatis 1981).
 * Rows at every distinct time of each stratum, censoring times included.
 */
import { confLimits } from '../../internal/conf-int.ts';
import type { ConfType, CoxCurveRow } from '../../types.ts';
import type { HazardIncrements, RiskSetTable } from './risk-set-table.ts';

export function coxSurvivalCurve(
  table: RiskSetTable,
  increments: HazardIncrements,
  variance: Float64Array,
  profile: Float64Array,
  linear: number,
  z: number,
  confType: ConfType,
): CoxCurveRow[][] {
  const { p } = table;
  const risk = Math.exp(linear);
  const curves: CoxCurveRow[][] = [];
  const d = new Float64Array(p);
  const xbar = new Float64Array(p);
  for (let b = 0; b + 1 < table.strataStart.length; b++) {
    const rows: CoxCurveRow[] = [];
    let cumulative = 0;
    let cumulativeVar = 0;
    xbar.fill(0);
    for (let i = table.strataStart[b]; i < table.strataStart[b + 1]; i++) {
      cumulative += increments.h[i];
      cumulativeVar += increments.varH[i];
      for (let j = 0; j < p; j++) {
        xbar[j] += increments.xbarH[i * p + j];
        d[j] = cumulative * profile[j] - xbar[j];
      }
      let quadratic = 0;
      for (let j = 0; j < p; j++) {
        let row = 0;
        for (let k = 0; k < p; k++) row += variance[j + k * p] * d[k];
        quadratic += d[j] * row;
      }
      const cumHazard = cumulative * risk;
      const seLog = Math.sqrt((cumulativeVar + quadratic) * risk * risk);
      const surv = Math.exp(-cumHazard);
      const [lower, upper] = confLimits(surv, seLog, z, confType);
      rows.push({
        time: table.time[i],
        nRisk: table.nRisk[i],
        nEvent: table.deadWeight[i],
        nCensor: table.nCensor[i],
        cumHazard,
        cumHazardStdErr: seLog,
        surv,
        stdErr: seLog * surv,
        lower,
        upper,
      });
    }
    curves.push(rows);
  }
  return curves;
}
