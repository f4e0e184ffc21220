/** A normalised row of a line with an optional interval band. */
export interface LineBandRow {
  x: number | string;
  y: number;
  lower: number | null;
  upper: number | null;
  group: string | null;
}

export interface LineBandLayout {
  x: Record<string, unknown>;
  y: Record<string, unknown>;
  groupTitle: string | null;
  band: boolean;
  points: boolean;
  tooltipFormat: string;
}

/**
 * The layers of a line with an interval band, optionally one per group: an area from `lower` to
 * `upper` (rows without both bounds are left out of the band), the line through `y`, and points.
 */
export function lineBandLayers(
  rows: readonly LineBandRow[],
  layout: LineBandLayout,
): Record<string, unknown>[] {
  const groups: string[] = [];
  for (const row of rows)
    if (row.group !== null && !groups.includes(row.group)) groups.push(row.group);
  const color =
    groups.length > 0
      ? {
          color: {
            field: 'group',
            type: 'nominal',
            title: layout.groupTitle,
            scale: { domain: groups },
            legend: { symbolType: 'stroke' },
          },
        }
      : {};
  const tooltip = [
    ...(groups.length > 0
      ? [{ field: 'group', type: 'nominal', title: layout.groupTitle ?? 'Group' }]
      : []),
    // Temporal x shows as written (an ISO date), not re-formatted in the viewer's time zone.
    {
      field: 'x',
      type: layout.x.type === 'temporal' ? 'nominal' : 'quantitative',
      title: layout.x.title ?? 'x',
    },
    {
      field: 'y',
      type: 'quantitative',
      title: layout.y.title ?? 'y',
      format: layout.tooltipFormat,
    },
    { field: 'lower', type: 'quantitative', title: 'Lower', format: layout.tooltipFormat },
    { field: 'upper', type: 'quantitative', title: 'Upper', format: layout.tooltipFormat },
  ];
  const layers: Record<string, unknown>[] = [];
  if (layout.band && rows.some((row) => row.lower !== null && row.upper !== null)) {
    layers.push({
      transform: [{ filter: 'isValid(datum.lower) && isValid(datum.upper)' }],
      mark: { type: 'area' },
      encoding: {
        x: layout.x,
        y: { field: 'lower', type: 'quantitative' },
        y2: { field: 'upper' },
        ...color,
      },
    });
  }
  layers.push({
    mark: { type: 'line', point: layout.points },
    encoding: { x: layout.x, y: layout.y, ...color, tooltip },
  });
  return layers;
}
