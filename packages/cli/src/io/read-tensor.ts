import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { type HostTensor, LossKitError, fromNested, tensor } from '@losskit/core';
import { parse as parseCsv } from 'csv-parse/sync';
import npyjs from 'npyjs';
import { numericCell, readParquet } from './read-parquet.js';
import { readFailure } from './read-failure.js';

function badFile(path: string, message: string, cause?: unknown): LossKitError {
  return new LossKitError('BAD_FILE', message, { where: path, cause });
}

async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw readFailure(path, e);
  }
}

function fromJson(path: string, text: string): HostTensor {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw badFile(path, `malformed JSON: ${(e as Error).message}`, e);
  }
  try {
    if (Array.isArray(value)) return fromNested(value, 'float64', path);
    if (typeof value === 'object' && value !== null && 'data' in value) {
      const v = value as { shape?: number[]; data: unknown; dtype?: 'float32' | 'float64' | 'int32' | 'int64' };
      if (!Array.isArray(v.data)) throw badFile(path, 'expected "data" to be an array of numbers');
      const flat = (v.data as unknown[]).flat(Infinity) as number[];
      return tensor({ shape: v.shape ?? [flat.length], data: flat, ...(v.dtype === undefined ? {} : { dtype: v.dtype }) }, path);
    }
  } catch (e) {
    if (LossKitError.isInstance(e)) throw e.code === 'BAD_FILE' ? e : badFile(path, e.message, e);
    throw e;
  }
  throw badFile(path, 'expected nested arrays of numbers or { "shape", "data", "dtype"? }');
}

/** CSV: a header row is detected (any non-numeric cell); one column gives [rows], more give [rows, columns]. */
function fromCsv(path: string, text: string, column?: string): HostTensor {
  let rows: string[][];
  try {
    rows = parseCsv(text, { skip_empty_lines: true, trim: true, relax_column_count: false }) as string[][];
  } catch (e) {
    throw badFile(path, `malformed CSV: ${(e as Error).message}`, e);
  }
  if (rows.length === 0) throw new LossKitError('EMPTY', 'the file has no rows', { where: path });
  const numeric = (s: string): boolean => s !== '' && Number.isFinite(Number(s));
  const header = (rows[0] as string[]).some((c) => !numeric(c)) ? (rows.shift() as string[]) : undefined;
  let columns = Array.from({ length: header?.length ?? rows[0]?.length ?? 0 }, (_, i) => i);
  if (column !== undefined) {
    const index = header?.indexOf(column) ?? (Number.isInteger(Number(column)) ? Number(column) : -1);
    if (index < 0 || index >= columns.length) {
      throw badFile(path, `no column '${column}'${header === undefined ? '' : `; columns are ${header.join(', ')}`}`);
    }
    columns = [index];
  }
  if (rows.length === 0) throw new LossKitError('EMPTY', 'the file has a header but no data rows', { where: path });
  const data = new Float64Array(rows.length * columns.length);
  rows.forEach((row, r) => {
    columns.forEach((c, k) => {
      const cell = row[c] ?? '';
      const v = Number(cell);
      if (cell === '' || Number.isNaN(v)) {
        throw badFile(path, `row ${r + 1 + (header === undefined ? 0 : 1)}, column ${header?.[c] ?? c + 1}: '${cell}' is not a number`);
      }
      data[r * columns.length + k] = v;
    });
  });
  return { dtype: 'float64', shape: columns.length === 1 ? [rows.length] : [rows.length, columns.length], data };
}

function fromNpy(path: string, bytes: Buffer): HostTensor {
  let parsed: { data: ArrayLike<number> | BigInt64Array; shape: number[]; dtype: string };
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    parsed = new npyjs().parse(buffer) as unknown as typeof parsed;
  } catch (e) {
    throw badFile(path, `malformed NPY: ${(e as Error).message}`, e);
  }
  const data = parsed.data;
  if (data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array || data instanceof BigInt64Array) {
    return tensor({ shape: parsed.shape, data }, path);
  }
  return tensor({ shape: parsed.shape, data: Float64Array.from(data as ArrayLike<number>) }, path);
}

/** Parquet: one column gives [rows], all (numeric) columns give [rows, columns]. */
async function fromParquet(path: string, column?: string): Promise<HostTensor> {
  const { columns, rows } = await readParquet(path, column === undefined ? undefined : [column]);
  if (rows.length === 0) throw new LossKitError('EMPTY', 'the file has no rows', { where: path });
  const data = new Float64Array(rows.length * columns.length);
  rows.forEach((row, r) => columns.forEach((c, k) => {
    data[r * columns.length + k] = numericCell(row[c], path, r, c);
  }));
  return { dtype: 'float64', shape: columns.length === 1 ? [rows.length] : [rows.length, columns.length], data };
}

/** Reads a tensor from `.json`, `.csv`, `.npy` or `.parquet`, with typed errors that name the file, row and column. */
export async function readTensor(path: string, options: { readonly column?: string | undefined } = {}): Promise<HostTensor> {
  const ext = extname(path).toLowerCase();
  if (!['.json', '.csv', '.npy', '.parquet'].includes(ext)) throw badFile(path, `unsupported file type '${ext || '(none)'}'; use .json, .csv, .npy or .parquet`);
  if (ext === '.parquet') return fromParquet(path, options.column);
  const bytes = await readBytes(path);
  if (ext === '.npy') return fromNpy(path, bytes);
  const text = bytes.toString('utf8');
  return ext === '.json' ? fromJson(path, text) : fromCsv(path, text, options.column);
}
