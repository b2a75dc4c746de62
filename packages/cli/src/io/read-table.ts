import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { LossKitError } from '@losskit/core';
import { parse as parseCsv } from 'csv-parse/sync';
import { readParquet } from './read-parquet.js';
import { readFailure } from './read-failure.js';

export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** A Parquet data set, its cells as strings like a CSV's (numbers print back exactly). */
async function parquetTable(path: string): Promise<Table> {
  const { columns, rows } = await readParquet(path);
  if (rows.length === 0) throw new LossKitError('EMPTY', 'a data set needs at least one row', { where: path });
  return { columns, rows: rows.map((row) => columns.map((c) => (row[c] === null || row[c] === undefined ? '' : String(row[c])))) };
}

/** A CSV (with a header row) or Parquet data set, as strings: `train` decides which columns are numbers. */
export async function readTable(path: string): Promise<Table> {
  if (extname(path).toLowerCase() === '.parquet') return parquetTable(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw readFailure(path, e);
  }
  let records: string[][];
  try {
    records = parseCsv(text, { skip_empty_lines: true, trim: true }) as string[][];
  } catch (e) {
    throw new LossKitError('BAD_FILE', `malformed CSV: ${(e as Error).message}`, { where: path, cause: e });
  }
  const [header, ...rows] = records;
  if (header === undefined || rows.length === 0) throw new LossKitError('EMPTY', 'a data set needs a header row and at least one data row', { where: path });
  return { columns: header, rows };
}
