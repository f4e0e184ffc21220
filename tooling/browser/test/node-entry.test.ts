/**
 * Under Node, `@muster/core` resolves to one bundled file (export condition `node`), so a command
 * that imports it reads 2 files instead of about 100 (the browser's modules, kept for bundlers to
 * prune); its errors are those of `@muster/core/errors`, so `instanceof` holds across both entries.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('@muster/core under Node (the published build)', () => {
  it('resolves to dist/node/index.js, which imports nothing but the shared errors module', () => {
    const path = fileURLToPath(import.meta.resolve('@muster/core'));
    expect(path).toMatch(/packages\/core\/dist\/node\/index\.js$/);
    const specifiers = [
      ...readFileSync(path, 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*"([^"]+)"/gm),
    ].map((m) => m[1]);
    expect(new Set(specifiers)).toEqual(new Set(['../errors.js']));
  });

  it('throws the errors of @muster/core/errors', async () => {
    const core = await import('@muster/core');
    const errors = await import('@muster/core/errors');
    expect(core.MusterError).toBe(errors.MusterError);
    expect(() => core.qrDecompose(new Float64Array(1), 5, 5)).toThrow(errors.InvalidArgumentError);
    expect(core.pnorm(1.96)).toBe(0.9750021048517795);
  });
});
