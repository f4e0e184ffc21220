/**
 * The browser recipes of a package README, as written there: each TypeScript block after an
 * `<!-- example: browser (...) -->` marker, and the shell block that follows it (the commands a
 * reader types). `recipeModule` turns a block into the module a page runs: the README's code with
 * its `// =>` outputs checked (as the other README examples are checked under Node), then a
 * check of the test's own, and the outcome in `window.musterResult`.
 */
import { readFileSync } from 'node:fs';
import { exampleModulePrelude, exampleProgram } from '@muster/test-support';

export interface BrowserRecipe {
  /** 1-based line of the TypeScript block in the README. */
  line: number;
  /** The marker's note, e.g. which test runs it. */
  note: string;
  /** The TypeScript block. */
  code: string;
  /** The shell block right after it, if any (without its fences). */
  shell: string | null;
}

export function browserRecipes(readmePath: string): BrowserRecipe[] {
  const text = readFileSync(readmePath, 'utf8');
  const block =
    /<!-- example: browser \((.*)\) -->\n```ts\n([\s\S]*?)```\n(?:\n```sh\n([\s\S]*?)```)?/g;
  return [...text.matchAll(block)].map((match) => ({
    line: text.slice(0, match.index).split('\n').length + 1,
    note: match[1]!,
    code: match[2]!,
    shell: match[3] ?? null,
  }));
}

/**
 * The shell block's commands, one per entry (continued lines joined), for the test to run
 * in the recipe's folder.
 */
export function shellCommands(shell: string): string[] {
  return shell
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * The page module of a recipe: the README block runs first (its `// =>` lines checked against
 * what they print), then `epilogue` (code of the test that may use the block's imports through
 * its own import lines, given in `epilogueImports`) returns a value; `window.musterResult` gets
 * `{ failures, epilogue }`, `window.musterError` an exception, and `window.musterDone` is set
 * either way. `checker` is the import path of test-support's example-output module.
 */
export function recipeModule(
  code: string,
  where: string,
  checker: string,
  epilogueImports: string,
  epilogue: string,
): string {
  const program = exampleProgram(code);
  return `${exampleModulePrelude(program, checker)}${epilogueImports}
(async () => {
  await (async () => {
${program.body}
  })();
  const epilogue = await (async () => {
${epilogue}
  })();
  window.musterResult = { failures: __failures.map((f) => ${JSON.stringify(`${where}: `)} + f), epilogue };
})()
  .catch((error) => {
    window.musterError = error instanceof Error ? error.message + '\\n' + error.stack : String(error);
  })
  .finally(() => {
    window.musterDone = true;
  });
`;
}
