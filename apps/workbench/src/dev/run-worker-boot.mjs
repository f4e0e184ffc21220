// Worker entry: registers tsx in this thread (loader hooks are per thread), then loads the
// TypeScript worker. The export conditions (--conditions=@muster/source) come from the server's
// execArgv, which workers inherit.
import { register } from 'tsx/esm/api';

register();
await import('./run-worker.ts');
