import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@muster/core/errors';
import { type ErrorDisplay, type ReportFormat, renderNotebook } from '@muster/report';
import type { Command } from '../command.ts';

const usage = `usage: muster render NOTEBOOK... [--to html,pdf] [--out DIR] [--param name=value]...
                     [--no-cache] [--quiet]

Run each notebook (Markdown with YAML front matter and \`ts\` cells) and write its reports to
DIR/<name>.html and DIR/<name>.pdf (default --to html, --out _out next to the notebook).
--param overrides a parameter declared in the front matter (repeat for several). Cell results
are cached in DIR/.muster-cache; --no-cache runs every cell. Reports are byte-identical from run
to run and embed a provenance manifest that \`muster verify\` checks.
Exit status: 0 when every cell ran, 1 when a cell failed (the report shows the error), 2 for
usage errors.`;

function parseParameters(items: string[]): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const item of items) {
    const equals = item.indexOf('=');
    if (equals <= 0) {
      throw new InvalidArgumentError(
        '--param',
        `muster render requires --param as name=value; received '${item}'`,
      );
    }
    parameters[item.slice(0, equals).trim()] = item.slice(equals + 1);
  }
  return parameters;
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
