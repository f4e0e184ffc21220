import { createRandom, InvalidArgumentError } from '@muster/core';

/** Options of {@link simulateDesertionCohort}. */
export interface DesertionCohortOptions {
  /** Seed of the random generator (required: the cohort is a function of it). */
  seed: number;
  /** Number of soldiers; default 2000. */
  n?: number;
  /** Days of follow-up after deployment (administrative censoring); default 365. */
  followUp?: number;
  /** Hazard ratio of desertion while on leave; default 28. */
  leaveHazardRatio?: number;
}

/** One simulated soldier. Event codes: 0 censored, 1 deserted, 2 killed, 3 wounded (evacuated). */
export interface DesertionCohort {
  n: number;
  seed: number;
  /** Assumptions of the simulation, in words, for the notebook that uses it. */
  assumptions: string[];
  columns: {
    id: number[];
    unit: string[];
    age: number[];
    mobilised: number[];
    time: number[];
    event: number[];
    cause: string[];
    leaveStart: (number | null)[];
    leaveEnd: (number | null)[];
    onLeaveAtEvent: number[];
  };
}

const units = ['assault', 'line', 'support'] as const;
// Daily hazards by unit: killed and wounded are highest in assault units, lowest in support.
const killedDaily = { assault: 0.0012, line: 0.0006, support: 0.0002 };
const woundedDaily = { assault: 0.002, line: 0.0012, support: 0.0004 };
const desertionUnitRatio = { assault: 1.3, line: 1, support: 0.6 };

/**
 * Simulate a cohort of soldiers followed from deployment to desertion, death, wounding or the end
 * of follow-up, shaped by what the desertion research reports: the desertion hazard is highest in
 * the first weeks after arriving, falls, then rises again with fatigue as the deployment drags
 * on; it is several times higher during home leave (a time-varying state: 39% of Vietnam-era
 * deserters left while on leave); killed and wounded are competing events whose hazards depend on
 * the unit. Time runs in days, simulated on a daily grid with the event time uniform within the day.
 *
 * @param options - seed (required), n (default 2000), followUp days (default 365),
 *   leaveHazardRatio (default 28)
 * @returns the cohort as columns, one row per soldier, with the assumptions in words
 * @throws {InvalidArgumentError} when n or followUp is not a positive integer
 * @example
 * const cohort = simulateDesertionCohort({ seed: 1, n: 500 });
 * cohort.columns.event.filter((e) => e === 1).length > 0;
 * // => true
 */
export function simulateDesertionCohort(options: DesertionCohortOptions): DesertionCohort {
  const n = options.n ?? 2000;
  const followUp = options.followUp ?? 365;
  const leaveHazardRatio = options.leaveHazardRatio ?? 28;
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(
      'n',
      `simulateDesertionCohort requires n to be a positive integer; received ${n}`,
    );
  }
  if (!Number.isInteger(followUp) || followUp < 30) {
    throw new InvalidArgumentError(
      'followUp',
      `simulateDesertionCohort requires followUp to be an integer of at least 30 days; received ${followUp}`,
    );
  }
  const random = createRandom(options.seed);
  const columns: DesertionCohort['columns'] = {
    id: [],
    unit: [],
    age: [],
    mobilised: [],
    time: [],
    event: [],
    cause: [],
    leaveStart: [],
    leaveEnd: [],
    onLeaveAtEvent: [],
  };
  const causes = ['censored', 'deserted', 'killed', 'wounded'];
  for (let i = 0; i < n; i++) {
    const unit = units[random.integer(3)];
    const age = Math.round(random.uniformIn(19, 50));
    const mobilised = random.uniform() < 0.45 ? 1 : 0;
    // Three weeks of home leave for 70% of soldiers, starting between day 60 and day 270.
    const hasLeave = random.uniform() < 0.7;
    const leaveStart = hasLeave ? 60 + random.integer(211) : null;
    const leaveEnd = leaveStart === null ? null : leaveStart + 21;
    // Mobilised and younger soldiers desert more; the unit shifts the level.
    const frailty = Math.exp(0.5 * mobilised - 0.02 * (age - 30)) * desertionUnitRatio[unit];
    let time = followUp;
    let event = 0;
    for (let day = 0; day < followUp; day++) {
      const onLeave = leaveStart !== null && day >= leaveStart && day < leaveEnd!;
      // Early hazard decays over about a month; fatigue rises linearly over the year.
      const base = 0.0009 * Math.exp(-day / 30) + 0.00025 * (day / 365);
      const desert = base * frailty * (onLeave ? leaveHazardRatio : 1);
      const killed = onLeave ? 0 : killedDaily[unit];
      const wounded = onLeave ? 0 : woundedDaily[unit];
      const total = desert + killed + wounded;
      if (random.uniform() < 1 - Math.exp(-total)) {
        const u = random.uniform() * total;
        event = u < desert ? 1 : u < desert + killed ? 2 : 3;
        time = Math.round((day + random.uniform()) * 100) / 100;
        break;
      }
    }
    const onLeaveAtEvent =
      leaveStart !== null && event !== 0 && time >= leaveStart && time < leaveEnd! ? 1 : 0;
    columns.id.push(i + 1);
    columns.unit.push(unit);
    columns.age.push(age);
    columns.mobilised.push(mobilised);
    columns.time.push(time);
    columns.event.push(event);
    columns.cause.push(causes[event]);
    columns.leaveStart.push(leaveStart);
    columns.leaveEnd.push(leaveEnd);
    columns.onLeaveAtEvent.push(onLeaveAtEvent);
  }
  return {
    n,
    seed: options.seed,
    assumptions: [
      'Time is days since deployment; follow-up ends at day ' +
        followUp +
        ' (administrative censoring).',
      'Desertion hazard per day: 0.0009 exp(-t/30) + 0.00025 t/365 (early peak, then rising fatigue).',
      `Home leave of 21 days for 70% of soldiers, starting uniformly between day 60 and 270; desertion hazard x${leaveHazardRatio} on leave, no combat hazards on leave.`,
      'Desertion hazard x1.65 for mobilised soldiers (45% of the cohort), x0.98 per year of age above 30, x1.3 assault, x0.6 support units.',
      'Competing events: killed (daily hazard 0.0012 assault, 0.0006 line, 0.0002 support) and wounded and evacuated (0.002, 0.0012, 0.0004).',
    ],
    columns,
  };
}
