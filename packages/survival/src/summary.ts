/**
 * R-like text of this package's regression fits and log-rank tests: `summary(fit)` prints a Cox,
 * cause-specific or Fine-Gray Cox fit as R's `print(summary(coxph))`, an AFT fit as
 * `print(summary(survreg))`, a Fine-Gray fit as `print(summary(crr))` and a log-rank test as
 * `print(survdiff)`; `format(fit)` adds the warnings.
 */
import { InvalidArgumentError } from '@muster/core';
import type { AftResult } from './aft/fit-aft.ts';
import type { CauseSpecificCoxResult } from './competing/fit-cause-specific-cox.ts';
import type { FineGrayResult } from './competing/fit-fine-gray.ts';
import type { FineGrayCoxResult } from './competing/fit-fine-gray-cox.ts';
import type { CoxResult } from './cox/fit-cox.ts';
import type { KaplanMeierResult } from './km/kaplan-meier.ts';
import type { LogRankResult } from './log-rank.ts';
import { aftLines } from './summary/aft.ts';
import { coxLines } from './summary/cox.ts';
import { fineGrayLines } from './summary/fine-gray.ts';
import { kaplanMeierLines } from './summary/kaplan-meier.ts';
import { logRankLines } from './summary/log-rank.ts';

/** The regression results of this package. */
export type SurvivalFitResult =
  | CoxResult
  | CauseSpecificCoxResult
  | FineGrayCoxResult
  | AftResult
  | FineGrayResult;

/** What {@link summary} prints: the regression fits, Kaplan-Meier curves and log-rank tests. */
export type SurvivalSummaryInput = SurvivalFitResult | LogRankResult | KaplanMeierResult;

/** Options of {@link summary} and {@link format}. */
export interface SurvivalSummaryOptions {
  /** What the call shows as `data = ...` (default `data`). */
  data?: string;
  /**
   * A first line that R does not print, naming what the fit did: the model, its variance
   * (clusters), strata, distribution or cause, and whether and in how many iterations it
   * converged (default false). The command line prints it.
   */
  header?: boolean;
  /**
   * Kaplan-Meier curves only: the survfit formula the call shows, whose right side names the
   * curves as R does (`Surv(time, status) ~ sex` gives `sex=1`; default `Surv(time, event) ~
   * group`, or `~ 1` for one curve), since a kaplanMeier result keeps no column names.
   */
  formula?: string;
}

/**
 * A fit of this package as R prints its summary: a Cox or cause-specific Cox model as
 * `print(summary(coxph))` (the coefficient table by printCoefmat with exp(coef) and, when robust,
 * the robust standard error; the hazard ratios with exp(-coef) and their interval; concordance;
 * likelihood ratio, Wald and score tests), an AFT model as `print(summary(survreg))`, a
 * Fine-Gray model as `print(summary(crr))`, a log-rank test as `print(survdiff)` and Kaplan-Meier
 * curves as `print(survfit)`.
 *
 * Equal to R line for line from the coefficient table (Cox: from `  n=`) on; the README lists
 * each kind. Deliberate differences from R: the call is one line and names `ties`; a
 * cause-specific or Fine-Gray Cox fit adds a line naming the cause; `header` adds a first line;
 * the legend's quotes are plain (R in the C locale).
 *
 * @param fit - a result of {@link fitCox}, {@link fitCauseSpecificCox}, {@link fitFineGrayCox},
 *   {@link fitAft}, {@link fitFineGray}, {@link logRank} or {@link kaplanMeier}
 * @param options - `data`: the name the call shows; `header`: a first line naming the model, its
 *   variance and convergence
 * @returns the text, lines joined by newlines
 * @throws InvalidArgumentError when `fit` is not one of those results
 * @example
 * ```ts
 * const fit = fitCox('Surv(time, status) ~ x', { time: [5, 8, 3, 9, 12, 4], status: [1, 1, 0, 1, 1, 1], x: [1, 0, 1, 0, 0, 1] });
 * summary(fit).split('\n')[3];
 * // => '  n= 6, number of events= 5 '
 * summary(fit, { header: true }).startsWith('Cox proportional hazards model: ties = efron, model-based standard errors; converged in');
 * // => true
 * ```
 */
export function summary(fit: SurvivalSummaryInput, options: SurvivalSummaryOptions = {}): string {
  const data = options.data ?? 'data';
  const header = options.header ?? false;
  switch (fit?.kind) {
    case 'cox':
    case 'cause-specific-cox':
    case 'fine-gray-cox':
      return coxLines(fit, data, header).join('\n');
    case 'aft':
      return aftLines(fit, data, header).join('\n');
    case 'fine-gray':
      return fineGrayLines(fit, header).join('\n');
    case 'log-rank':
      return logRankLines(fit, data, header).join('\n');
    case 'kaplan-meier':
      return kaplanMeierLines(
        fit,
        data,
        options.formula ??
          `Surv(time, event) ~ ${fit.strata.length === 1 && fit.strata[0].group === 'all' ? '1' : 'group'}`,
        header,
      ).join('\n');
    default:
      throw new InvalidArgumentError(
        'fit',
        'summary requires a result of fitCox, fitCauseSpecificCox, fitFineGrayCox, fitAft, fitFineGray, logRank or kaplanMeier',
      );
  }
}

/**
 * {@link summary} followed by the fit's warnings (`warning: ...`, one a line).
 *
 * @param fit - a result of fitCox, fitCauseSpecificCox, fitFineGrayCox, fitAft, fitFineGray, logRank or kaplanMeier
 * @param options - as {@link summary}
 * @returns the text
 * @throws InvalidArgumentError when `fit` is not one of those results
 * @example
 * ```ts
 * const fit = fitCox('Surv(time, status) ~ x', { time: [5, 8, 3, 9, 12, 4], status: [1, 1, 0, 1, 1, 1], x: [1, 0, 1, 0, 0, 1] });
 * format(fit).startsWith(summary(fit));
 * // => true
 * ```
 */
export function format(fit: SurvivalSummaryInput, options: SurvivalSummaryOptions = {}): string {
  const text = summary(fit, options);
  const warnings = fit.warnings.map((w) => `warning: ${w.message}`);
  return warnings.length > 0 ? [text, ...warnings].join('\n') : text;
}
