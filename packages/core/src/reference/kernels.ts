import { fail } from '../errors/losskit-error.js';
import { formatShape, stridesOf } from '../graph/shape.js';
import { sizeOf } from '../tensor/host-tensor.js';

/** A run-time value of the reference backend: float64 data whatever the dtype (ints and bools are exact). */
export interface RefTensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/**
 * Neumaier's compensated sum of `n` elements from `data` starting at `start` with `stride`:
 * error independent of n, so a million-element mean that cancels stays exact to a few ulps.
 */
export function compensatedSum(data: Float64Array, start: number, n: number, stride = 1): number {
  let s = 0;
  let c = 0;
  for (let k = 0, i = start; k < n; k++, i += stride) {
    const x = data[i] as number;
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  // Once the sum is ±∞ or NaN the correction is ∞ − ∞ = NaN: the sum itself is the answer.
  return Number.isFinite(s) ? s + c : s;
}

/** For each output element of a broadcast, the flat index of the input element it reads. */
export function broadcastIndex(inShape: readonly number[], outShape: readonly number[]): Int32Array {
  const n = sizeOf(outShape);
  const rank = outShape.length;
  const offset = rank - inShape.length;
  const inStrides = stridesOf(inShape);
  const eff = outShape.map((_, i) => {
    const d = i - offset;
    return d < 0 || inShape[d] === 1 ? 0 : (inStrides[d] as number);
  });
  const idx = new Int32Array(n);
  const counter = new Array<number>(rank).fill(0);
  let at = 0;
  for (let i = 0; i < n; i++) {
    idx[i] = at;
    for (let d = rank - 1; d >= 0; d--) {
      counter[d] = (counter[d] as number) + 1;
      at += eff[d] as number;
      if ((counter[d] as number) < (outShape[d] as number)) break;
      at -= (eff[d] as number) * (outShape[d] as number);
      counter[d] = 0;
    }
  }
  return idx;
}

export function broadcastTo(x: RefTensor, shape: readonly number[]): RefTensor {
  if (x.shape.length === shape.length && x.shape.every((d, i) => d === shape[i])) return x;
  const idx = broadcastIndex(x.shape, shape);
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = x.data[idx[i] as number] as number;
  return { shape, data: out };
}

export function transpose(x: RefTensor, perm: readonly number[]): RefTensor {
  const shape = perm.map((p) => x.shape[p] as number);
  const strides = stridesOf(x.shape);
  const permStrides = perm.map((p) => strides[p] as number);
  const n = x.data.length;
  const out = new Float64Array(n);
  const rank = shape.length;
  const counter = new Array<number>(rank).fill(0);
  let at = 0;
  for (let i = 0; i < n; i++) {
    out[i] = x.data[at] as number;
    for (let d = rank - 1; d >= 0; d--) {
      counter[d] = (counter[d] as number) + 1;
      at += permStrides[d] as number;
      if ((counter[d] as number) < (shape[d] as number)) break;
      at -= (permStrides[d] as number) * (shape[d] as number);
      counter[d] = 0;
    }
  }
  return { shape, data: out };
}

export type ReduceKind = 'sum' | 'mean' | 'max' | 'min';

/** Reduces over sorted `axes`; the kept axes come out in order (keepDims is a reshape away). */
export function reduce(kind: ReduceKind, x: RefTensor, axes: readonly number[]): RefTensor {
  const rank = x.shape.length;
  const kept = Array.from({ length: rank }, (_, i) => i).filter((i) => !axes.includes(i));
  const moved = kept.length + axes.length === rank && axes.every((a, i) => a === kept.length + i) ? x : transpose(x, [...kept, ...axes]);
  const outShape = kept.map((i) => x.shape[i] as number);
  const outer = sizeOf(outShape);
  const inner = sizeOf(axes.map((a) => x.shape[a] as number));
  if (inner === 0 && (kind === 'max' || kind === 'min')) fail('EMPTY', `cannot take the ${kind} of an empty axis of ${formatShape(x.shape)}`, kind);
  const out = new Float64Array(outer);
  const src = moved.data;
  for (let o = 0; o < outer; o++) {
    const start = o * inner;
    if (kind === 'sum' || kind === 'mean') {
      const s = compensatedSum(src, start, inner);
      out[o] = kind === 'mean' ? s / inner : s;
    } else {
      let m = src[start] as number;
      for (let k = 1; k < inner; k++) {
        const v = src[start + k] as number;
        if (Number.isNaN(v)) { m = v; break; }
        if (kind === 'max' ? v > m : v < m) m = v;
      }
      out[o] = m;
    }
  }
  return { shape: outShape, data: out };
}

export function matmul(a: RefTensor, b: RefTensor): RefTensor {
  const [m, k] = a.shape as [number, number];
  const [k2, n] = b.shape as [number, number];
  if (k !== k2) fail('SHAPE_MISMATCH', `matmul inner dimensions differ: ${formatShape(a.shape)} × ${formatShape(b.shape)}`, 'matmul');
  const out = new Float64Array(m * n);
  const A = a.data;
  const B = b.data;
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let p = 0; p < k; p++) {
      // No skipping of zeros: 0·∞ and 0·NaN must give NaN, as in every framework.
      const av = A[i * k + p] as number;
      const brow = p * n;
      for (let j = 0; j < n; j++) out[row + j] = (out[row + j] as number) + av * (B[brow + j] as number);
    }
  }
  return { shape: [m, n], data: out };
}

export function oneHot(indices: RefTensor, depth: number): RefTensor {
  const n = indices.data.length;
  const out = new Float64Array(n * depth);
  for (let i = 0; i < n; i++) {
    const c = indices.data[i] as number;
    if (c >= 0 && c < depth) out[i * depth + c] = 1;
  }
  return { shape: [...indices.shape, depth], data: out };
}

export function gather(x: RefTensor, indices: RefTensor, axis: number): RefTensor {
  const outerN = sizeOf(x.shape.slice(0, axis));
  const k = x.shape[axis] as number;
  const innerN = sizeOf(x.shape.slice(axis + 1));
  const m = indices.data.length;
  const out = new Float64Array(outerN * m * innerN);
  for (let j = 0; j < m; j++) {
    const idx = indices.data[j] as number;
    if (idx < 0 || idx >= k) fail('LABEL_OUT_OF_RANGE', `index ${idx} at position ${j} is outside [0, ${k})`, 'gather');
  }
  for (let o = 0; o < outerN; o++) {
    for (let j = 0; j < m; j++) {
      const src = (o * k + (indices.data[j] as number)) * innerN;
      const dst = (o * m + j) * innerN;
      for (let i = 0; i < innerN; i++) out[dst + i] = x.data[src + i] as number;
    }
  }
  return { shape: [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)], data: out };
}
