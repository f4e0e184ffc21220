import { vi } from 'vitest';
import { type Command, fail } from '../../src/command.ts';

/** What a command did: its exit status and everything it wrote. */
export interface CommandOutcome {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Run a command in process as the dispatcher does (a thrown error goes through `fail`), capturing
 * stdout and stderr.
 */
export async function runInProcess(command: Command, args: string[]): Promise<CommandOutcome> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const status = await command.run(args).then(
      (code) => code,
      (error: unknown) => fail(error),
    );
    return { status, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** Load a command module by name (`glm`, `km`, ...). */
export async function loadCommand(name: string): Promise<Command> {
  return ((await import(`../../src/commands/${name}.ts`)) as { command: Command }).command;
}
