/**
 * The header lines Muster puts above R's prints on request (`summary(x, { header: true })`): what
 * print(m) says and summary(m) does not (how the units were matched, the distance, the caliper,
 * the estimand), and the outcome model and its clusters above coeftest's table.
 */
import { formatR } from '@muster/core';
import type { EffectResult } from '../estimate-effect.ts';
import type { MatchResult } from '../types.ts';

/** print.matchit's method line: `1:1 nearest neighbor matching without replacement`. */
function methodPhrase(match: MatchResult): string {
  if (match.method === 'cem') return 'coarsened exact matching';
  if (match.method === 'subclass') {
    const subclasses = new Set((match.subclass ?? []).filter((s) => s !== null)).size;
    return `subclassification (${subclasses} subclasses)`;
  }
  const n = match.nearest!;
  const exact = n.exact.length > 0 ? `; exact on ${n.exact.join(', ')}` : '';
  return `${n.ratio}:1 nearest neighbor matching ${n.replace ? 'with' : 'without'} replacement (order: ${n.order}${exact})`;
}

/** The distance as print.matchit names it: a propensity score by its regression, or the user's. */
function distancePhrase(match: MatchResult): string[] {
  const d = match.distanceInfo;
  if (d === null) return [];
  if (d.kind === 'user') return ['distance: user-supplied'];
  const model = d.link === 'logit' ? 'logistic' : d.link;
  return [
    `distance: propensity score, ${model} regression${d.linear ? ' (linear predictor)' : ''}`,
  ];
}

/** `Matching: 1:1 nearest neighbor ...; distance: ...; caliper 0.0348 on the distance; estimand ATT`. */
export function matchHeader(match: MatchResult): string {
  const parts = [methodPhrase(match), ...distancePhrase(match)];
  if (match.caliper !== null) {
    parts.push(`caliper ${formatR([match.caliper], 4)[0]} on the distance`);
  }
  parts.push(`estimand ${match.estimand}`);
  return `Matching: ${parts.join('; ')}`;
}

/** `Outcome model in the matched sample: weighted glm(...), standard errors clustered by matched pair (90 pairs)`. */
export function effectHeader(effect: EffectResult): string {
  const glm = effect.fit;
  const errors =
    effect.vcovType === 'cluster'
      ? `standard errors clustered by matched pair (${effect.nClusters} pairs)`
      : 'HC3 standard errors';
  return `Outcome model in the matched sample: weighted glm(${glm.formula}, ${glm.family}(link = "${glm.link}")), ${errors}`;
}
