/** One point of a step function with an optional interval. */
export interface StepPoint {
  time: number;
  lower: number | null;
  upper: number | null;
}

/** A band row: a point of one contiguous segment of a stepped interval band. */
export interface BandRow {
  time: number;
  lower: number;
  upper: number;
  segment: number;
  order: number;
}

/**
 * Contract: turn the points of a right-continuous step function (ascending time) into the rows of
 * a stepped band drawn with `interpolate: 'step-after'`. A point's bounds hold from its time to
 * the next point's time, so where bounds stop being defined (R gives NA once S(t) = 0), the last
 * defined bounds are carried to the time of the first undefined point to close that step, and a
 * new segment starts at the next defined point. Segments are drawn as separate areas (`detail`),
 * so a gap is never bridged.
 */
export function stepBand(points: readonly StepPoint[]): BandRow[] {
  const rows: BandRow[] = [];
  let segment = 0;
  let open: StepPoint | null = null;
  for (const point of points) {
    if (point.lower !== null && point.upper !== null) {
      rows.push({
        time: point.time,
        lower: point.lower,
        upper: point.upper,
        segment,
        order: rows.length,
      });
      open = point;
    } else if (open !== null) {
      rows.push({
        time: point.time,
        lower: open.lower as number,
        upper: open.upper as number,
        segment,
        order: rows.length,
      });
      open = null;
      segment += 1;
    }
  }
  return rows;
}
