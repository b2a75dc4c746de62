import { LossKitError } from '@losskit/core';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { readFailure } from './read-failure.js';

/** A Parquet file's columns and rows, each cell as read (numbers, bigints, strings, null). */
export interface ParquetRows {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
}

/** Reads a Parquet file (every codec: snappy, gzip, zstd, brotli, lz4) with hyparquet. */
export async function readParquet(path: string, columns?: readonly string[]): Promise<ParquetRows> {
  let file: Awaited<ReturnType<typeof asyncBufferFromFile>>;
  try {
    file = await asyncBufferFromFile(path);
  } catch (e) {
    throw readFailure(path, e);
  }
  try {
    const metadata = await parquetMetadataAsync(file);
    const names = parquetSchema(metadata).children.map((c) => c.element.name);
    for (const c of columns ?? []) {
      if (!names.includes(c)) throw new LossKitError('BAD_FILE', `no column '${c}'; columns are ${names.join(', ')}`, { where: path });
    }
    const rows = await parquetReadObjects({ file, metadata, compressors, ...(columns === undefined ? {} : { columns: [...columns] }) });
    return { columns: columns ?? names, rows };
  } catch (e) {
    if (LossKitError.isInstance(e)) throw e;
    throw new LossKitError('BAD_FILE', `malformed Parquet: ${(e as Error).message}`, { where: path, cause: e });
  }
}

/** A cell as a number: numbers, bigints and booleans are; anything else is `BAD_FILE` naming the row and column. */
export function numericCell(value: unknown, path: string, row: number, column: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw new LossKitError('BAD_FILE', `row ${row + 1}, column ${column}: ${value === null ? 'null' : `'${String(value)}'`} is not a number`, { where: path });
}
