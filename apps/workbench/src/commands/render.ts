import { lstatSync, type Stats, statSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@muster/core/errors';
import { type ErrorDisplay, type ReportFormat, renderNotebook } from '@muster/report';
import type { Command } from '../command.ts';

const usage = `usage: muster render NOTEBOOK... [--to html,pdf] [--out DIR] [--param name=value]...
                     [--no-cache] [--quiet]

Run each notebook (Markdown with YAML front matter and \`ts\` cells) and write its reports to
DIR/<name>.html and DIR/<name>.pdf (default --to html, --out _out next to the notebook).
--param overrides a parameter declared in the front matter (repeat for several). Cell results,
formatted citations and reports are cached in DIR/.muster-cache; --no-cache runs every cell.
Reports are byte-identical from run to run and embed a provenance manifest that \`muster verify\`
checks.
Exit status: 0 when every cell ran, 1 when a cell failed (the report shows the error), 2 for
usage errors.`;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function parseParameters(items: string[]): Record<string, string> {
  // No prototype: a name such as __proto__ is a key like any other (and then an unknown parameter).
  const parameters: Record<string, string> = Object.create(null);
  for (const item of items) {
    const equals = item.indexOf('=');
    const name = item.slice(0, Math.max(equals, 0)).trim();
    if (equals <= 0 || !IDENTIFIER.test(name)) {
      throw new InvalidArgumentError(
        '--param',
        `muster render requires --param as name=value; received '${item}'`,
      );
    }
    if (Object.hasOwn(parameters, name)) {
      throw new InvalidArgumentError(
        '--param',
        `muster render requires each parameter once; received --param ${name} twice`,
      );
    }
    parameters[name] = item.slice(equals + 1);
  }
  return parameters;
}

/** --out must be a folder or a path that can become one (not a file, not a dangling link). */
function checkOutDir(outDir: string): void {
  let link: Stats;
  try {
    link = lstatSync(outDir);
  } catch {
    return;
  }
  let target: Stats;
  try {
    target = statSync(outDir);
  } catch {
    throw new InvalidArgumentError(
      '--out',
      `muster render requires --out to be a folder; '${outDir}' is a symbolic link to a missing target`,
    );
  }
  if (!target.isDirectory()) {
    throw new InvalidArgumentError(
      '--out',
      `muster render requires --out to be a folder; '${outDir}' is ${link.isSymbolicLink() ? 'a symbolic link to ' : ''}a file`,
    );
  }
}

/** Every report the render was asked for exists and is not empty. */
function missingReports(files: { path: string }[], formats: string[]): string[] {
  const missing = formats.filter(
    (format) => !files.some((file) => file.path.endsWith(`.${format}`)),
  );
  for (const file of files) {
    try {
      if (statSync(file.path).size === 0) missing.push(file.path);
    } catch {
      missing.push(file.path);
    }
  }
  return missing;
}

function parseFormats(text: string): ReportFormat[] {
  const formats = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  for (const format of formats) {
    if (format !== 'html' && format !== 'pdf') {
      throw new InvalidArgumentError(
        '--to',
        `muster render requires --to to list html and/or pdf; received '${text}'`,
      );
    }
  }
  if (formats.length === 0)
    throw new InvalidArgumentError(
      '--to',
      `muster render requires at least one format in --to; received '${text}'`,
    );
  return [...new Set(formats)] as ReportFormat[];
}

function describeError(error: ErrorDisplay): string {
  return `${error.where}${error.line !== null ? ` (line ${error.line})` : ''}: ${error.name}: ${error.message}`;
}

export const command: Command = {
  summary: 'Render notebooks to reproducible HTML and PDF reports',
  usage,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        to: { type: 'string', default: 'html' },
        out: { type: 'string' },
        param: { type: 'string', multiple: true, default: [] },
        'no-cache': { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
      },
    });
    if (positionals.length === 0)
      throw new InvalidArgumentError(
        'NOTEBOOK',
        'muster render requires at least one NOTEBOOK file',
      );
    // Reports must not depend on the machine's time zone (dates printed by cells or charts).
    process.env.TZ = 'UTC';
    const formats = parseFormats(values.to);
    const parameters = parseParameters(values.param);
    const names = new Map<string, string>();
    let status = 0;
    for (const notebook of positionals) {
      const outDir = values.out ?? `${notebook.replace(/[/\\][^/\\]*$/, '') || '.'}/_out`;
      const name = notebook.replace(/^.*[/\\]/, '').replace(/\.[^.]*$/, '');
      const key = `${outDir}\0${name}`;
      if (names.has(key)) {
        throw new InvalidArgumentError(
          'NOTEBOOK',
          `muster render would write two reports named '${name}' into ${outDir} (${names.get(key)} and ${notebook})`,
        );
      }
      names.set(key, notebook);
      checkOutDir(outDir);
      const result = await renderNotebook(notebook, {
        outDir,
        formats,
        parameters,
        cache: !values['no-cache'],
      });
      const { stats } = result.run;
      const written = result.files.map((file) => relative(process.cwd(), file.path)).join(', ');
      if (!values.quiet) {
        process.stdout.write(
          `${notebook} -> ${written} (${stats.total} cells and inline expressions: ${stats.executed} run, ${stats.cached} from cache)\n`,
        );
      }
      const missing = missingReports(result.files, formats);
      if (missing.length > 0) {
        status = 1;
        process.stderr.write(`muster: ${notebook}: reports not written: ${missing.join(', ')}\n`);
      }
      if (result.failed) {
        status = 1;
        for (const cell of result.run.cells) {
          for (const output of cell.outputs) {
            if (output.kind === 'error')
              process.stderr.write(`muster: ${notebook}: ${describeError(output)}\n`);
          }
        }
      }
    }
    return status;
  },
};
