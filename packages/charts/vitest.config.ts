import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

// Test files share their worker's module cache, so the Vega-Lite JSON schema is compiled by ajv
// once per worker rather than once per file (about 1.5 s each).
export default mergeConfig(shared, { test: { isolate: false } });
