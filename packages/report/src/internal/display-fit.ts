import { type FitResultBase, isFitResult as hasFitFields } from '@muster/core/fit-result';
import type { DiagnosticLine, FitDisplay, TableDisplay } from '../types.ts';
import { formatNumber, formatPValue } from './format.ts';

type Row = Record<string, unknown>;

/** A fit as the display reads it: the shared fields, and the model's own read by name. */
type Fit = FitResultBase & Row & { coefficients: Row[] };

/**
 * True for a model fit: the fields every Muster fit shares (`FitResultBase` of @muster/core,
 * `isFitResult` there) with at least one coefficient row.
 */
export function isFitResult(value: unknown): value is Fit {
  return hasFitFields(value) && value.coefficients.length > 0;
}

const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const str = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fitTitle(fit: Row): string {
  const family = str(fit.family);
  const link = str(fit.link);
  const method = str(fit.method);
  if (family) {
    const firth = method === 'firth' ? ', Firth penalised likelihood' : '';
    return `${capitalise(family)} GLM${link ? ` (${link} link)` : ''}${firth}`;
  }
  switch (fit.kind) {
    case 'cox':
      return 'Cox proportional hazards model';
    case 'cause-specific-cox':
      return 'Cause-specific Cox proportional hazards model';
    case 'fine-gray':
      return 'Fine-Gray subdistribution hazards model';
    case 'fine-gray-cox':
      return 'Fine-Gray subdistribution hazards model (weighted Cox on finegray rows)';
    case 'aft':
      return `Accelerated failure time model (${String(fit.dist)})`;
  }
  return str(fit.model) ?? 'Model fit';
}

/**
 * The interval the table shows: the profile-likelihood one where the fit has it (and its
 * covariance is the classical one), else the shared `lower`/`upper` (Wald from `vcov`).
 */
function interval(fit: Fit, rows: Row[]): { lower: string; upper: string; label: string } | null {
  const percent = `${formatNumber(fit.confLevel * 100, 4)}%`;
  const vcov = fit.vcovType;
  const robust = vcov !== 'classical';
  const has = (lower: string, upper: string) =>
    rows.some((row) => num(row[lower]) !== null && num(row[upper]) !== null);
  const profile = has('profileLower', 'profileUpper');
  const wald = has('lower', 'upper');
  if (profile && !(robust && wald))
    return {
      lower: 'profileLower',
      upper: 'profileUpper',
      label: `${percent} profile-likelihood interval`,
    };
  if (wald)
    return {
      lower: 'lower',
      upper: 'upper',
      label: `${percent} Wald interval${robust ? ` (${vcov} covariance)` : ''}`,
    };
  return null;
}

/**
 * Readable labels of R's coefficient names: a factor's indicator `regimedemocracy` reads
 * `regime: democracy` (found from the fit's design, `design.variables`), the parts of an
 * interaction are joined with ` × `, other terms stay as R names them. `fit.labels` (term -> label)
 * overrides any of them.
 */
export function termLabeller(fit: Row): (term: string) => string {
  const overrides = (fit.labels ?? {}) as Record<string, unknown>;
  const design = (fit.design ?? {}) as { variables?: unknown };
  const names = new Map<string, string>();
  for (const variable of Array.isArray(design.variables) ? design.variables : []) {
    const v = variable as { name?: unknown; kind?: unknown; levels?: unknown };
    if (v.kind !== 'factor' || typeof v.name !== 'string' || !Array.isArray(v.levels)) continue;
    for (const level of v.levels)
      names.set(`${v.name}${String(level)}`, `${v.name}: ${String(level)}`);
  }
  return (term) => {
    const override = overrides[term];
    if (typeof override === 'string') return override;
    if (names.size === 0) return term;
    return term
      .split(':')
      .map((part) => names.get(part) ?? part)
      .join(' × ');
  };
}

