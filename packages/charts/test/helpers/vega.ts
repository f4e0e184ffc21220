/**
 * Test helpers: validate a spec against the Vega-Lite JSON schema (ajv), compile it with
 * vega-lite (collecting warnings), and render it to SVG with vega in Node (renderer 'none':
 * no canvas, so text widths are vega's deterministic estimates).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import * as vl from 'vega-lite';
import type { VegaLiteSpec } from '../../src/index.ts';

const require = createRequire(import.meta.url);

let validator: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (validator === undefined) {
    const schema = JSON.parse(
      readFileSync(require.resolve('vega-lite/vega-lite-schema.json'), 'utf8'),
    ) as Record<string, unknown>;
    const ajv = new Ajv({ allowUnionTypes: true, strict: false, allErrors: true });
    // The schema's formats: colours are checked, URIs are only strings here.
    ajv.addFormat('color-hex', /^#(?:[0-9a-fA-F]{3}){1,2}$/);
    ajv.addFormat('uri', true);
    ajv.addFormat('uri-reference', true);
    validator = ajv.compile(schema);
  }
  return validator;
}

/** Schema errors of a spec, as readable lines; empty when the spec is valid. */
export function schemaErrors(spec: unknown): string[] {
  const validate = schemaValidator();
  if (validate(spec)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

/** Compile a Vega-Lite spec to Vega; returns the Vega spec and every warning vega-lite logged. */
export function compile(spec: VegaLiteSpec): { vega: vega.Spec; warnings: string[] } {
  const warnings: string[] = [];
  const logger = {
    level(): number {
      return 0;
    },
    error(...args: unknown[]) {
      throw new Error(args.map(String).join(' '));
    },
    warn(...args: unknown[]) {
      warnings.push(args.map(String).join(' '));
      return this;
    },
    info() {
      return this;
    },
    debug() {
      return this;
    },
  };
  // biome-ignore lint/suspicious/noExplicitAny: vega-lite's logger type is a full vega-util logger
  const compiled = vl.compile(spec as unknown as TopLevelSpec, { logger: logger as any });
  return { vega: compiled.spec, warnings };
}

/** Render a Vega-Lite spec to an SVG string in Node, collecting vega's runtime warnings too. */
export async function renderSvg(spec: VegaLiteSpec): Promise<{ svg: string; warnings: string[] }> {
  const { vega: compiled, warnings } = compile(spec);
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  view.logger({
    level: () => 0,
    error: (...args: unknown[]) => warnings.push(`error: ${args.map(String).join(' ')}`),
    warn: (...args: unknown[]) => warnings.push(args.map(String).join(' ')),
    info: () => undefined,
    debug: () => undefined,
    // biome-ignore lint/suspicious/noExplicitAny: partial logger is enough for vega's View
  } as any);
  const svg = await view.toSVG();
  view.finalize();
  return { svg, warnings };
}

/**
 * Round every decimal number in an SVG to `digits` decimals (Observable Plot's snapshot rule),
 * so golden files do not change with the last bits of floating-point layout arithmetic.
 */
export function roundSvgNumbers(svg: string, digits = 2): string {
  return svg.replace(/-?\d+\.\d+(?:e-?\d+)?/g, (match) => {
    const rounded = Number(Number(match).toFixed(digits));
    return String(Object.is(rounded, -0) ? 0 : rounded);
  });
}
