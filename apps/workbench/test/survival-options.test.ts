import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectClose } from '@muster/test-support';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command as cox } from '../src/commands/cox.ts';
import { command as cuminc } from '../src/commands/cuminc.ts';
import { command as km } from '../src/commands/km.ts';
import { packageFixtures, runCommand, spawnMuster, tempCsv } from './support/run-command.ts';

const fixtures = packageFixtures('survival');
const kmR = JSON.parse(readFileSync(join(fixtures, 'km-weights-clusters.json'), 'utf8'));
const coxR = JSON.parse(readFileSync(join(fixtures, 'cox-weights-residuals.json'), 'utf8'));

afterEach(() => vi.restoreAllMocks());

describe('muster km: clusters, weights, quantiles and restricted means', () => {
  it('muster km --cluster gives unit-clustered standard errors as survfit(cluster = unit)', async () => {
    const { code, out } = await runCommand(km, [
      join(fixtures, 'km-units.csv'),
      ...['--time', 'time', '--event', 'status', '--group', 'arm', '--cluster', 'unit'],
      ...['--quantiles', '0.25,0.5', '--rmean', 'common', '--json'],
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.variance).toBe('robust');
    const rows = result.strata.flatMap((s: { table: { stdErr: number | null }[] }) => s.table);
    rows.forEach((row: { stdErr: number | null }, i: number) => {
      const expected = kmR.clustered.table.stdErr[i];
      if (expected === null) expect(row.stdErr).toBeNull();
      else expectClose(row.stdErr as number, expected, { rtol: 1e-9, atol: 1e-10 });
    });
    expect(result.strata[0].quantiles).toHaveLength(2);
    expect(result.strata[0].rmean.horizon).toBe(result.strata[1].rmean.horizon);
  });

  it('muster km --rmean before the smallest time exits with the refusal', async () => {
    const r = spawnMuster([
      'km',
      join(fixtures, 'km-units.csv'),
      ...['--time', 'time', '--event', 'status', '--rmean', '0.01'],
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/rmean horizon at or after the smallest time 0.1/);
  });
});

describe('muster cox: weights, residuals, curves and the robust refusal', () => {
  it('muster cox --robust on (start, stop] data without a cluster exits 2, as coxph refuses', () => {
    const r = spawnMuster([
      'cox',
      join(fixtures, 'heart.csv'),
      ...['--formula', 'Surv(start, stop, event) ~ age + transplant', '--robust'],
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/requires a cluster for robust = true on counting-process data/);
    const ok = spawnMuster([
      'cox',
      join(fixtures, 'heart.csv'),
      ...[
        '--formula',
        'Surv(start, stop, event) ~ age + transplant',
        '--robust',
        '--cluster',
        'id',
      ],
    ]);
    expect(ok.status).toBe(0);
  });

  it('muster cox --weights --residuals dfbeta matches coxph(weights = w) and residuals()', async () => {
    const { code, out } = await runCommand(cox, [
      join(fixtures, 'lung-weights.csv'),
      ...['--formula', 'Surv(time, status) ~ age + sex + ph.ecog', '--weights', 'w'],
      ...['--residuals', 'dfbeta', '--curves', '--json'],
    ]);
    expect(code).toBe(0);
    const fit = JSON.parse(out);
    fit.coefficients.forEach((c: { estimate: number }, j: number) => {
      expectClose(c.estimate, coxR.integerWeights.coef[j], { rtol: 1e-7, atol: 1e-10 });
    });
    expectClose(fit.residuals.dfbeta[0][0], coxR.integerWeights.residuals.dfbeta[0][0], {
      rtol: 1e-6,
      atol: 1e-10,
    });
    expect(fit.survivalCurves[0].profile).toBe('means');
  });

  it('muster cox prints residuals by data row and refuses an unknown residual type', async () => {
    const { out } = await runCommand(cox, [
      join(fixtures, 'lung-weights.csv'),
      ...['--formula', 'Surv(time, status) ~ age + sex', '--residuals', 'deviance'],
    ]);
    expect(out).toMatch(/Residuals \(deviance\)\nrow +deviance\n1 /);
    await expect(
      runCommand(cox, [
        join(fixtures, 'lung-weights.csv'),
        ...['--formula', 'Surv(time, status) ~ age', '--residuals', 'pearson'],
      ]),
    ).rejects.toThrow(/--residuals to be one of martingale, deviance, score, schoenfeld, dfbeta/);
  });
});

describe('TRUE/FALSE event columns', () => {
  it('muster cuminc reads TRUE/FALSE events as 1/0, as Surv() does', async () => {
    const text = 'time,status\n5,TRUE\n3,FALSE\n8,TRUE\n1,TRUE\n9,FALSE\n4,TRUE\n';
    const numeric = 'time,status\n5,1\n3,0\n8,1\n1,1\n9,0\n4,1\n';
    const a = await runCommand(cuminc, [tempCsv(text), '--time', 'time', '--event', 'status']);
    const b = await runCommand(cuminc, [tempCsv(numeric), '--time', 'time', '--event', 'status']);
    expect(a.out).toBe(b.out);
  });
});

describe('muster cscox', () => {
  it('muster cscox matches coxph(Surv(etime, event == 1) ~ age + sex) (finegray-cause-specific-cox-mgus2)', async () => {
    const { command: cscox } = await import('../src/commands/cscox.ts');
    const c = JSON.parse(
      readFileSync(join(fixtures, 'finegray-cause-specific-cox-mgus2.json'), 'utf8'),
    );
    const { code, out } = await runCommand(cscox, [
      join(fixtures, c.data),
      ...['--formula', c.formula, '--cause', String(c.cause), '--json'],
    ]);
    expect(code).toBe(0);
    const fit = JSON.parse(out);
    expect(fit.causeSpecific.nCause).toBe(115);
    c.expected.coefficients.forEach((e: { estimate: number; stdError: number }, j: number) => {
      expectClose(fit.coefficients[j].estimate, e.estimate, { rtol: 1e-6, atol: 1e-10 });
      expectClose(fit.coefficients[j].stdError, e.stdError, { rtol: 1e-6, atol: 1e-10 });
    });
  });

  it('muster cscox requires --cause', async () => {
    const { command: cscox } = await import('../src/commands/cscox.ts');
    await expect(
      runCommand(cscox, [join(fixtures, 'mgus2.csv'), '--formula', 'Surv(etime, event) ~ age']),
    ).rejects.toThrow(/requires --cause/);
  });
});

describe('muster fgcox', () => {
  it('muster fgcox on (start, stop] rows with cluster(unit) matches finegray(..., id = id) + coxph (finegray-route)', async () => {
    const { command: fgcox } = await import('../src/commands/fgcox.ts');
    const r = JSON.parse(readFileSync(join(fixtures, 'finegray-route.json'), 'utf8'));
    const { code, out } = await runCommand(fgcox, [
      join(fixtures, 'finegray-route-tvc.csv'),
      ...['--formula', 'Surv(start, stop, status) ~ age + leave + cluster(unit)'],
      ...['--cause', '1', '--id', 'id', '--no-zph', '--json'],
    ]);
    expect(code).toBe(0);
    const fit = JSON.parse(out);
    expect(fit.kind).toBe('fine-gray-cox');
    expect(fit.fineGray.delayedEntry).toBe(true);
    r.tvcLate.cluster.estimate.forEach((e: number, j: number) => {
      expectClose(fit.coefficients[j].estimate, e, { rtol: 1e-8, atol: 1e-12 });
      expectClose(fit.coefficients[j].stdError, r.tvcLate.cluster.stdError[j], {
        rtol: 1e-8,
        atol: 1e-12,
      });
    });
  });

  it('muster fgcox on (start, stop] rows without --id is refused naming id', async () => {
    const { command: fgcox } = await import('../src/commands/fgcox.ts');
    await expect(
      runCommand(fgcox, [
        join(fixtures, 'finegray-route-tvc.csv'),
        ...['--formula', 'Surv(start, stop, status) ~ age', '--cause', '1'],
      ]),
    ).rejects.toThrow(/requires an id with start/);
  });
});

describe('muster finegray --cengroup', () => {
  it('muster finegray --cengroup male matches crr(..., cengroup = male)', async () => {
    const { command: finegray } = await import('../src/commands/finegray.ts');
    const r = JSON.parse(readFileSync(join(fixtures, 'finegray-route.json'), 'utf8'));
    const { code, out } = await runCommand(finegray, [
      join(fixtures, 'mgus2_complete.csv'),
      ...['--time', 'etime', '--event', 'event', '--cause', '1'],
      ...['--covariates', 'age,male,hgb', '--cengroup', 'male', '--json'],
    ]);
    expect(code).toBe(0);
    const fit = JSON.parse(out);
    r.crrCengroupMale.vcov.forEach((row: number[], i: number) => {
      expectClose(fit.vcov[i][i], row[i], { rtol: 1e-8, atol: 1e-14 });
    });
  });
});

describe('muster cox and tt()', () => {
  it('muster cox refuses tt() terms, saying the transform cannot be given on the command line', async () => {
    await expect(
      runCommand(cox, [
        join(fixtures, 'lung.csv'),
        ...['--formula', 'Surv(time, status) ~ ph.ecog + tt(age)'],
      ]),
    ).rejects.toThrow(/cannot fit tt\(\) terms.*which a command line cannot carry/);
  });
});
