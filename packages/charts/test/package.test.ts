import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) =>
  f.endsWith('.ts'),
);

describe('@muster/charts sources', () => {
  it('import nothing at run time but @muster/core and each other (no vega, no I/O)', () => {
    const imports = files.flatMap((file) =>
      [
        ...readFileSync(`${src}${file}`, 'utf8').matchAll(
          /^import (?!type )[^;]*? from '([^']+)'/gms,
        ),
      ].map((m) => m[1]),
    );
    expect(imports.length).toBeGreaterThan(10);
    for (const specifier of imports) {
      expect(specifier === '@muster/core' || specifier.startsWith('.'), specifier).toBe(true);
    }
  });

  it('emit no random or time-dependent values', () => {
    for (const file of files) {
      const text = readFileSync(`${src}${file}`, 'utf8');
      expect(text, file).not.toMatch(/Math\.random|Date\.now|new Date\(/);
    }
  });
});
