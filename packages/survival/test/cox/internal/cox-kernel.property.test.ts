/**
 * Properties of the Cox partial-likelihood kernel that hold for any data (fast-check, both tie
 * methods, right-censored and counting-process data): the score is the gradient of the log
 * partial likelihood and the information minus its Hessian (central finite differences); the
 * fit does not depend on the order of the rows; and scaling a covariate by c scales its
 * coefficient and standard error by 1/c.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareCoxData } from '../../../src/cox/internal/cox-data.ts';
import { coxSweep, sweepWork } from '../../../src/cox/internal/cox-sweep.ts';
import { type CoxResult, fitCox } from '../../../src/index.ts';

interface Data {
  time: number[];
  start: number[] | null;
  status: number[];
  x: number[][];
}

/**
 * n rows with tied integer times, at least one event, p covariates on a 0.01 grid in [-2, 2]
 * (well away from the degenerate all-zero column, whose fit is all roundoff).
 */
const dataArbitrary = (p: number, counting: boolean) =>
  fc
    .integer({ min: 8, max: 30 })
    .chain((n) =>
      fc.record({
        time: fc.array(fc.integer({ min: 2, max: 9 }), { minLength: n, maxLength: n }),
        entry: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
        status: fc
          .array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n })
          .map((s) => [1, ...s.slice(1)]),
        x: fc.array(
          fc.array(
            fc.integer({ min: -200, max: 200 }).map((k) => k / 100),
            { minLength: n, maxLength: n },
          ),
          { minLength: p, maxLength: p },
        ),
      }),
    )
    .filter(({ x }) => x.every((column) => spread(column) > 0.5))
    .map(
      ({ time, entry, status, x }): Data => ({
        time,
        start: counting ? time.map((t, i) => t - 1 - entry[i]) : null,
        status,
        x,
      }),
    );

function spread(values: number[]): number {
  return Math.max(...values) - Math.min(...values);
}

/** Log partial likelihood, score and information at beta (raw covariates: means 0, scale 1). */
function sweep(data: Data, beta: number[], efron: boolean) {
  const n = data.time.length;
  const p = data.x.length;
  const x = new Float64Array(n * p);
  data.x.forEach((column, j) => {
    x.set(column, j * n);
  });
  const prepared = prepareCoxData(
    {
      x,
      n,
      p,
      stop: Float64Array.from(data.time),
      start: data.start ? Float64Array.from(data.start) : null,
      event: Uint8Array.from(data.status),
      strata: null,
      nStrata: 1,
      offset: null,
      weights: null,
    },
    new Float64Array(p),
    new Float64Array(p).fill(1),
  );
  const u = new Float64Array(p);
  const imat = new Float64Array(p * p);
  const loglik = coxSweep(prepared, Float64Array.from(beta), efron, u, imat, sweepWork(prepared));
  return { loglik, u, imat };
}

const H = 1e-5;
const near = (a: number, e: number, tolerance: number) =>
  Math.abs(a - e) <= tolerance * (1 + Math.abs(e));
const betaArbitrary = (p: number) =>
  fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: p, maxLength: p });

describe('coxSweep: score and information are the derivatives of the log partial likelihood', () => {
  for (const ties of ['efron', 'breslow'] as const) {
    for (const counting of [false, true]) {
      const label = `${ties}, ${counting ? 'counting-process' : 'right-censored'} data`;
      it(`score = finite-difference gradient, information = -Hessian (${label})`, () => {
        fc.assert(
          fc.property(dataArbitrary(2, counting), betaArbitrary(2), (data, beta) => {
            const efron = ties === 'efron';
            const at = sweep(data, beta, efron);
            for (let j = 0; j < 2; j++) {
              const up = [...beta];
              const down = [...beta];
              up[j] += H;
              down[j] -= H;
              const plus = sweep(data, up, efron);
              const minus = sweep(data, down, efron);
              // O(h^2) truncation plus O(eps / h) rounding: 1e-6 relative is ample for both
              const gradient = (plus.loglik - minus.loglik) / (2 * H);
              if (!near(at.u[j], gradient, 1e-6)) return false;
              for (let k = 0; k < 2; k++) {
                const hessian = (plus.u[k] - minus.u[k]) / (2 * H);
                if (!near(at.imat[k + j * 2], -hessian, 1e-6)) return false;
              }
            }
            return true;
          }),
          { numRuns: 30, seed: 20261205 },
        );
      });
    }
  }
});

function columns(data: Data, order: number[], scale = [1, 1]) {
  return {
    time: order.map((i) => data.time[i]),
    status: order.map((i) => data.status[i]),
    x1: order.map((i) => data.x[0][i] * scale[0]),
    x2: order.map((i) => data.x[1][i] * scale[1]),
  };
}

/** Data whose partial likelihood has a finite maximum (fitCox converged, nothing infinite). */
const finite = (fit: CoxResult) =>
  fit.converged && !fit.warnings.some((w) => w.code === 'infinite-coefficient');

describe('fitCox: invariances of the estimate', () => {
  for (const ties of ['efron', 'breslow'] as const) {
    it(`permuting the rows changes nothing (${ties})`, () => {
      fc.assert(
        fc.property(
          dataArbitrary(2, false).chain((data) =>
            fc
              .shuffledSubarray(
                data.time.map((_, i) => i),
                { minLength: data.time.length, maxLength: data.time.length },
              )
              .map((order) => ({ data, order })),
          ),
          ({ data, order }) => {
            const identity = data.time.map((_, i) => i);
            const fit = fitCox('Surv(time, status) ~ x1 + x2', columns(data, identity), {
              ties,
              zph: false,
            });
            const permuted = fitCox('Surv(time, status) ~ x1 + x2', columns(data, order), {
              ties,
              zph: false,
            });
            fc.pre(finite(fit));
            expect(near(permuted.logLik, fit.logLik, 1e-10)).toBe(true);
            fit.coefficients.forEach((c, j) => {
              const other = permuted.coefficients[j];
              expect(near(other.estimate as number, c.estimate as number, 1e-8)).toBe(true);
              expect(near(other.stdError as number, c.stdError as number, 1e-8)).toBe(true);
            });
          },
        ),
        { numRuns: 25, seed: 20261206 },
      );
    });

    it(`scaling a covariate by c scales its coefficient and standard error by 1/c (${ties})`, () => {
      fc.assert(
        fc.property(
          dataArbitrary(2, false),
          fc.double({ min: 0.01, max: 100, noNaN: true }),
          (data, c) => {
            const identity = data.time.map((_, i) => i);
            const fit = fitCox('Surv(time, status) ~ x1 + x2', columns(data, identity), {
              ties,
              zph: false,
            });
            const scaled = fitCox('Surv(time, status) ~ x1 + x2', columns(data, identity, [c, 1]), {
              ties,
              zph: false,
            });
            fc.pre(finite(fit));
            // the kernel standardises every non -1/0/1 column, so the iterates are the same
            expect(
              near(
                (scaled.coefficients[0].estimate as number) * c,
                fit.coefficients[0].estimate as number,
                1e-8,
              ),
            ).toBe(true);
            expect(
              near(
                (scaled.coefficients[0].stdError as number) * c,
                fit.coefficients[0].stdError as number,
                1e-8,
              ),
            ).toBe(true);
            expect(
              near(
                scaled.coefficients[1].estimate as number,
                fit.coefficients[1].estimate as number,
                1e-8,
              ),
            ).toBe(true);
            expect(near(scaled.logLik, fit.logLik, 1e-10)).toBe(true);
          },
        ),
        { numRuns: 25, seed: 20261207 },
      );
    });
  }
});
