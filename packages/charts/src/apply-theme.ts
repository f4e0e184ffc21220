import { InvalidArgumentError } from '@muster/core';
import { musterTheme } from './theme.ts';
import type { VegaLiteConfig, VegaLiteSpec } from './types.ts';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function merge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(base);
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] =
      isPlainObject(current) && isPlainObject(value)
        ? merge(current, value)
        : structuredClone(value);
  }
  return out;
}

/**
 * Put a theme into a Vega-Lite spec's `config`, so a hand-written spec looks like the charts
 * the builders emit. Settings already in the spec's `config` win over the theme's (a deep merge);
 * the input is not modified.
 *
 * @param spec - A Vega-Lite spec (a plain JSON object).
 * @param theme - A Vega-Lite config (default {@link musterTheme}).
 * @returns A new spec whose `config` is the theme merged with the spec's own config.
 * @throws InvalidArgumentError when `spec` is not an object.
 * @example
 * const spec = applyTheme({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
 *   mark: 'point', config: { font: 'serif' } });
 * [spec.config.font, spec.config.range.category[0]]
 * // => ['serif', '#0072B2']
 */
export function applyTheme<S extends VegaLiteSpec>(
  spec: S,
  theme: Readonly<VegaLiteConfig> = musterTheme,
): S & { config: VegaLiteConfig } {
  if (!isPlainObject(spec)) {
    throw new InvalidArgumentError(
      'spec',
      `applyTheme requires a Vega-Lite spec object; received ${spec === null ? 'null' : typeof spec}`,
    );
  }
  const own = isPlainObject(spec.config) ? spec.config : {};
  return { ...structuredClone(spec), config: merge(theme as Record<string, unknown>, own) };
}
