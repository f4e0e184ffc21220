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

export { expectClose } from '@muster/test-support';
