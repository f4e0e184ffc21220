/**
 * Shared types of @muster/charts: the emitted spec, the options every builder takes, and the
 * minimal structural shapes of the model results it reads. The shapes list only the fields a
 * builder reads, with the names of the reference cases' `expected` objects, so the results of
 * @muster/glm, @muster/survival and @muster/lag fit them without an import.
 */

/** A Vega-Lite specification: a plain JSON object (no functions, no NaN, no Infinity). */
export interface VegaLiteSpec {
  /** The Vega-Lite JSON schema URL (`https://vega.github.io/schema/vega-lite/v6.json`). */
  $schema: string;
  [property: string]: unknown;
}

/** A Vega-Lite `config` object, as used by {@link musterTheme}. */
export type VegaLiteConfig = Record<string, unknown>;

/** Options every builder accepts. */
export interface ChartOptions {
  /** Chart title; none by default. */
  title?: string;
  /** Subtitle under the title (needs `title`). */
  subtitle?: string;
  /** Width of the plotting area in pixels (default 400). */
  width?: number;
  /** Height of the plotting area in pixels (default depends on the builder). */
  height?: number;
  /** Title of the x axis; `null` hides it. Each builder has a sensible default. */
  xTitle?: string | null;
  /** Title of the y axis; `null` hides it. Each builder has a sensible default. */
  yTitle?: string | null;
}

/** A missing number in a result (R's NA, an aliased coefficient, an undefined bound). */
export type Missing = null | undefined;

/**
 * One row of a coefficient table, as in a glm, cox, finegray or aft result
 * (`expected.coefficients[]`). `estimate` is `null` for an aliased coefficient.
 */
export interface CoefficientRow {
  term: string;
  estimate: number | Missing;
  stdError?: number | Missing;
  pValue?: number | Missing;
  /** Lower limit of the Wald interval, on the estimate's scale (the fits' `lower`). */
  lower?: number | Missing;
  /** Upper limit of the Wald interval, on the estimate's scale (the fits' `upper`). */
  upper?: number | Missing;
  profileLower?: number | Missing;
  profileUpper?: number | Missing;
}

/** A fit result with a coefficient table (glm, cox, finegray, aft). */
export interface CoefficientResult {
  coefficients: readonly CoefficientRow[];
}

/** One effect of a marginal-effects result (`effects[]` of `marginalEffects` in `@muster/glm`). */
export interface MarginalEffectRow {
  term: string;
  contrast: string;
  estimate: number | Missing;
  stdError?: number | Missing;
  pValue?: number | Missing;
  lower: number | Missing;
  upper: number | Missing;
  /** 1-based row of the result's grid, or null for an average. */
  gridRow?: number | null;
}

/** The grid of a marginal-effects or prediction-grid result: the named variables and every column. */
export interface MarginsGridLike {
  at: readonly string[];
  columns: Readonly<Record<string, readonly (number | string)[]>>;
}

/** A `marginalEffects` result (`@muster/glm`), as far as the chart reads it. */
export interface MarginalEffectsLike {
  effects: readonly MarginalEffectRow[];
  confLevel?: number;
  family?: string;
  grid?: MarginsGridLike | null;
}

/** A `predictionGrid` result (`@muster/glm`), as far as the chart reads it. */
export interface PredictionGridLike {
  kind: 'prediction-grid';
  grid: MarginsGridLike;
  predictions: readonly {
    at: Readonly<Record<string, number | string>>;
    estimate: number;
    lower?: number | Missing;
    upper?: number | Missing;
  }[];
}

/** One row of a Kaplan-Meier table (`expected.strata[].table[]` of a km case). */
export interface KaplanMeierRow {
  time: number;
  nRisk: number;
  nEvent: number;
  nCensor: number;
  surv: number;
  lower?: number | Missing;
  upper?: number | Missing;
}

/** One stratum (group) of a Kaplan-Meier result; `group` null (or 'all') for a single curve. */
export interface KaplanMeierStratum {
  group: string | null;
  table: readonly KaplanMeierRow[];
}

/** A Kaplan-Meier result (`expected` of a km case): one stratum per group. */
export interface KaplanMeierResult {
  strata: readonly KaplanMeierStratum[];
}

/**
 * One row of a cumulative incidence table (`expected.strata[].table[]` of a cuminc case):
 * `cif` and `stdErr` are keyed by cause name.
 */
export interface CumulativeIncidenceRow {
  time: number;
  cif: Readonly<Record<string, number | Missing>>;
  stdErr?: Readonly<Record<string, number | Missing>>;
  /** Pointwise limits by cause, when the result carries them (used in preference to stdErr). */
  lower?: Readonly<Record<string, number | Missing>>;
  upper?: Readonly<Record<string, number | Missing>>;
}

/** One stratum (group) of a cumulative incidence result; `group` null for a single group. */
export interface CumulativeIncidenceStratum {
  group: string | null;
  table: readonly CumulativeIncidenceRow[];
}

/** A cumulative incidence (Aalen-Johansen) result: one stratum per group. */
export interface CumulativeIncidenceResult {
  strata: readonly CumulativeIncidenceStratum[];
}

/** A balance statistic of a matching result's balance table. */
export type BalanceStatistic = 'stdMeanDiff' | 'varRatio' | 'ecdfMean' | 'ecdfMax';

/** One row of a balance table (`balance.all[]` / `balance.matched[]` of a matching result). */
export interface BalanceRow {
  term: string;
  stdMeanDiff?: number | Missing;
  varRatio?: number | Missing;
  ecdfMean?: number | Missing;
  ecdfMax?: number | Missing;
}

/** Balance before (`all`) and after (`matched`) matching, as a `@muster/matching` result's `balance`. */
export interface BalanceResult {
  all: readonly BalanceRow[];
  matched: readonly BalanceRow[];
}
