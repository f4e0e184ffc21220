import { defineConfig } from 'vitest/config';

// The published builds are under test: @muster/* resolve to their dist/ (no source condition),
// which turbo builds first (turbo.json: test depends on ^build).
export default defineConfig({
  test: {
    environment: 'node',
    env: { TZ: 'UTC' },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    include: ['test/**/*.test.ts'],
  },
});
