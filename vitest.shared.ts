import { defineConfig } from 'vitest/config';

// Tests run on the sources: the custom condition points every @muster/* import at src/index.ts.
const conditions = ['@muster/source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@muster/source'] } },
  test: {
    environment: 'node',
    env: { TZ: 'UTC' },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    include: ['test/**/*.test.ts'],
  },
});
