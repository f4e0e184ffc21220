import { musterTheme } from '../theme.ts';
import type { ChartOptions, VegaLiteSpec } from '../types.ts';

/** The Vega-Lite schema every spec declares (Vega-Lite 6). */
export const SCHEMA_URL = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Default width of a plotting area, pixels. */
export const DEFAULT_WIDTH = 400;

/** The axis title to use: the option when given (null hides it), otherwise the default. */
export function axisTitle(
  option: string | null | undefined,
  fallback: string | null,
): string | null {
  return option === undefined ? fallback : option;
}

/**
 * A top-level spec: `$schema`, the optional title, the body (data, layers, concat...), and a copy of
 * the theme as `config`. Key order is fixed so that serialised specs are stable.
 */
export function topLevel(options: ChartOptions, body: Record<string, unknown>): VegaLiteSpec {
  const spec: VegaLiteSpec = { $schema: SCHEMA_URL };
  if (options.title !== undefined) {
    spec.title =
      options.subtitle === undefined
        ? { text: options.title }
        : { text: options.title, subtitle: options.subtitle };
  }
  Object.assign(spec, body);
  spec.config = structuredClone(musterTheme);
  return spec;
}
