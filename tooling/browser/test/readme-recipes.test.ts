/**
 * @muster/glm's browser recipes run as its README writes them ("In the browser"): the esbuild
 * recipe's app.ts and its shell commands (esbuild's own command line, the cp of highs.wasm), and
 * the Vite recipe's loader built with Vite. Each page runs the README's code with its `// =>`
 * outputs checked, then a fit with the separation linear program forced, so the loader the
 * README wrote must fetch highs.wasm and solve in Chromium.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { createLogger, build as viteBuild } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.ts';
import {
  type BrowserRecipe,
  browserRecipes,
  recipeModule,
  shellCommands,
} from './support/readme-recipes.ts';
import { serveFolder } from './support/static-server.ts';

const here = resolve(import.meta.dirname, '..');
const readme = resolve(here, '../../packages/glm/README.md');
const checkerSource = resolve(here, '../test-support/src/example-output.ts');

/** The test's own check, after the README's code: the loader must fetch and run HiGHS. */
const EPILOGUE_IMPORTS = "import { fitGlm as __fitGlm } from '@muster/glm';";
const EPILOGUE = `const fit = await __fitGlm(
  'y ~ x',
  { y: [0, 0, 1, 0, 1, 1, 0, 1], x: [1, 2, 3, 4, 5, 6, 7, 8] },
  { family: 'binomial', separation: 'always' },
);
return { separation: fit.separation, warnings: fit.warnings.map((w) => w.code) };`;

interface PageOutcome {
  failures: string[];
  epilogue: { separation: { checked: boolean; method: string }; warnings: string[] };
}

const recipes = browserRecipes(readme);
let browser: Browser;
const folders: string[] = [];

/** A folder outside the package whose node_modules are this package's (where the recipe's installs land). */
function recipeFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'muster-recipe-'));
  folders.push(folder);
  symlinkSync(join(here, 'node_modules'), join(folder, 'node_modules'), 'dir');
  copyFileSync(checkerSource, join(folder, 'example-output.ts'));
  return folder;
}

/** Runs a built page in Chromium: its outcome, the problems it logged, the WebAssembly it fetched. */
async function runPage(folder: string, extra: Record<string, string> = {}) {
  const server = await serveFolder(folder, extra);
  const page = await browser.newPage();
  const problems: string[] = [];
  const wasm: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.wasm')) wasm.push(path);
  });
  try {
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => window.musterDone === true, undefined, { timeout: 60_000 });
    const error = await page.evaluate(() => window.musterError);
    if (error !== undefined) throw new Error(`the page failed: ${error}`);
    const outcome = (await page.evaluate(() => window.musterResult)) as PageOutcome;
    return { outcome, problems, wasm };
  } finally {
    await page.close();
    await server.close();
  }
}

function recipe(tool: 'esbuild' | 'Vite'): BrowserRecipe {
  const found = recipes.filter((r) => r.note.includes(`with ${tool}`));
  if (found.length !== 1) {
    throw new Error(
      `packages/glm/README.md: expected one browser recipe run "with ${tool}", found ${found.length}`,
    );
  }
  return found[0]!;
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe("@muster/glm README's browser recipes, as written", () => {
  it('marks exactly the two recipes this file runs', () => {
    expect(recipes.map((r) => r.note)).toEqual([
      'tooling/browser/test/readme-recipes.test.ts bundles this recipe with esbuild and runs it in Chromium',
      'tooling/browser/test/readme-recipes.test.ts builds this recipe with Vite and runs it in Chromium',
    ]);
  });

  it("esbuild: the README's app.ts and shell commands give a page that checks separation", async () => {
    const { code, line, shell } = recipe('esbuild');
    expect(shell, 'the esbuild recipe is followed by its shell commands').not.toBeNull();
    const folder = recipeFolder();
    const where = `packages/glm/README.md (block at line ${line})`;
    writeFileSync(
      join(folder, 'app.ts'),
      recipeModule(code, where, './example-output.ts', EPILOGUE_IMPORTS, EPILOGUE),
    );
    const bin = join(here, 'node_modules/.bin');
    for (const command of shellCommands(shell!)) {
      // `npm install` is this package's own dependencies (linked as node_modules); the rest runs
      // as written, `npx esbuild` from those node_modules.
      const installs = /^npm install (.*)$/.exec(command);
      if (installs !== null) {
        for (const name of installs[1]!.split(/\s+/)) {
          expect(existsSync(join(here, 'node_modules', name)), `${name} is installed here`).toBe(
            true,
          );
        }
        continue;
      }
      execFileSync('sh', ['-ec', command.replace(/^npx /, '')], {
        cwd: folder,
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
        stdio: 'pipe',
      });
    }
    const html =
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>recipe</title></head><body><script type="module" src="./app.js"></script></body></html>';
    const { outcome, problems, wasm } = await runPage(join(folder, 'public'), {
      'index.html': html,
    });
    expect(problems).toEqual([]);
    expect(outcome.failures).toEqual([]);
    expect(outcome.epilogue.separation).toMatchObject({
      checked: true,
      method: 'linear-programming (Konis 2007)',
    });
    expect(outcome.epilogue.warnings).toEqual([]);
    expect(wasm).toEqual(['/highs.wasm']);
  });

  it("Vite: the README's loader builds with Vite and runs the check", async () => {
    const { code, line } = recipe('Vite');
    const folder = recipeFolder();
    const where = `packages/glm/README.md (block at line ${line})`;
    writeFileSync(
      join(folder, 'main.ts'),
      recipeModule(code, where, './example-output.ts', EPILOGUE_IMPORTS, EPILOGUE),
    );
    writeFileSync(
      join(folder, 'index.html'),
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>recipe</title></head><body><script type="module" src="./main.ts"></script></body></html>',
    );
    const warnings: string[] = [];
    const logger = createLogger('warn', { allowClearScreen: false });
    logger.warn = (message) => {
      warnings.push(message);
    };
    const out = join(folder, 'dist');
    mkdirSync(out);
    await viteBuild({
      root: folder,
      configFile: false,
      logLevel: 'warn',
      customLogger: logger,
      build: { outDir: out, emptyOutDir: true },
    });
    // highs' own `import("node:module")` (never run in a browser) is the one thing Vite notes,
    // as the README says. Rolldown's timing report on a busy machine (PLUGIN_TIMINGS) is about
    // speed, not the build.
    expect(
      warnings.filter((w) => !/"node:module" has been externalized|PLUGIN_TIMINGS/.test(w)),
    ).toEqual([]);
    const { outcome, problems, wasm } = await runPage(out);
    expect(problems).toEqual([]);
    expect(outcome.failures).toEqual([]);
    expect(outcome.epilogue.separation).toMatchObject({
      checked: true,
      method: 'linear-programming (Konis 2007)',
    });
    expect(outcome.epilogue.warnings).toEqual([]);
    // Vite copied highs.wasm into the build (hashed name) and the page loaded it from there.
    expect(wasm).toHaveLength(1);
    expect(wasm[0]).toMatch(/^\/assets\/highs-[\w-]+\.wasm$/);
  });
});
