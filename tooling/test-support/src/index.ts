export { expectClose, type Tolerance } from './expect-close.ts';
export { type FixtureReader, fixtureReader } from './fixtures.ts';
export {
  checkExampleOutput,
  type ExampleBlock,
  type ExampleOptions,
  findExamples,
  runExamples,
} from './run-examples.ts';
export { exampleModulePrelude } from './example-module.ts';
export { type ExampleProgram, type ExpectedOutput, exampleProgram } from './example-program.ts';
export { mismatch, parseShown } from './example-output.ts';
