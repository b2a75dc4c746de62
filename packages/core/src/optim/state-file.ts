import { fail } from '../errors/losskit-error.js';
import { type HostDType, type HostTensor, isHostTensor, sizeOf } from '../tensor/host-tensor.js';
import { LOSSKIT_VERSION } from '../version.js';
import type { Tree } from './tree.js';

/**
 * The losskit state file, version 1: backend-neutral, little-endian, one Uint8Array.
 *
 * ```
 * bytes 0..7   magic "LKSTATE\0"
 * bytes 8..11  header length H (uint32, little-endian)
 * bytes 12..   header: UTF-8 JSON (StateFileHeader), padded with spaces to a multiple of 8
 * then         tensor data: each tensor's elements, little-endian, at 8-byte aligned offsets
 * ```
 * The header names the format and its version, the losskit version that wrote it, each tensor
 * (name, dtype, shape, offset, byte length), the trees the tensors form, and a CRC-32 of the
 * data, so a truncated or corrupted file is refused instead of read half-way.
 */
export const STATE_FORMAT = 'losskit-state';

// Globals of every browser and of Node; declared here because core builds without DOM or Node types.
declare const TextEncoder: new () => { encode(text: string): Uint8Array };
declare const TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(bytes: Uint8Array): string };

export const STATE_FORMAT_VERSION = 1;
const MAGIC = [0x4c, 0x4b, 0x53, 0x54, 0x41, 0x54, 0x45, 0x00];

/** A tree's shape in the header: records as objects, tensors as their index in `tensors`. */
export type Skeleton = number | { readonly [key: string]: Skeleton };

export interface TensorEntry {
  readonly name: string;
  readonly dtype: HostDType;
  readonly shape: readonly number[];
  /** Byte offset from the start of the data section. */
  readonly offset: number;
  readonly byteLength: number;
}

export interface StateFileHeader {
  readonly format: typeof STATE_FORMAT;
  readonly version: number;
  /** The losskit version that wrote the file. */
  readonly losskit: string;
  readonly kind: 'optimizer-state' | 'checkpoint';
  /** The optimizer the state belongs to (its name), when known. */
  readonly optimizer: { readonly name: string } | null;
  readonly step?: number;
  readonly meta?: unknown;
  readonly trees: Readonly<Record<string, Skeleton>>;
  readonly tensors: readonly TensorEntry[];
  readonly dataByteLength: number;
  readonly crc32: number;
}

export interface StateFileContents {
  readonly kind: StateFileHeader['kind'];
  readonly optimizer: { readonly name: string } | null;
  readonly step?: number;
  readonly meta?: unknown;
  readonly trees: Readonly<Record<string, Tree<HostTensor>>>;
}

const ITEM_BYTES: Record<HostDType, number> = { float32: 4, float64: 8, int32: 4 };

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, as zlib and PNG compute it). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const align8 = (n: number): number => Math.ceil(n / 8) * 8;

/** Writes trees of host tensors and a description into the state file format. */
export function encodeStateFile(contents: StateFileContents): Uint8Array {
  const tensors: HostTensor[] = [];
  const entries: TensorEntry[] = [];
  let offset = 0;
  const skeletonOf = (node: Tree<HostTensor>, path: string): Skeleton => {
    if (isHostTensor(node)) {
      const byteLength = node.data.length * ITEM_BYTES[node.dtype];
      entries.push({ name: path, dtype: node.dtype, shape: [...node.shape], offset, byteLength });
      tensors.push(node);
      offset = align8(offset + byteLength);
      return entries.length - 1;
    }
    if (typeof node !== 'object' || node === null) fail('BAD_STATE', `expected a record or a host tensor, found ${typeof node}`, path);
    const out: Record<string, Skeleton> = {};
    for (const key of Object.keys(node).sort()) out[key] = skeletonOf((node as Record<string, Tree<HostTensor>>)[key] as Tree<HostTensor>, `${path}/${key}`);
    return out;
  };
  const trees: Record<string, Skeleton> = {};
  for (const [name, tree] of Object.entries(contents.trees)) trees[name] = skeletonOf(tree, name);
  const data = new Uint8Array(offset);
  const view = new DataView(data.buffer);
  tensors.forEach((t, i) => {
    const at = (entries[i] as TensorEntry).offset;
    for (let k = 0; k < t.data.length; k++) {
      const v = t.data[k] as number;
      if (t.dtype === 'float64') view.setFloat64(at + 8 * k, v, true);
      else if (t.dtype === 'float32') view.setFloat32(at + 4 * k, v, true);
      else view.setInt32(at + 4 * k, v, true);
    }
  });
  const header: StateFileHeader = {
    format: STATE_FORMAT,
    version: STATE_FORMAT_VERSION,
    losskit: LOSSKIT_VERSION,
    kind: contents.kind,
    optimizer: contents.optimizer,
    ...(contents.step === undefined ? {} : { step: contents.step }),
    ...(contents.meta === undefined ? {} : { meta: contents.meta }),
    trees,
    tensors: entries,
    dataByteLength: data.length,
    crc32: crc32(data),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = align8(12 + json.length) - 12;
  const out = new Uint8Array(12 + headerLength + data.length);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(8, headerLength, true);
  out.fill(0x20, 12, 12 + headerLength);
  out.set(json, 12);
  out.set(data, 12 + headerLength);
  return out;
}

const bad = (message: string, where: string): never => fail('BAD_FILE', message, where);

function checkEntry(e: unknown, i: number, dataLength: number, where: string): TensorEntry {
  const at = `${where}: tensor ${i}`;
  if (typeof e !== 'object' || e === null) return bad('malformed tensor entry', at);
  const { name, dtype, shape, offset, byteLength } = e as Record<string, unknown>;
  if (typeof name !== 'string') bad('tensor without a name', at);
  if (dtype !== 'float32' && dtype !== 'float64' && dtype !== 'int32') bad(`unknown dtype ${JSON.stringify(dtype)}`, at);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) bad(`malformed shape ${JSON.stringify(shape)}`, at);
  if (!Number.isInteger(offset) || !Number.isInteger(byteLength) || (offset as number) < 0 || (offset as number) % 8 !== 0) bad('malformed offset', at);
  const want = sizeOf(shape as number[]) * ITEM_BYTES[dtype as HostDType];
  if (byteLength !== want) bad(`${String(name)}: ${String(byteLength)} bytes for a ${dtype as string} tensor of shape [${(shape as number[]).join(', ')}], expected ${want}`, at);
  if ((offset as number) + want > dataLength) bad(`${String(name)} runs past the end of the data`, at);
  return e as TensorEntry;
}

