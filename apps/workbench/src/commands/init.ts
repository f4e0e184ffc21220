import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@muster/core';
import { printLines } from '../cli-support/output.ts';
import { studyDependencies } from '../cli-support/package-versions.ts';
import { studyFiles } from '../cli-support/study-template.ts';
import type { Command } from '../command.ts';

const usage = `usage: muster init DIR

Write a study project in DIR (a new or empty folder): package.json depending on the published
Muster packages, notebooks/analysis.md (a small worked analysis), data/ for your data files, a
README with the commands, and a .gitignore. Then:
  cd DIR && npm install && npx muster render notebooks/analysis.md --to html,pdf --out _out`;

/** A folder name as an npm package name: lower case, letters, digits, '-', '.' and '_'. */
function packageName(dir: string): string {
  const name = basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[-]+$/g, '');
  return name === '' ? 'study' : name.slice(0, 214);
}

/** Refuse a target that is a file or a folder with anything in it. */
function checkTarget(dir: string): void {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (stat === undefined) return;
  if (!stat.isDirectory()) {
    throw new InvalidArgumentError(
      'DIR',
      `muster init requires DIR to be a new or empty folder; '${dir}' is a file`,
    );
  }
  const entries = readdirSync(dir);
  if (entries.length > 0) {
    throw new InvalidArgumentError(
      'DIR',
      `muster init requires DIR to be a new or empty folder; '${dir}' holds ${entries.length} entries (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''})`,
    );
  }
}

export const command: Command = {
  summary:
    'write a study project (package.json, a notebook, data/) that uses the published packages',
  usage,
  async run(args) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    if (positionals.length !== 1) {
      throw new InvalidArgumentError(
        'DIR',
        `muster init takes one folder; received ${positionals.length}`,
      );
    }
    const dir = positionals[0]!;
    checkTarget(dir);
    const files = studyFiles(packageName(dir), studyDependencies());
    for (const [path, text] of Object.entries(files)) {
      const target = join(dir, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text, { flag: 'wx' });
    }
    const shown = dir.replace(/\/+$/, '') || '/';
    return printLines([
      `muster init: wrote ${shown}/ (${Object.keys(files).join(', ')})`,
      `next: cd ${shown} && npm install && npx muster render notebooks/analysis.md --to html,pdf --out _out`,
    ]);
  },
};
