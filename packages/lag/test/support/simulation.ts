/**
 * Simulation scenarios shared by the recovery test and bench/coverage-study.ts: a known offence
 * series, the delay, the published figure design, simulated figures and coverage runs.
 */
import { createRandom, type Random } from '@muster/core';
import {
  backProject,
  delayPmf,
  type Figure,
  forwardProject,
  reconstruct,
} from '../../src/index.ts';

const delay = delayPmf({ distribution: 'gamma', mean: 5, sd: 2.5, maxDelay: 14 });
const months = 41; // 2021-01 .. 2024-05
const DAY = 86_400_000;
const dayOf = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);
const monthStart = (i: number) => Math.round(Date.UTC(2021, i, 1) / DAY);

/**
 * Known offence series shaped like the published art. 337 figures: about 50 a month in 2021, a
 * rise after the mobilisation of September 2022 to about 240 a month by the end of 2022, 520 by
 * the end of 2023 and 780 by May 2024 (log-linear between these points), with a seasonal swing of
 * +-12%. Offences in the 14 months before 2021 are at the level of January 2021.
 */
export function publishedLike(): number[] {
  const knots: [number, number][] = [
    [0, 50],
    [11, 52],
    [19, 70],
    [23, 240],
    [29, 380],
    [35, 520],
    [40, 780],
  ];
  const level = (t: number) => {
    for (let i = 0; i + 1 < knots.length; i++) {
      const [a, va] = knots[i];
      const [b, vb] = knots[i + 1];
      if (t <= b)
        return Math.exp(Math.log(va) + ((Math.log(vb) - Math.log(va)) * (t - a)) / (b - a));
    }
    return knots[knots.length - 1][1];
  };
  return Array.from(
    { length: months },
    (_, t) => level(t) * (1 + 0.12 * Math.sin((2 * Math.PI * (t + 2)) / 12)),
  );
}

/** The windows, qualifiers and rounding of the published Mediazona art. 337 court-case figures. */
const design = [
  { id: 'RU01', start: '2021-01-01', end: '2021-12-31', qualifier: 'exact' },
  { id: 'RU02', start: '2022-01-01', end: '2022-12-31', qualifier: 'exact' },
  { id: 'RU03', start: '2023-01-01', end: '2023-12-29', qualifier: 'exact' },
  { id: 'RU08', start: '2023-01-01', end: '2023-06-30', qualifier: 'exact' },
  { id: 'RU12', start: '2022-09-21', end: '2023-04-03', qualifier: 'exact' },
  { id: 'RU16', start: '2022-09-21', end: '2023-09-30', qualifier: 'lower_bound' },
  { id: 'RU17', start: '2024-02-01', end: '2024-02-29', qualifier: 'exact' },
  { id: 'RU19', start: '2024-01-01', end: '2024-04-10', qualifier: 'approximate' },
  { id: 'RU20', start: '2022-09-21', end: '2024-04-10', qualifier: 'approximate' },
  { id: 'RU26', start: '2024-05-01', end: '2024-05-31', qualifier: 'exact' },
  { id: 'RU07', start: '2023-10-01', end: '2023-12-29', qualifier: 'rate' },
] as const;

/** Day segments: every month cut at the figure boundaries that fall inside it. */
function segments(): { month: number; start: number; end: number }[] {
  const cuts = new Set<number>();
  for (const f of design) {
    cuts.add(dayOf(f.start));
    cuts.add(dayOf(f.end) + 1);
  }
  const out: { month: number; start: number; end: number }[] = [];
  for (let m = 0; m < months; m++) {
    const first = monthStart(m);
    const next = monthStart(m + 1);
    const inside = [...cuts].filter((c) => c > first && c < next).sort((a, b) => a - b);
    let from = first;
    for (const c of [...inside, next]) {
      out.push({ month: m, start: from, end: c - 1 });
      from = c;
    }
  }
  return out;
}

