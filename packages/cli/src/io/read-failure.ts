import { LossKitError } from '@losskit/core';

/** The BAD_FILE error for a file that could not be opened or read, naming the usual causes. */
export function readFailure(path: string, e: unknown): LossKitError {
  const code = (e as NodeJS.ErrnoException).code;
  const message = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read it (${String(code)})`;
  return new LossKitError('BAD_FILE', message, { where: path, cause: e });
}
