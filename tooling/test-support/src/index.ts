export { expectClose, type Tolerance } from './expect-close.ts';
export { type FixtureReader, fixtureReader } from './fixtures.ts';
export {
  checkExampleOutput,
  type ExampleBlock,
  type ExampleOptions,
  findExamples,
  runExamples,
} from './run-examples.ts';
