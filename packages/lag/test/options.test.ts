import { describe, expect, it } from 'vitest';
import {
  backProject,
  delayPmf,
  nowcast,
  pipelineEstimate,
  reconstruct,
  reportingTriangle,
  undercount,
} from '../src/index.ts';

const delay = [0.2, 0.5, 0.3];

describe('lag functions take the shared option names', () => {
  it('backProject rejects eps, alpha and eps0, naming tolerance, confLevel and tolerance0', () => {
    expect(() => backProject([4, 5, 6], delay, { eps: 0.01 } as never)).toThrow(
      "backProject no longer takes 'eps'; use 'tolerance'",
    );
    const bootstrap = { replicates: 2, seed: 1, alpha: 0.1 };
    expect(() => backProject([4, 5, 6], delay, { bootstrap } as never)).toThrow(
      "backProject (bootstrap) no longer takes 'alpha'; use 'confLevel'",
    );
    expect(() =>
      backProject([4, 5, 6], delay, { bootstrap: { replicates: 2, seed: 1, eps0: 1 } } as never),
    ).toThrow("backProject (bootstrap) no longer takes 'eps0'; use 'tolerance0'");
  });

  it('the interval functions reject level, naming confLevel', () => {
    expect(() => pipelineEstimate({ rate: 10, delay, level: 0.8 } as never)).toThrow(
      "pipelineEstimate no longer takes 'level'; use 'confLevel'",
    );
    expect(() =>
      undercount({ caught: 5, capture: { alpha: 2, beta: 8 }, level: 0.8 } as never),
    ).toThrow("undercount no longer takes 'level'; use 'confLevel'");
    const figures = [
      { start: '2022-01', end: '2022-12', value: 1200, qualifier: 'exact' as const },
    ];
    expect(() => reconstruct(figures, { level: 0.8 } as never)).toThrow(
      "reconstruct no longer takes 'level'; use 'confLevel'",
    );
  });

  it('results carry a kind, confLevel and warnings', () => {
    const fit = backProject([4, 5, 6], delay, {
      k: 0,
      tolerance: 1e-6,
      bootstrap: { replicates: 5, seed: 1, confLevel: 0.8 },
    });
    expect([fit.kind, fit.tolerance, fit.bootstrap?.confLevel]).toEqual([
      'back-projection',
      1e-6,
      0.8,
    ]);
    expect(fit.warnings.map((w) => w.code)).toEqual(['bootstrap-not-converged']);
    const pipeline = pipelineEstimate({
      rate: 100,
      delay: delayPmf({ distribution: 'gamma', mean: 2, sd: 1, maxDelay: 8 }),
      confLevel: 0.8,
    });
    expect([pipeline.kind, pipeline.confLevel, pipeline.warnings]).toEqual([
      'pipeline-estimate',
      0.8,
      [],
    ]);
    const total = undercount({ caught: 5, capture: { alpha: 2, beta: 8 } });
    expect([total.kind, total.confLevel]).toEqual(['undercount', 0.9]);
    const triangle = reportingTriangle(
      {
        event: ['2024-01-01', '2024-01-01', '2024-01-02'],
        report: ['2024-01-01', '2024-01-02', '2024-01-02'],
      },
      { unit: 'day', maxDelay: 1 },
    );
    const now = nowcast(triangle, { confLevel: 0.8, samples: 50 });
    expect([now.kind, now.confLevel]).toEqual(['nowcast', 0.8]);
  });
});