function coefficientTable(fit: Fit, rows: Row[], ci: ReturnType<typeof interval>): TableDisplay {
  const label = termLabeller(fit);
  const hazard = rows.some((row) => num(row.hazardRatio) !== null);
  const odds = rows.some((row) => num(row.oddsRatio) !== null);
  const columns = ['Term', 'Estimate'];
  if (hazard) columns.push('Hazard ratio');
  if (odds) columns.push('Odds ratio');
  columns.push('Std. error', fit.statisticType, 'p-value');
  // hazard models show the hazard ratio's interval (summary.coxph's lower .95, upper .95)
  const hazardInterval = hazard && ci !== null && ci.lower === 'lower';
  if (hazardInterval) columns.push('HR lower', 'HR upper');
  else if (ci) columns.push('Lower', 'Upper');
  const tableRows = rows.map((row) => {
    const estimate = num(row.estimate);
    if (estimate === null) {
      return [label(String(row.term)), 'aliased', ...columns.slice(2).map(() => '')];
    }
    const cells = [label(String(row.term)), formatNumber(estimate, 5)];
    if (hazard) cells.push(formatNumber(num(row.hazardRatio), 5));
    if (odds) cells.push(formatNumber(num(row.oddsRatio), 5));
    cells.push(
      formatNumber(num(row.stdError), 5),
      formatNumber(num(row.statistic), 4),
      formatPValue(num(row.pValue)),
    );
    if (hazardInterval) {
      cells.push(
        formatNumber(num(row.hazardRatioLower), 5),
        formatNumber(num(row.hazardRatioUpper), 5),
      );
    } else if (ci) {
      cells.push(formatNumber(num(row[ci.lower]), 5), formatNumber(num(row[ci.upper]), 5));
    }
    return cells;
  });
  return {
    kind: 'table',
    caption: ci
      ? `Coefficients with ${ci.label}${hazardInterval ? ' for the hazard ratio' : ''}`
      : 'Coefficients',
    columns,
    align: columns.map((_, index) => (index === 0 ? 'left' : 'right')),
    rows: tableRows,
    nrow: tableRows.length,
    ncol: columns.length,
    note: null,
  };
}

function testLine(test: unknown): string | null {
  if (test === null || typeof test !== 'object') return null;
  const t = test as Row;
  if (num(t.statistic) === null) return null;
  return `${formatNumber(num(t.statistic), 4)} on ${formatNumber(num(t.df), 4)} df, p = ${formatPValue(num(t.pValue))}`;
}

function warningText(warning: Fit['warnings'][number]): { code: string; text: string } {
  const subjects =
    Array.isArray(warning.subjects) && warning.subjects.length > 0
      ? ` (${warning.subjects.join(', ')})`
      : '';
  return { code: warning.code, text: `${warning.message}${subjects}` };
}

/**
 * A glm's events for events-per-variable: the smaller outcome class of an unweighted 0/1 (or
 * two-level) response, min(nEvents, nobs - nEvents); the weighted successes otherwise; null for
 * families without events.
 */
