/** The one tolerance assertion of the project (`@muster/test-support`). */
export { expectClose, type Tolerance } from '@muster/test-support';
