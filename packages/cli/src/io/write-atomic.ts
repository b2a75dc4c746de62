import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LossKitError } from '@losskit/core';

/** Writes a file atomically: a temporary file beside it, then a rename, so a failure leaves nothing half-written. */
export async function writeAtomic(path: string, contents: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, contents);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new LossKitError('BAD_FILE', `cannot write it (${String((e as NodeJS.ErrnoException).code ?? e)})`, { where: path, cause: e });
  }
}
