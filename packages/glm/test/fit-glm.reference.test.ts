import { describe, expect, it } from 'vitest';
import { fitGlm } from '../src/index.ts';
import {
  expectMatchesReference,
  fixtureCsv,
  fixtureText,
  type ReferenceCase,
  warningCodeForR,
} from './helpers.ts';

const referenceIds = [
  'glm-birthwt',
  'glm-collinear-aliased',
  'glm-gaussian-weights',
  'glm-lyall-cluster',
  'glm-lyall-hc3',
  'glm-lyall-logit',
  'glm-lyall-probit',
  'glm-lyall-quadratic',
  'glm-poisson-offset',
  'glm-separation-firth',
];

function load(id: string): ReferenceCase {
  return JSON.parse(fixtureText(`${id}.json`)) as ReferenceCase;
}

function fitCase(c: ReferenceCase) {
  return fitGlm(c.formula, fixtureCsv(c.data), {
    family: c.family,
    link: c.link as never,
    vcov: c.vcov,
    cluster: c.cluster ?? undefined,
    weights: c.weights ?? undefined,
    firth: c.method === 'firth',
  });
}

describe('fitGlm on the shared reference cases (R 4.2.2, README tolerance 1e-6 relative)', () => {
  for (const id of referenceIds) {
    it(`fitGlm reproduces ${id}: estimates, errors, tests, Wald and profile intervals`, async () => {
      const c = load(id);
      const result = await fitCase(c);
      expectMatchesReference(result, c.expected);
      if (c.expected.warnings !== undefined) {
        expect(result.warnings.map((w) => w.code)).toEqual(
          c.expected.warnings.map(warningCodeForR),
        );
      }
      expect(result.method).toBe(c.method);
      expect(result.vcovType).toBe(c.vcov);
      expect(result.family).toBe(c.family);
      expect(result.link).toBe(c.link);
    });
  }

  it('fitGlm labels the profile and Wald methods and the cluster count of glm-lyall-cluster', async () => {
    const result = await fitCase(load('glm-lyall-cluster'));
    expect(result.cluster).toBe('war');
    expect(result.nClusters).toBeGreaterThan(1);
    expect(result.intervals).toEqual({ wald: 'normal', profile: 'likelihood-ratio (exact roots)' });
    expect(result.statisticType).toBe('z');
  });

  it('fitGlm flags complete separation in glm-separation-complete and names x (R: not converged)', async () => {
    const c = load('glm-separation-complete');
    const result = await fitCase(c);
    expect(result.converged).toBe(false);
    const codes = result.warnings.map((w) => w.code);
    for (const r of c.expected.warnings as string[]) expect(codes).toContain(warningCodeForR(r));
    const separation = result.warnings.find((w) => w.code === 'glm-separation');
    expect(separation?.subjects).toEqual(['x']);
    expect(separation?.message).toMatch(/firth: true/);
    expect(result.separation.kind).toBe('complete');
    expect(result.separation.separatingTerms).toEqual(['x']);
    // No profile intervals for a fit without finite estimates.
    expect(
      result.coefficients.every((coef) => coef.profileLower === null && coef.profileUpper === null),
    ).toBe(true);
  });

  it('fitGlm flags the quasi-complete separation R misses in glm-separation-quasi and names big', async () => {
    const c = load('glm-separation-quasi');
    expect(c.expected.warnings).toEqual([]);
    const result = await fitCase(c);
    // R converges silently to a huge estimate; so does the IRLS here (same iterations) ...
    expect(result.converged).toBe(true);
    expect(result.iterations).toBe(20);
    // ... but the LP check finds the separation.
    const separation = result.warnings.find((w) => w.code === 'glm-separation');
    expect(separation?.subjects).toEqual(['big']);
    expect(separation?.message).toMatch(/quasi-complete separation/);
    expect(separation?.message).toMatch(/firth: true/);
    expect(result.separation).toMatchObject({
      checked: true,
      separation: true,
      kind: 'quasi-complete',
      infiniteTerms: ['big'],
      separatingTerms: ['big'],
    });
  });

  it('fitGlm with firth: true on the quasi-separated data gives the finite brglm2 estimates, records the separation and does not warn', async () => {
    const result = await fitCase(load('glm-separation-firth'));
    expect(result.warnings).toEqual([]);
    expect(result.separation).toMatchObject({
      checked: true,
      separation: true,
      kind: 'quasi-complete',
    });
    expect(result.intervals.profile).toBeNull();
  });
});

interface ExtraFixture {
  cases: ReferenceCase[];
}

describe('fitGlm on extra R cases (test/fixtures/r/generate-extra.R)', () => {
  const extra = JSON.parse(fixtureText('extra-cases.json')) as ExtraFixture;
  for (const c of extra.cases) {
    it(`fitGlm reproduces ${c.id} (${c.family}/${c.link}, vcov ${c.vcov}, ${c.method})`, async () => {
      const result = await fitGlm(c.formula, fixtureCsv(c.data), {
        family: c.family,
        link: c.link as never,
        vcov: c.vcov,
        cluster: c.cluster ?? undefined,
        weights: c.weights ?? undefined,
        firth: c.method === 'firth',
        profile: true,
      });
      const { iterations, warnings, ...expected } = c.expected;
      if (c.method === 'firth') {
        // brglm2's null deviance (and so nothing compared here) comes from its own intercept fit.
        delete expected.nullDeviance;
      }
      expectMatchesReference(result, expected);
      expect(result.iterations).toBe(iterations);
      // Muster's notes on its deliberate differences from R come on top of R's warnings.
      const differences = ['glm-zero-weights-sandwich', 'glm-firth-null-deviance'];
      if (c.id === 'binomial-zero-weights' || c.id === 'firth-poisson') {
        expect(result.warnings.some((w) => differences.includes(w.code))).toBe(true);
      }
      expect(
        result.warnings.map((w) => w.code).filter((code) => !differences.includes(code)),
      ).toEqual((warnings as string[]).map(warningCodeForR));
    });
  }
});
