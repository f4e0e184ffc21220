/**
 * The `muster` command line. `muster <command> ...` loads `commands/<command>.ts`, which exports
 * a `command` object (see ./command.ts). Errors a user can fix exit with code 2 and one line.
 */
import { type Command, fail } from './command.ts';

const commandNames = [
  'glm',
  'glmer',
  'margins',
  'km',
  'logrank',
  'cox',
  'cscox',
  'fgcox',
  'cuminc',
  'finegray',
  'aft',
  'match',
  'table',
  'backproject',
  'pipeline',
  'reconstruct',
  'render',
  'verify',
  'dev',
  'init',
] as const;

async function loadCommand(name: string): Promise<Command | undefined> {
  if (!(commandNames as readonly string[]).includes(name)) return undefined;
  try {
    const module = (await import(`./commands/${name}.ts`)) as { command: Command };
    return module.command;
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' &&
      String(error).includes(`commands/${name}.ts`)
    ) {
      return undefined;
    }
    throw error;
  }
}

async function usage(): Promise<string> {
  const lines = ['usage: muster <command> [arguments] [--json]', '', 'commands:'];
  for (const name of commandNames) {
    const command = await loadCommand(name);
    if (command) lines.push(`  ${name.padEnd(12)} ${command.summary}`);
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${await usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = await loadCommand(name);
  if (!command) {
    process.stderr.write(`muster: unknown command '${name}'\n${await usage()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  return command.run(rest);
}

let finished = false;
// A command whose work never settles would otherwise end with status 0 having done nothing.
process.on('exit', (code) => {
  if (finished || code !== 0) return;
  process.stderr.write('muster: the command stopped before it finished (nothing left to run)\n');
  process.exitCode = 1;
});

main(process.argv.slice(2)).then(
  (code) => {
    finished = true;
    process.exitCode = code;
  },
  (error: unknown) => {
    finished = true;
    process.exitCode = fail(error);
  },
);
