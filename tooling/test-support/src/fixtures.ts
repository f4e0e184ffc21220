import { readFileSync } from 'node:fs';

/** Readers of the files under one folder (a package's `test/fixtures/`), cached by name. */
export interface FixtureReader<Data> {
  /** Absolute path of a fixture. */
  path(name: string): string;
  /** A fixture's text (UTF-8). */
  text(name: string): string;
  /** A JSON fixture, parsed. */
  json<T = unknown>(name: string): T;
  /** A CSV fixture read by the project's CSV reader (the `readCsv` given), cached by name. */
  csv(name: string): Data;
}

/**
 * Readers of the fixture files in `folder` (a URL, e.g. `new URL('./fixtures/', import.meta.url)`).
 * `readCsv` is the project's one CSV reader (`@muster/formula`'s), passed in so that this package
 * depends on no Muster package.
 *
 * @example
 * ```ts
 * import { readCsv } from '@muster/formula';
 * const fixtures = fixtureReader(new URL('./fixtures/', import.meta.url), readCsv);
 * const panel = fixtures.csv('panel.csv');
 * ```
 */
export function fixtureReader<Data = never>(
  folder: URL,
  readCsv?: (text: string) => Data,
): FixtureReader<Data> {
  const base = folder.href.endsWith('/') ? folder : new URL(`${folder.href}/`);
  const csvCache = new Map<string, Data>();
  const path = (name: string) => decodeURIComponent(new URL(name, base).pathname);
  const text = (name: string) => readFileSync(new URL(name, base), 'utf8');
  return {
    path,
    text,
    json: <T>(name: string) => JSON.parse(text(name)) as T,
    csv(name: string): Data {
      if (readCsv === undefined) {
        throw new TypeError(`fixtureReader requires a readCsv to read '${name}'`);
      }
      let data = csvCache.get(name);
      if (data === undefined) {
        data = readCsv(text(name));
        csvCache.set(name, data);
      }
      return data;
    },
  };
}
