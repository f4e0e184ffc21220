import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csv, fuzzCommands, notFuzzed, writeCsv } from './support/fuzz-inputs.ts';
import { repoRoot } from './support/run-command.ts';
import { loadCommand, runInProcess } from './support/run-in-process.ts';

/** Time each command's property may take (ms), and the seed that makes runs repeatable. */
const BUDGET = 2500;
const SEED = 20261205;

/**
 * An error line names the place (column, row, option, formula position, a quoted value) or, for
 * a requirement on the data as a whole (at least one event, two groups), what it received.
 */
const NAMES_A_PLACE =
  /row \d|column|--[a-z]|position \d|DATA|COUNTS|received|at least|found no|groups? \S|'[^']*'|"[^"]*"/;

describe('muster commands under generated input', () => {
  it('every command is fuzzed or listed with the reason it is not', () => {
    const commands = readdirSync(join(repoRoot, 'apps', 'workbench', 'src', 'commands'))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.slice(0, -3));
    const covered = new Set([...fuzzCommands.map((spec) => spec.name), ...Object.keys(notFuzzed)]);
    expect(commands.filter((name) => !covered.has(name))).toEqual([]);
  });

  for (const spec of fuzzCommands) {
    it(`muster ${spec.name} exits 0 with finite numbers or 2 with one line naming the place`, async () => {
      const command = await loadCommand(spec.name);
      const data = spec.columns === null ? fc.constant(null) : csv(spec.columns);
      await fc.assert(
        fc.asyncProperty(data, spec.args, async (text, args) => {
          const file = text === null ? [] : [writeCsv(text)];
          const outcome = await runInProcess(command, [...file, ...args]);
          const context = `muster ${spec.name} ${args.join(' ')}\n${text ?? ''}\n${outcome.stderr}`;
          expect(outcome.stderr, context).not.toMatch(/internal error|\n\s+at /);
          if (outcome.status === 0) {
            // Numbers print as R prints them (NA, Inf); warnings may name NaN in their prose.
            const printed = outcome.stdout
              .split('\n')
              .filter((line) => !line.startsWith('warning:'))
              .join('\n');
            // NaN as a printed value (a factor level such as xNaN is a name, as in R).
            expect(printed, context).not.toMatch(/(^|[\s=(])-?NaN\b|Infinity|undefined/m);
          } else {
            expect(outcome.status, context).toBe(2);
            const lines = outcome.stderr.trim().split('\n');
            expect(lines, context).toHaveLength(1);
            expect(lines[0], context).toMatch(/^muster: \S/);
            expect(lines[0], context).toMatch(NAMES_A_PLACE);
          }
        }),
        { seed: SEED, numRuns: 60, interruptAfterTimeLimit: BUDGET, markInterruptAsFailure: false },
      );
    });
  }
});
