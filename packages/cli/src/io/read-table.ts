import { readFile } from 'node:fs/promises';
import { LossKitError } from '@losskit/core';
import { parse as parseCsv } from 'csv-parse/sync';

export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** A CSV data set with a header row, as strings: `train` decides which columns are numbers. */
export async function readTable(path: string): Promise<Table> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LossKitError('BAD_FILE', code === 'ENOENT' ? 'no such file' : `cannot read it (${String(code)})`, { where: path, cause: e });
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
