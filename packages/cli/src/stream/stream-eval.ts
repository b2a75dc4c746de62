import { type Backend, type HostTensor, LossKitError, type Reduction, convertTensor } from '@losskit/core';
import { type CsvChunk, csvChunks } from '../io/csv-chunks.js';
import type { MergePlan } from './merge-plan.js';
import { type PartialSums, chunkPartial, emptyPartial, reducePartial } from './partial.js';

export interface StreamInputs {
  readonly pred: string;
  readonly target: string;
  readonly weights?: string | undefined;
}

export interface StreamResult {
  /** The merged sums (absent for reduction 'none'). */
  readonly partial?: PartialSums;
  /** The loss value: a scalar, or for 'none' every row's losses. */
  readonly value: HostTensor;
}

export interface StreamOptions {
  readonly rowsPerChunk: number;
  readonly assumeFinite: boolean;
}

function chunkTensor(c: CsvChunk): HostTensor {
  return { dtype: 'float64', shape: c.columns === 1 ? [c.rows] : [c.rows, c.columns], data: c.data };
}

/**
 * Evaluates a loss over CSV files of any size, reading all of them in step, one block of rows
 * at a time: each block's weighted per-sample losses become sums that merge exactly, so memory
 * is bounded by one block (for 'none', plus the output itself).
 */
export async function streamEval(reduction: Reduction, id: string, plan: MergePlan, backend: Backend<unknown>, files: StreamInputs, o: StreamOptions): Promise<StreamResult> {
  const dtype = backend.supports.dtypes.includes('float64') ? 'float64' : 'float32';
  const sources = [files.pred, files.target, ...(files.weights === undefined ? [] : [files.weights])];
  const readers = sources.map((f) => csvChunks(f, o.rowsPerChunk));
  let partial = reduction === 'none' ? undefined : emptyPartial(id, plan.chunk.options, reduction);
  const none: Float64Array[] = [];
  let noneShape: readonly number[] = [];
  let rows = 0;
  try {
    for (;;) {
      const next = await Promise.all(readers.map((r) => r.next()));
      const done = next.map((n) => n.done === true);
      if (done.every(Boolean)) break;
      const chunks = next.map((n) => n.value as CsvChunk | undefined);
      const counts = chunks.map((c) => c?.rows ?? 0);
      if (done.some(Boolean) || counts.some((n) => n !== counts[0])) {
        const i = counts.findIndex((n) => n !== Math.max(...counts));
        throw new LossKitError('SHAPE_MISMATCH', `${sources[i]} ends after ${rows + (counts[i] ?? 0)} rows; the other files go on`, { where: sources[i] as string });
      }
      const [p, t, w] = chunks.map((c) => (c === undefined ? undefined : chunkTensor(c)));
      const inputs = { predictions: convertTensor(p as HostTensor, dtype), targets: convertTensor(t as HostTensor, dtype), weights: w === undefined ? undefined : convertTensor(w, dtype) };
      const weighted = await backend.evaluate(plan.chunk, inputs, { assumeFinite: o.assumeFinite });
      const n = counts[0] as number;
      if (partial === undefined) {
        none.push(Float64Array.from(weighted.data, plan.finish));
        noneShape = weighted.shape.slice(1);
      } else {
        partial = chunkPartial(partial, weighted.data, n, w?.data, files.weights ?? files.pred);
      }
      rows += n;
    }
  } catch (e) {
    // A row number within a chunk means little: say where the chunk started.
    if (LossKitError.isInstance(e) && !sources.includes(e.where ?? '')) {
      throw new LossKitError(e.code, `${e.message} (in the block of rows from ${rows + 1})`, { cause: e });
    }
    throw e;
  } finally {
    await Promise.all(readers.map((r) => r.return(undefined)));
  }
  if (partial === undefined) {
    const data = new Float64Array(none.reduce((n, c) => n + c.length, 0));
    none.reduce((at, c) => (data.set(c, at), at + c.length), 0);
    return { value: { dtype: 'float64', shape: [rows, ...noneShape], data } };
  }
  return { partial, value: { dtype: 'float64', shape: [], data: Float64Array.of(plan.finish(reducePartial(partial))) } };
}