function glmEvents(fit: Row): { count: number; smallerClass: boolean } | null {
  const successes = num(fit.nEvents);
  const n = num(fit.nobs);
  if (successes === null || n === null) return null;
  const grouped = typeof fit.formula === 'string' && /^\s*cbind\s*\(/.test(fit.formula);
  if (fit.weights !== null || grouped || !Number.isInteger(successes)) {
    return { count: successes, smallerClass: false };
  }
  return { count: Math.min(successes, n - successes), smallerClass: true };
}

/**
 * For a binomial fit of a 0/1 response with an intercept, no weights and no offset, the size of
 * the smaller outcome class follows from the null deviance: D0 = 2 n H(p), H the binary entropy
 * in nats and p the share of events, so min(events, non-events) = n q with q in (0, 1/2] the root
 * of H(q) = D0 / (2 n). The root is accepted only when n q is an integer that reproduces D0 to
 * 1e-8 relative; otherwise (grouped data, weights) null.
 */
function minorityClassFromNullDeviance(fit: Row): number | null {
  const n = num(fit.nobs);
  const d0 = num(fit.nullDeviance);
  if (fit.family !== 'binomial' || n === null || d0 === null || n < 2) return null;
  if (fit.weights !== null && fit.weights !== undefined) return null;
  if (fit.offset !== null && fit.offset !== undefined) return null;
  if (typeof fit.formula === 'string' && /^\s*cbind\s*\(/.test(fit.formula)) return null;
  if (!(fit.coefficients as Row[]).some((row) => row.term === '(Intercept)')) return null;
  const entropy = (q: number) => (q <= 0 ? 0 : -(q * Math.log(q) + (1 - q) * Math.log(1 - q)));
  const target = d0 / (2 * n);
  if (!(target > 0) || target > Math.log(2) + 1e-12) return null;
  let low = 0;
  let high = 0.5;
  for (let iteration = 0; iteration < 200; iteration += 1) {
    const mid = (low + high) / 2;
    if (entropy(mid) < target) low = mid;
    else high = mid;
  }
  const count = Math.round(n * ((low + high) / 2));
  const check = 2 * n * entropy(count / n);
  return Math.abs(check - d0) <= 1e-8 * Math.abs(d0) + 1e-10 ? count : null;
}

/**
 * Display a model fit: coefficient table with intervals, model summary, method labels and a
 * diagnostics panel (convergence, separation, events per variable, rows dropped, aliased terms,
 * the fit's own warnings). Every number is the fit's own; nothing is recomputed except the
 * events-per-variable ratio (events / estimated coefficients other than the intercept).
 */
export function displayFit(fit: Fit): FitDisplay {
  const rows = fit.coefficients;
  const ci = interval(fit, rows);

  const summary: [string, string][] = [];
  summary.push(['Observations', formatNumber(fit.nobs)]);
  if (fit.nClusters !== null) summary.push(['Clusters', formatNumber(fit.nClusters)]);
  const glm = fit.kind === 'glm' ? glmEvents(fit) : null;
  const events = fit.nEvents;
  if (events !== null) summary.push(['Events', formatNumber(events)]);
  const logLik = num(fit.logLik);
  if (logLik !== null) {
    const label = fit.kind === 'fine-gray' ? 'Log pseudo-likelihood' : 'Log-likelihood';
    summary.push([label, formatNumber(logLik, 7)]);
  }
  if (num(fit.aic) !== null) summary.push(['AIC', formatNumber(num(fit.aic), 7)]);
  if (num(fit.deviance) !== null) {
    const df = num(fit.dfResidual);
    summary.push([
      'Residual deviance',
      `${formatNumber(num(fit.deviance), 7)}${df !== null ? ` on ${df} df` : ''}`,
    ]);
  }
  if (num(fit.nullDeviance) !== null) {
    const df = num(fit.dfNull);
    summary.push([
      'Null deviance',
      `${formatNumber(num(fit.nullDeviance), 7)}${df !== null ? ` on ${df} df` : ''}`,
    ]);
  }
  if (num(fit.dispersion) !== null && (fit.dispersion !== 1 || fit.family === 'gaussian')) {
    summary.push(['Dispersion', formatNumber(num(fit.dispersion), 6)]);
  }
  if (num(fit.scale) !== null) summary.push(['Scale', formatNumber(num(fit.scale), 6)]);
  const concordance = num(fit.concordance);
  if (concordance !== null) summary.push(['Concordance', formatNumber(concordance, 4)]);
  for (const [key, label] of [
    ['likelihoodRatioTest', 'Likelihood ratio test'],
    ['waldTest', 'Wald test'],
    ['scoreTest', 'Score (log-rank) test'],
  ] as const) {
    const line = testLine(fit[key]);
    if (line) summary.push([label, line]);
  }

  const methods: [string, string][] = [];
  const labels: [string, string][] = [
    ['family', 'Family'],
    ['link', 'Link'],
    ['method', 'Estimation'],
    ['vcovType', 'Covariance'],
    ['cluster', 'Cluster variable'],
    ['offset', 'Offset'],
    ['weights', 'Weights'],
    ['ties', 'Ties'],
    ['dist', 'Distribution'],
    ['confType', 'Interval transform'],
    ['intervalMethod', 'Interval method'],
  ];
  for (const [key, label] of labels) {
    const value = fit[key];
    if (typeof value === 'string' && value !== '') methods.push([label, value]);
  }
  if (fit.robust === true) methods.push(['Standard errors', 'robust (sandwich)']);
  if (ci) methods.push(['Intervals', ci.label]);

  const diagnostics: DiagnosticLine[] = [];
  const iterations = fit.iterations;
  diagnostics.push(
    fit.converged
      ? {
          label: 'Convergence',
          value: `converged in ${iterations} iterations`,
          status: 'ok',
        }
      : {
          label: 'Convergence',
          value: `did not converge after ${iterations} iterations`,
          status: 'warn',
        },
  );
  const warnings = fit.warnings.map(warningText);
  const separation = warnings.filter((item) =>
    /separat|fitted probabilities numerically 0 or 1/i.test(`${item.code} ${item.text}`),
  );
  if (separation.length > 0) {
    diagnostics.push({
      label: 'Separation',
      value: separation.map((item) => item.text).join('; '),
      status: 'warn',
    });
  } else if (fit.separation !== undefined && fit.separation !== null) {
    const check = (
      typeof fit.separation === 'object' ? fit.separation : { separation: fit.separation }
    ) as Row;
    const detected = check.separation === true || check.detected === true;
    const terms =
      Array.isArray(check.infiniteTerms) && check.infiniteTerms.length > 0
        ? `: infinite estimates for ${check.infiniteTerms.join(', ')}`
        : '';
    if (detected) {
      const kind =
        str(check.kind) && check.kind !== 'none' ? `${check.kind} separation` : 'separation';
      diagnostics.push({ label: 'Separation', value: `${kind}${terms}`, status: 'warn' });
    } else if (check.checked === false) {
      diagnostics.push({
        label: 'Separation',
        value: 'no sign of separation (linear program not needed)',
        status: 'ok',
      });
    } else {
      diagnostics.push({
        label: 'Separation',
        value: 'none (checked by linear programming)',
        status: 'ok',
      });
    }
  } else if (fit.family === 'binomial') {
    diagnostics.push({ label: 'Separation', value: 'no separation reported', status: 'info' });
  }
  const parameters = rows.filter(
    (row) => row.term !== '(Intercept)' && row.term !== 'Log(scale)' && num(row.estimate) !== null,
  ).length;
  const minority = glm?.smallerClass
    ? glm.count
    : events === null && fit.kind !== 'glm'
      ? minorityClassFromNullDeviance(fit)
      : null;
  if ((events !== null || minority !== null) && parameters > 0) {
    const count = (minority ?? events)!;
    const epv = count / parameters;
    const what =
      minority === null
        ? `${formatNumber(count)} events`
        : `${formatNumber(count)} in the smaller outcome class`;
    diagnostics.push({
      label: 'Events per variable',
      value: `${formatNumber(epv, 3)} (${what}, ${parameters} ${parameters === 1 ? 'coefficient' : 'coefficients'})${epv < 10 ? '; below 10, estimates may be biased' : ''}`,
      status: epv < 10 ? 'warn' : 'ok',
    });
  }
  const dropped = num(fit.nDropped);
  if (dropped !== null) {
    diagnostics.push({
      label: 'Rows dropped',
      value:
        dropped === 0
          ? 'none (no missing values)'
          : `${dropped} ${dropped === 1 ? 'row' : 'rows'} with missing values`,
      status: dropped === 0 ? 'ok' : 'info',
    });
  }
  const aliased = rows.filter((row) => row.estimate === null).map((row) => String(row.term));
  if (aliased.length > 0) {
    diagnostics.push({
      label: 'Aliased',
      value: `not estimable: ${aliased.join(', ')}`,
      status: 'warn',
    });
  }
  for (const item of warnings) {
    if (separation.includes(item)) continue;
    diagnostics.push({ label: 'Warning', value: item.text, status: 'warn' });
  }

  return {
    kind: 'fit',
    title: fitTitle(fit),
    formula: str(fit.formula),
    coefficients: coefficientTable(fit, rows, ci),
    summary,
    methods,
    diagnostics,
  };
}
