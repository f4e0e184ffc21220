/** The locale and time zone every cell sees, whatever the machine's LANG and TZ. */
export const CELL_LOCALE = 'en-US';
export const CELL_TIME_ZONE = 'UTC';

const INTL_CONSTRUCTORS = [
  'Collator',
  'DateTimeFormat',
  'DisplayNames',
  'ListFormat',
  'NumberFormat',
  'PluralRules',
  'RelativeTimeFormat',
  'Segmenter',
] as const;

const LOCALE_METHODS: [object, string][] = [
  [Number.prototype, 'toLocaleString'],
  [BigInt.prototype, 'toLocaleString'],
  [Date.prototype, 'toLocaleString'],
  [Date.prototype, 'toLocaleDateString'],
  [Date.prototype, 'toLocaleTimeString'],
  [String.prototype, 'localeCompare'],
  [String.prototype, 'toLocaleUpperCase'],
  [String.prototype, 'toLocaleLowerCase'],
];

/**
 * Pin the locale and the time zone while a cell runs: `process.env.TZ` is set to UTC (Node
 * re-reads it, so `Date#toString`, `getHours` and date parsing use UTC), and every locale-taking
 * built-in (`toLocaleString` and friends, `localeCompare`, the `Intl` constructors) defaults to
 * en-US when the cell names no locale. A cell that passes a locale or a `timeZone` option gets
 * what it asked for. Returns a function that restores everything.
 */
export function pinLocale(): () => void {
  const restore: (() => void)[] = [];
  const previousTz = process.env.TZ;
  process.env.TZ = CELL_TIME_ZONE;
  restore.push(() => {
    if (previousTz === undefined) delete process.env.TZ;
    else process.env.TZ = previousTz;
  });

  for (const [owner, name] of LOCALE_METHODS) {
    const target = owner as Record<string, unknown>;
    const original = target[name] as (this: unknown, ...args: unknown[]) => unknown;
    // localeCompare takes the locale second; the others first.
    const position = name === 'localeCompare' ? 1 : 0;
    const pinned = {
      [name](this: unknown, ...args: unknown[]) {
        if (args[position] === undefined) args[position] = CELL_LOCALE;
        return original.apply(this, args);
      },
    }[name];
    Object.defineProperty(target, name, { value: pinned, writable: true, configurable: true });
    restore.push(() =>
      Object.defineProperty(target, name, { value: original, writable: true, configurable: true }),
    );
  }

  // Date#toString and #toTimeString name the zone in the process's default locale
  // ("Koordinierte Weltzeit" under LANG=de_DE): name it in the cells' locale instead.
  const zoneName = new Intl.DateTimeFormat(CELL_LOCALE, {
    timeZone: CELL_TIME_ZONE,
    timeZoneName: 'long',
  })
    .formatToParts(0)
    .find((part) => part.type === 'timeZoneName')?.value;
  for (const name of ['toString', 'toTimeString'] as const) {
    const original = Date.prototype[name];
    const pinned = {
      [name](this: Date) {
        return original.call(this).replace(/\([^()]*\)$/, `(${zoneName})`);
      },
    }[name];
    Object.defineProperty(Date.prototype, name, {
      value: pinned,
      writable: true,
      configurable: true,
    });
    restore.push(() =>
      Object.defineProperty(Date.prototype, name, {
        value: original,
        writable: true,
        configurable: true,
      }),
    );
  }

  const intl = Intl as unknown as Record<string, unknown>;
  for (const name of INTL_CONSTRUCTORS) {
    const Original = intl[name] as (new (...args: unknown[]) => object) & Record<string, unknown>;
    if (typeof Original !== 'function') continue;
    const Pinned = function (this: unknown, locales?: unknown, ...rest: unknown[]) {
      return new Original(locales ?? CELL_LOCALE, ...rest);
    } as unknown as Record<string, unknown>;
    Pinned.prototype = Original.prototype;
    Pinned.supportedLocalesOf = Original.supportedLocalesOf;
    intl[name] = Pinned;
    restore.push(() => {
      intl[name] = Original;
    });
  }
  return () => {
    for (const undo of restore.reverse()) undo();
  };
}
