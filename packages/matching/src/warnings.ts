/**
 * The warning catalogue of @muster/matching: every code a {@link MatchResult} or
 * {@link EffectResult} can carry, with one message builder per code. Consumers switch on
 * `warning.code`, never on the text.
 */
import { type MusterWarning, warning } from '@muster/core';
import type { GlmWarningCode } from '@muster/glm';

/**
 * Codes of @muster/matching's own warnings, and those of @muster/glm that the propensity score
 * model and the outcome model pass on (their messages name the model).
 */
export type WarningCode =
  | 'matching-ignored-option'
  | 'matching-unmatched-focal'
  | 'matching-matchit-build'
  | 'matching-fewer-controls'
  | 'matching-fewer-matches'
  | 'matching-fewer-subclasses'
  | GlmWarningCode;

/** A warning of @muster/matching. */
export type MatchingWarning = MusterWarning<WarningCode>;

const are = (names: readonly string[]) => (names.length === 1 ? 'is' : 'are');
const were = (names: readonly string[]) => (names.length === 1 ? 'was' : 'were');

/**
 * One message builder per {@link WarningCode} of the package's own; `fn` is the function that
 * warns.
 *
 * @example
 * ```ts
 * import { matchingWarnings } from '@muster/matching';
 * matchingWarnings.fewerMatches('matchIt', 'treated', 2).message;
 * // => 'matchIt: not all treated units will get 2 matches'
 * ```
 */
export const matchingWarnings = {
  /** Options the method does not use; `reason` says why, if there is more to say. */
  ignoredOption: (fn: string, names: string[], method: string, reason = ''): MatchingWarning =>
    warning(
      'matching-ignored-option',
      `${fn}: ${names.join(', ')} ${are(names)} not used with method '${method}'${reason} and ${were(names)} ignored`,
      names,
    ),
  cutPointsIgnored: (fn: string): MatchingWarning =>
    warning(
      'matching-ignored-option',
      `${fn}: cutPoints is only used with method 'cem' and was ignored`,
      ['cutPoints'],
    ),
  unmatchedFocal: (
    fn: string,
    unmatched: number,
    focal: number,
    focalName: string,
    where: string,
    estimand: string,
  ): MatchingWarning =>
    warning(
      'matching-unmatched-focal',
      `${fn}: ${unmatched} of ${focal} ${focalName} units have no match ${where} and leave the matched sample; the estimate is then no longer the ${estimand} of all ${focalName} units`,
    ),
  matchItBuild: (fn: string, focalName: string): MatchingWarning =>
    warning(
      'matching-matchit-build',
      `${fn}: pairs follow MatchIt 4.5.1 with its fixes of 4.5.2 and 4.5.4 (the nearest control on either side, calipers applied); MatchIt 4.5.1 binaries built with GCC (Debian's r-cran-matchit) take the control below each ${focalName} unit's score, ignore calipers and, with ratio > 1, mis-skip controls, so they pair these units differently`,
    ),
  fewerControls: (
    fn: string,
    otherName: string,
    focalName: string,
    where: string,
  ): MatchingWarning =>
    warning(
      'matching-fewer-controls',
      `${fn}: fewer ${otherName} units than ${focalName} units${where}; not all ${focalName} units will get a match`,
    ),
  fewerMatches: (fn: string, focalName: string, ratio: number): MatchingWarning =>
    warning(
      'matching-fewer-matches',
      `${fn}: not all ${focalName} units will get ${ratio} matches`,
    ),
  fewerSubclasses: (fn: string, subclasses: number): MatchingWarning =>
    warning(
      'matching-fewer-subclasses',
      `${fn}: because of ties in the distance, fewer subclasses were formed than the ${subclasses} requested`,
    ),
  /** A warning of a model fitted inside matching (the propensity score model), its code kept. */
  fromModel: (fn: string, model: string, w: MusterWarning<GlmWarningCode>): MatchingWarning =>
    warning(w.code, `${fn}: ${model}: ${w.message}`, w.subjects),
} satisfies Record<string, (...args: never[]) => MatchingWarning>;
