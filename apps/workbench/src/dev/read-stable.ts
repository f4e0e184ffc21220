import { readFileSync, statSync } from 'node:fs';
import { MusterError } from '@muster/core';

const settle = (milliseconds: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/**
 * Read a file only when nobody is writing it: its size and modification time are taken before
 * and after the read and must agree with each other and with the bytes read, and a file modified
 * in the last `quietMs` milliseconds is given that long to settle first. An editor in the middle
 * of a save (truncate, then write) is thus never read half-written. Retries `attempts` times.
 *
 * @throws MusterError when the file keeps changing.
 * @example
 * const text = await readStable('/notes/values.md'); // => the whole file, as UTF-8
 */
export async function readStable(
  path: string,
  options: { attempts?: number; quietMs?: number } = {},
): Promise<string> {
  const attempts = options.attempts ?? 20;
  const quietMs = options.quietMs ?? 150;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const before = statSync(path);
    const age = Date.now() - before.mtimeMs;
    if (age >= 0 && age < quietMs) {
      await settle(quietMs - age);
      continue;
    }
    const bytes = readFileSync(path);
    const after = statSync(path);
    if (
      before.size === after.size &&
      before.mtimeMs === after.mtimeMs &&
      before.ino === after.ino &&
      bytes.length === after.size
    ) {
      return bytes.toString('utf8');
    }
    await settle(quietMs);
  }
  throw new MusterError(
    `readStable requires a file that stops changing; ${path} changed during ${attempts} reads`,
  );
}
