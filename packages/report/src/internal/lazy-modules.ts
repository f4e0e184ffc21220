/**
 * Third-party modules that some renders need and others do not (a report served from the cache
 * needs none), loaded on first use through their CommonJS builds, so that synchronous code can
 * load them when it first needs them: importing @muster/report stays cheap.
 */
import { createRequire } from 'node:module';

type MarkdownItFactory = typeof import('markdown-it').default;
type Temml = typeof import('temml').default;
type Yaml = typeof import('yaml');

const require = createRequire(import.meta.url);
const loaded = new Map<string, unknown>();

function load<T>(name: string): T {
  let module = loaded.get(name);
  if (module === undefined) {
    module = require(name);
    loaded.set(name, module);
  }
  return module as T;
}

/**
 * The default export of a module: its CommonJS `module.exports`, or the `default` of its ES module
 * build when the process resolves with the `import` condition (Node then requires the ES module).
 */
function defaultOf<T>(module: unknown): T {
  const namespace = module as { [Symbol.toStringTag]?: string; default?: T };
  return namespace[Symbol.toStringTag] === 'Module' ? (namespace.default as T) : (module as T);
}

/** markdown-it's factory. */
export function markdownIt(): MarkdownItFactory {
  return defaultOf<MarkdownItFactory>(load('markdown-it'));
}

/** temml (TeX to MathML). */
export function temml(): Temml {
  return defaultOf<Temml>(load('temml'));
}

/** yaml. */
export function yaml(): Yaml {
  return load<Yaml>('yaml');
}

/** Names of the modules loaded so far (tests check what a cached render loads). */
export function loadedModules(): string[] {
  return [...loaded.keys()];
}
