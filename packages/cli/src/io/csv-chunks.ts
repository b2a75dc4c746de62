import { createReadStream } from 'node:fs';
import { LossKitError } from '@losskit/core';
import { parse } from 'csv-parse';
import { readFailure } from './read-failure.js';

/** A block of consecutive CSV rows, as numbers, row-major. */
export interface CsvChunk {
  readonly rows: number;
  readonly columns: number;
  readonly data: Float64Array;
}

const numeric = (s: string): boolean => s !== '' && Number.isFinite(Number(s));

/**
 * Streams a numeric CSV file in blocks of `rows` rows, so memory stays bounded by one block
 * whatever the file's size. A first row with any non-numeric cell is a header, as in
 * {@link readTensor}; every row must have the first data row's column count.
 */
export async function* csvChunks(path: string, rows: number): AsyncGenerator<CsvChunk> {
  const source = createReadStream(path);
  // A missing file surfaces on the read stream, not the parser.
  const opened = new Promise<void>((resolve, reject) => {
    source.once('open', () => resolve());
    source.once('error', reject);
  });
  try {
    await opened;
  } catch (e) {
    throw readFailure(path, e);
  }
  // Piped only once open: nothing flows before, and an open error has no parser to reach.
  const parser = source.pipe(parse({ skip_empty_lines: true, trim: true, relax_column_count: false }));
  // pipe() does not pass on read errors (a directory fails on the first read, not on open).
  source.on('error', (e) => parser.destroy(e));
  let columns = -1;
  let line = 0;
  let header = false;
  let buffer = new Float64Array(0);
  let filled = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      line++;
      if (columns < 0) {
        columns = record.length;
        buffer = new Float64Array(rows * columns);
        if (record.some((c) => !numeric(c))) {
          header = true;
          continue;
        }
      }
      const base = filled * columns;
      for (let c = 0; c < columns; c++) {
        const cell = record[c] as string;
        const v = Number(cell);
        if (cell === '' || Number.isNaN(v)) throw new LossKitError('BAD_FILE', `row ${line}, column ${c + 1}: '${cell}' is not a number`, { where: path });
        buffer[base + c] = v;
      }
      if (++filled === rows) {
        yield { rows: filled, columns, data: buffer };
        buffer = new Float64Array(rows * columns);
        filled = 0;
      }
    }
  } catch (e) {
    if (LossKitError.isInstance(e)) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new LossKitError('BAD_FILE', 'is a directory, not a file', { where: path, cause: e });
    throw new LossKitError('BAD_FILE', `malformed CSV: ${(e as Error).message}`, { where: path, cause: e });
  } finally {
    source.destroy();
  }
  if (filled > 0) yield { rows: filled, columns, data: buffer.subarray(0, filled * columns) };
  else if (columns < 0 || (header && line === 1)) throw new LossKitError('EMPTY', header ? 'the file has a header but no data rows' : 'the file has no rows', { where: path });
}
