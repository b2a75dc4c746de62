import { readFile } from 'node:fs/promises';
import { LossKitError } from '@losskit/core';
import { writeAtomic } from '../io/write-atomic.js';
import type { Io } from '../output.js';
import { finishOf } from '../stream/merge-plan.js';
import { mergePartials, parsePartial, reducePartial } from '../stream/partial.js';
import { readFailure } from '../io/read-failure.js';

export interface MergeOptions {
  readonly json?: boolean;
  readonly out?: string;
}

async function readPartial(path: string): Promise<ReturnType<typeof parsePartial>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw readFailure(path, e);
  }
  try {
    return parsePartial(JSON.parse(text), path);
  } catch (e) {
    if (LossKitError.isInstance(e)) throw e;
    throw new LossKitError('BAD_FILE', `malformed JSON: ${(e as Error).message}`, { where: path, cause: e });
  }
}

/** Merges `eval --partial` outputs of slices of one data set into the loss over all of it. */
export async function mergeCommand(files: readonly string[], o: MergeOptions, io: Io): Promise<void> {
  const merged = mergePartials(await Promise.all(files.map(readPartial)));
  const value = finishOf(merged.loss)(reducePartial(merged));
  const summary = { loss: merged.loss, reduction: merged.reduction, value: { shape: [], data: [value] }, partial: merged };
  if (o.out !== undefined) await writeAtomic(o.out, `${JSON.stringify(summary)}\n`);
  io.out(o.json === true ? JSON.stringify(summary) : String(value));
}
