/**
 * Contract: niceTicks(start, stop, count) returns about `count` evenly spaced round values
 * (multiples of 1, 2 or 5 times a power of ten) in [start, stop], ascending: the algorithm of
 * d3-array's `ticks` (Bostock, d3-array 3), which Vega uses for its axes, so values chosen here
 * coincide with the axis ticks a reader expects. Integer arithmetic on the tick index avoids
 * accumulated floating-point error (0.30000000000000004).
 */
const e10 = Math.sqrt(50);
const e5 = Math.sqrt(10);
const e2 = Math.sqrt(2);

function tickSpec(start: number, stop: number, count: number): [number, number, number] {
  const step = (stop - start) / Math.max(0, count);
  const power = Math.floor(Math.log10(step));
  const error = step / 10 ** power;
  const factor = error >= e10 ? 10 : error >= e5 ? 5 : error >= e2 ? 2 : 1;
  let i1: number;
  let i2: number;
  let inc: number;
  if (power < 0) {
    inc = 10 ** -power / factor;
    i1 = Math.round(start * inc);
    i2 = Math.round(stop * inc);
    if (i1 / inc < start) ++i1;
    if (i2 / inc > stop) --i2;
    inc = -inc;
  } else {
    inc = 10 ** power * factor;
    i1 = Math.round(start / inc);
    i2 = Math.round(stop / inc);
    if (i1 * inc < start) ++i1;
    if (i2 * inc > stop) --i2;
  }
  if (i2 < i1 && 0.5 <= count && count < 2) return tickSpec(start, stop, count * 2);
  return [i1, i2, inc];
}

export function niceTicks(start: number, stop: number, count: number): number[] {
  if (!(count > 0) || !Number.isFinite(start) || !Number.isFinite(stop)) return [];
  if (start === stop) return [start];
  const [lo, hi] = start < stop ? [start, stop] : [stop, start];
  const [i1, i2, inc] = tickSpec(lo, hi, count);
  if (!(i2 >= i1)) return [];
  const ticks: number[] = [];
  for (let i = i1; i <= i2; i++) ticks.push(inc < 0 ? i / -inc : i * inc);
  return ticks;
}