/** Court counts of one simulation as published-style figures (counts spread evenly over days). */
function simulateFigures(
  courtMean: number[],
  random: Random,
  pieces: ReturnType<typeof segments>,
): Figure[] {
  const segmentCounts = new Float64Array(pieces.length);
  for (let m = 0; m < months; m++) {
    let remaining = random.poisson(courtMean[m]);
    let daysLeft = monthStart(m + 1) - monthStart(m);
    pieces.forEach((piece, i) => {
      if (piece.month !== m) return;
      const days = piece.end - piece.start + 1;
      const count = days === daysLeft ? remaining : random.binomial(remaining, days / daysLeft);
      segmentCounts[i] = count;
      remaining -= count;
      daysLeft -= days;
    });
  }
  const total = (start: string, end: string) => {
    let sum = 0;
    pieces.forEach((piece, i) => {
      if (piece.start >= dayOf(start) && piece.end <= dayOf(end)) sum += segmentCounts[i];
    });
    return sum;
  };
  return design.map((f): Figure => {
    const value = total(f.start, f.end);
    if (f.qualifier === 'exact')
      return { id: f.id, start: f.start, end: f.end, value, qualifier: 'exact' };
    // "more than three thousand": rounded down to thousands
    if (f.qualifier === 'lower_bound')
      return {
        id: f.id,
        start: f.start,
        end: f.end,
        value: Math.floor(value / 1000) * 1000,
        qualifier: 'lower_bound',
      };
    // "nearly 2,300": reported with an error of about 5%, rounded to hundreds
    if (f.qualifier === 'approximate') {
      return {
        id: f.id,
        start: f.start,
        end: f.end,
        value: Math.round((value * (1 + 0.05 * random.normal())) / 100) * 100,
        qualifier: 'approximate',
      };
    }
    // "500 a month", rounded to 50
    const spanMonths = 2 + 29 / 31;
    return {
      id: f.id,
      start: f.start,
      end: f.end,
      value: Math.round(value / spanMonths / 50) * 50,
      qualifier: 'approximate',
      per: 'month',
    };
  });
}

/** A smooth logistic rise from about 50 to 900 offences a month, starting in the first month. */
export function logistic(): number[] {
  return Array.from({ length: months }, (_, t) => 50 + 850 / (1 + Math.exp(-(t - 30) / 4)));
}

/**
 * Coverage of reconstruct's 90% intervals: court cases received are the offences (at their
 * January 2021 level before 2021) convolved with the delay, published as the Mediazona figures;
 * returns the share of months x simulations whose interval covers the court series and the
 * offences.
 */
export function reconstructCoverage(
  offences: number[],
  simulations: number,
): { court: number; offences: number } {
  const padded = [...new Array(14).fill(offences[0]), ...offences];
  const court = forwardProject(padded, delay).slice(14);
  const pieces = segments();
  const random = createRandom(20240611);
  let courtCovered = 0;
  let offenceCovered = 0;
  for (let s = 0; s < simulations; s++) {
    const result = reconstruct(simulateFigures(court, random, pieces), {
      from: '2021-01',
      to: '2024-05',
      delay,
      draws: 1000,
      seed: s + 1,
    });
    for (let m = 0; m < months; m++) {
      if (court[m] >= result.lower[m] && court[m] <= result.upper[m]) courtCovered++;
      const o = result.offences!;
      if (offences[m] >= o.lower[m] && offences[m] <= o.upper[m]) offenceCovered++;
    }
  }
  return {
    court: courtCovered / (simulations * months),
    offences: offenceCovered / (simulations * months),
  };
}

/**
 * Coverage of backProject's bootstrap intervals (backprojNP, B = 200, confLevel 0.9) from Poisson
 * monthly counts of the offences convolved with the delay (no offences before the first month,
 * as backprojNP assumes).
 */
export function backProjectCoverage(offences: number[], simulations: number): number {
  const expected = forwardProject(offences, delay);
  const random = createRandom(7);
  let covered = 0;
  for (let s = 0; s < simulations; s++) {
    const counts = expected.map((mu) => random.poisson(mu));
    const fit = backProject(counts, delay, {
      bootstrap: { replicates: 200, seed: s + 1, confLevel: 0.9 },
    });
    for (let t = 0; t < months; t++) {
      if (offences[t] >= fit.bootstrap!.lower[t] && offences[t] <= fit.bootstrap!.upper[t])
        covered++;
    }
  }
  return covered / (simulations * months);
}
