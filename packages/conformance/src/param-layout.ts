import { type FloatDType, type HostTensor } from '@losskit/core';
import { floatTensor, sizeOfShape } from './random.js';

/** One named parameter an objective's flat vector is cut into. */
export interface ParamSlot {
  readonly name: string;
  readonly shape: readonly number[];
}

/**
 * How a trajectory lays an objective's n numbers out as parameters: one vector `w` by default;
 * a matrix for transforms that only take 2-D parameters (scaleByMuon, scaleByShape); several
 * parameters for transforms that treat them apart (partition).
 */
export type ParamLayout = (size: number) => readonly ParamSlot[];

export const VECTOR: ParamLayout = (n) => [{ name: 'w', shape: [n] }];

/** A 1×n matrix: rows ≠ columns, so scaleByShape's √(columns/rows) is not 1. */
export const ROW_MATRIX: ParamLayout = (n) => [{ name: 'w', shape: [1, n] }];

/** A 2×(n/2) matrix: two rows to factor or orthogonalise (n even). */
export const TWO_ROWS: ParamLayout = (n) => [{ name: 'w', shape: [2, n / 2] }];

/** The first half as `a`, the rest as `b`. */
export const HALVES: ParamLayout = (n) => [{ name: 'a', shape: [Math.floor(n / 2)] }, { name: 'b', shape: [n - Math.floor(n / 2)] }];

/** The flat vector as parameters in `layout`. */
export function toParams(layout: readonly ParamSlot[], dtype: FloatDType, flat: readonly number[]): Record<string, HostTensor> {
  const out: Record<string, HostTensor> = {};
  let at = 0;
  for (const { name, shape } of layout) {
    const n = sizeOfShape(shape);
    out[name] = floatTensor(dtype, shape, flat.slice(at, at + n));
    at += n;
  }
  return out;
}

/** The parameters in `layout` as one flat vector, in the layout's order. */
export function fromParams(layout: readonly ParamSlot[], params: Readonly<Record<string, HostTensor | undefined>>): number[] {
  return layout.flatMap(({ name }) => Array.from(params[name]?.data ?? []));
}
