import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsv } from '../src/index.ts';

const here = dirname(fileURLToPath(import.meta.url));

export function fixture(path: string): string {
  return readFileSync(join(here, 'fixtures', path), 'utf8');
}

export function readData(name: string) {
  return readCsv(fixture(join('data', name)));
}

/** |actual - expected| <= atol + rtol |expected| */
export function close(
  actual: number,
  expected: number,
  tolerance: { atol?: number; rtol?: number },
): boolean {
  const { atol = 0, rtol = 0 } = tolerance;
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}
