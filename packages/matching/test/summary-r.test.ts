import { describe, expect, it } from 'vitest';
import {
  type EstimateEffectOptions,
  estimateEffect,
  type MatchItOptions,
  matchIt,
  summary,
} from '../src/index.ts';
import { fixtureData, fixtureText } from './helpers.ts';

/** R's print output as test/fixtures/r/generate-summaries.R wrote it. */
function rLines(name: string): string[] {
  // The file ends with a newline: the last element of the split is not a line.
  return fixtureText(`r/${name}.txt`).split('\n').slice(0, -1);
}

/** The lines of a print(summary(m)) without the call (printed differently on purpose). */
function withoutCall(lines: string[]): string[] {
  const call = lines.indexOf('Call:');
  const end = lines.indexOf('', call);
  return [...lines.slice(0, call), ...lines.slice(end)];
}

/**
 * MatchIt's summary of a subclassification keeps R's backticks around a non-syntactic name
 * (`` `log(troops)` ``) where its other summaries remove them; Muster names the row `log(troops)`
 * in every summary. (The widest row name here is `regimeautocracy`, so the columns do not move.)
 */
function withoutBackticks(lines: string[]): string[] {
  return lines.map((line) => line.replace(/^`([^`]+)`/, '$1  '));
}

const BELL = 'high_inequality ~ log(troops) + regime + initiator + duration';

const matches: { name: string; formula?: string; data?: string; options: MatchItOptions }[] = [
  { name: 'nearest', options: { method: 'nearest' } },
  { name: 'nearest-caliper', options: { method: 'nearest', caliper: 0.1 } },
  { name: 'nearest-ratio2', options: { method: 'nearest', ratio: 2 } },
  { name: 'nearest-replace', options: { method: 'nearest', replace: true } },
  { name: 'nearest-atc', options: { method: 'nearest', estimand: 'ATC' } },
  { name: 'nearest-discard-both', options: { method: 'nearest', discard: 'both' } },
  { name: 'nearest-ties', formula: 't ~ a + b', data: 'ties', options: { method: 'nearest' } },
  { name: 'cem', options: { method: 'cem' } },
  { name: 'subclass', options: { method: 'subclass' } },
  { name: 'subclass-ate', options: { method: 'subclass', subclasses: 4, estimand: 'ATE' } },
];

const effects: { name: string; match: string; options: EstimateEffectOptions }[] = [
  { name: 'nearest', match: 'nearest', options: { outcome: 'mass_desertion' } },
  { name: 'nearest-ratio2', match: 'nearest-ratio2', options: { outcome: 'mass_desertion' } },
  { name: 'nearest-replace', match: 'nearest-replace', options: { outcome: 'mass_desertion' } },
  { name: 'cem', match: 'cem', options: { outcome: 'mass_desertion' } },
  { name: 'subclass', match: 'subclass', options: { outcome: 'mass_desertion' } },
  {
    name: 'nearest-gaussian',
    match: 'nearest',
    options: { outcome: 'duration', family: 'gaussian' },
  },
];

async function matchFor(name: string) {
  const c = matches.find((m) => m.name === name)!;
  const data = fixtureData(`${c.data ?? 'belligerents'}.csv`);
  return { match: await matchIt(c.formula ?? BELL, data, c.options), data };
}

describe("summary(match) is MatchIt's print(summary(m)), line for line", () => {
  for (const c of matches) {
    it(`summary(matchIt(..., ${JSON.stringify(c.options)})) prints MatchIt's balance tables and sample sizes (${c.name})`, async () => {
      const { match } = await matchFor(c.name);
      const ours = summary(match, { data: c.data ?? 'bell' }).split('\n');
      expect(withoutCall(ours)).toEqual(withoutBackticks(withoutCall(rLines(`summary-${c.name}`))));
      expect(ours[2]).toMatch(/^matchit\(formula = .+, data = .+, method = "[a-z]+"/);
    });
  }
});

describe("summary(effect) is lmtest's print(coeftest(fit, vcov. = ...)), line for line", () => {
  for (const c of effects) {
    it(`summary(estimateEffect(${c.match} match, ${JSON.stringify(c.options)})) prints coeftest's table, then the effect (${c.name})`, async () => {
      const { match, data } = await matchFor(c.match);
      const ours = summary(await estimateEffect(match, data, c.options)).split('\n');
      const r = rLines(`effect-${c.name}`);
      expect(ours.slice(0, r.length)).toEqual(r);
      // What R does not print: the treatment effect with its interval and covariance.
      expect(ours.slice(r.length)).toEqual([expect.stringMatching(/^Effect of \S+: /), '']);
    });
  }
});
