import { InvalidArgumentError } from '@muster/core/errors';
import { svgSize } from './internal/svg.ts';
import { addTooltipTitles, describeTooltips } from './internal/svg-tooltips.ts';

/** A chart drawn as static SVG. */
export interface RenderedSvg {
  svg: string;
  /** Size in CSS pixels. */
  width: number;
  height: number;
}

/**
 * Draw a Vega-Lite specification as SVG in Node: Vega-Lite compiles it to Vega, and a headless
 * Vega view (`renderer: 'none'`) renders it with `View.toSVG()`. No network and no file access:
 * data must be inline (`data.values`); a spec that asks for a URL fails. Text is measured with the
 * advance widths of the fonts reports draw charts with (`measureTextWidth` from @muster/charts,
 * no canvas), so axes and titles get the room their text takes and the SVG is the same on every
 * machine. A mark with a `tooltip` encoding gets its text as its description (`aria-label`) and
 * as a `<title>`, which browsers show on hover with no script (lines, areas and trails, drawn as one
 * path per series, are left without).
 *
 * @param spec - A Vega-Lite specification (a `$schema` naming vega-lite is not required).
 * @returns The SVG text and its size in CSS pixels.
 * @throws InvalidArgumentError when Vega-Lite cannot compile the spec or Vega cannot draw it.
 * @example
 * ```ts
 * const { svg, width } = await vegaLiteToSvg({
 *   data: { values: [{ x: 1, y: 2 }, { x: 2, y: 3 }] },
 *   mark: 'line',
 *   encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
 * });
 * svg.startsWith('<svg');
 * // => true
 * ```
 */
export async function vegaLiteToSvg(spec: Record<string, unknown>): Promise<RenderedSvg> {
  const [vega, vegaLite, charts] = await Promise.all([
    import('vega'),
    import('vega-lite'),
    import('@muster/charts'),
  ]);
  measureWithFontWidths(vega, charts.measureTextWidth);
  let vegaSpec: unknown;
  try {
    // Compile a copy: Vega-Lite may normalise the object it is given.
    vegaSpec = vegaLite.compile(
      JSON.parse(JSON.stringify(spec)) as unknown as Parameters<typeof vegaLite.compile>[0],
      {
        logger: quietLogger(vega),
      },
    ).spec;
  } catch (error) {
    throw new InvalidArgumentError(
      'spec',
      `vegaLiteToSvg requires a valid Vega-Lite specification; ${(error as Error).message}`,
    );
  }
  // Vega logs a failed load and draws without the data; remember the attempt and fail afterwards.
  const refused: string[] = [];
  const refuse = async (uri: string) => {
    refused.push(uri);
    throw new InvalidArgumentError(
      'spec',
      `vegaLiteToSvg requires inline data; the spec asks to load ${JSON.stringify(uri)}`,
    );
  };
  const loader = { ...vega.loader(), load: refuse, sanitize: refuse, http: refuse, file: refuse };
  const view = new vega.View(vega.parse(vegaSpec as Parameters<typeof vega.parse>[0]), {
    renderer: 'none',
    loader: loader as unknown as ReturnType<typeof vega.loader>,
    logLevel: vega.Error,
  });
  try {
    await view.runAsync();
    const tooltips = describeTooltips(
      (view.scenegraph() as unknown as { root: Parameters<typeof describeTooltips>[0] }).root,
    );
    const svg = addTooltipTitles(await view.toSVG(), tooltips);
    if (refused.length > 0) {
      throw new InvalidArgumentError(
        'spec',
        `vegaLiteToSvg requires inline data; the spec asks to load ${JSON.stringify(refused[0])}`,
      );
    }
    return { svg, ...svgSize(svg) };
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw error;
    throw new InvalidArgumentError(
      'spec',
      `vegaLiteToSvg could not draw the chart; ${(error as Error).message}`,
    );
  } finally {
    view.finalize();
  }
}

/** Vega's text measure, replaced (once, for the process) by one from the fonts' widths. */
function measureWithFontWidths(
  vega: typeof import('vega'),
  measure: (text: string, fontSize: number, bold?: boolean) => number,
): void {
  const metrics = (vega as unknown as { textMetrics: unknown }).textMetrics as {
    width: (item: Record<string, unknown>, text: unknown) => number;
  };
  metrics.width = (item, text) => {
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const line = text == null ? '' : String(text).trim();
    if (size <= 0 || line === '') return 0;
    const weight = item.fontWeight;
    const bold = weight === 'bold' || (typeof weight === 'number' && weight >= 600);
    return measure(line, size, bold);
  };
}

function quietLogger(vega: typeof import('vega')) {
  return vega.logger(vega.Error);
}