/** Reads a state file; anything malformed, truncated, corrupted or of another version raises `BAD_FILE`. */
export function decodeStateFile(bytes: Uint8Array, where = 'state file'): StateFileContents & { readonly header: StateFileHeader } {
  if (!(bytes instanceof Uint8Array)) bad(`expected a Uint8Array, got ${typeof bytes}`, where);
  if (bytes.length < 12) bad(`truncated: ${bytes.length} bytes, shorter than the 12-byte preamble`, where);
  if (MAGIC.some((b, i) => bytes[i] !== b)) bad('not a losskit state file (wrong magic bytes)', where);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) bad(`truncated: the header needs ${headerLength} bytes, ${bytes.length - 12} are there`, where);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + headerLength)));
  } catch (e) {
    bad(`corrupted header (${(e as Error).message})`, where);
  }
  if (typeof raw !== 'object' || raw === null) bad('corrupted header (not a JSON object)', where);
  const h = raw as Partial<StateFileHeader>;
  if (h.format !== STATE_FORMAT) bad(`not a losskit state (format ${JSON.stringify(h.format)})`, where);
  if (h.version !== STATE_FORMAT_VERSION) {
    bad(`state format version ${String(h.version)} (written by losskit ${String(h.losskit)}); this losskit (${LOSSKIT_VERSION}) reads version ${STATE_FORMAT_VERSION}`, where);
  }
  if (h.kind !== 'optimizer-state' && h.kind !== 'checkpoint') bad(`unknown kind ${JSON.stringify(h.kind)}`, where);
  const start = 12 + headerLength;
  const dataLength = bytes.length - start;
  if (h.dataByteLength !== dataLength) bad(`truncated or padded: the header promises ${String(h.dataByteLength)} bytes of data, the file has ${dataLength}`, where);
  const data = bytes.subarray(start);
  if (crc32(data) !== h.crc32) bad('corrupted: the tensor data does not match its checksum', where);
  if (!Array.isArray(h.tensors)) bad('corrupted header (no tensor list)', where);
  const entries = (h.tensors as unknown[]).map((e, i) => checkEntry(e, i, dataLength, where));
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const read = (e: TensorEntry): HostTensor => {
    const n = sizeOf(e.shape);
    const out = e.dtype === 'float64' ? new Float64Array(n) : e.dtype === 'float32' ? new Float32Array(n) : new Int32Array(n);
    for (let k = 0; k < n; k++) {
      out[k] = e.dtype === 'float64' ? dv.getFloat64(e.offset + 8 * k, true) : e.dtype === 'float32' ? dv.getFloat32(e.offset + 4 * k, true) : dv.getInt32(e.offset + 4 * k, true);
    }
    return { dtype: e.dtype, shape: [...e.shape], data: out } as HostTensor;
  };
  const used = new Set<number>();
  const build = (s: unknown, path: string): Tree<HostTensor> => {
    if (typeof s === 'number') {
      const e = entries[s];
      if (!Number.isInteger(s) || e === undefined || used.has(s)) return bad(`corrupted tree: bad tensor index ${s}`, `${where}: ${path}`);
      used.add(s);
      return read(e);
    }
    if (typeof s !== 'object' || s === null || Array.isArray(s)) return bad('corrupted tree', `${where}: ${path}`);
    return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, build(v, `${path}/${k}`)]));
  };
  if (typeof h.trees !== 'object' || h.trees === null) bad('corrupted header (no trees)', where);
  const trees = Object.fromEntries(Object.entries(h.trees as Record<string, unknown>).map(([k, v]) => [k, build(v, k)]));
  const optimizer = h.optimizer ?? null;
  return { header: h as StateFileHeader, kind: h.kind as StateFileHeader['kind'], optimizer, ...(h.step === undefined ? {} : { step: h.step }), ...(h.meta === undefined ? {} : { meta: h.meta }), trees };
}
