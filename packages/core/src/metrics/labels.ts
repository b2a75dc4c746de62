import { fail } from '../errors/losskit-error.js';
import { type HostTensor, type HostTensorLike, tensor } from '../tensor/host-tensor.js';

/** Class labels as metrics take them: a host tensor, or a plain array of numbers or strings (scikit-learn's `y_true`). */
export type LabelsLike = HostTensorLike | readonly number[] | readonly string[];

/** One class label: a number or, as scikit-learn allows, a string. */
export type Label = number | string;

/** Scores and values as metrics take them: a host tensor or a plain array (1-D). */
export type ValuesLike = HostTensorLike | readonly number[];

/** The labels as a flat array, with the shape they came in. */
export function readLabels(x: LabelsLike, where: string): { readonly values: readonly Label[]; readonly shape: readonly number[] } {
  if (Array.isArray(x)) {
    const arr = x as readonly unknown[];
    const kind = typeof arr[0];
    arr.forEach((v, i) => {
      if (typeof v !== kind || (kind !== 'number' && kind !== 'string')) {
        fail('DTYPE', `labels must be all numbers or all strings, found ${JSON.stringify(v)} at index ${i}`, where);
      }
      if (kind === 'number' && !Number.isFinite(v)) fail('NON_FINITE', `expected finite labels, found ${String(v)} at index ${i}`, where);
    });
    return { values: arr as readonly Label[], shape: [arr.length] };
  }
  const t = tensor(x as HostTensorLike, where);
  const values = Array.from(t.data as ArrayLike<number>);
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) fail('NON_FINITE', `expected finite labels, found ${String(v)} at index ${i}`, where);
  });
  return { values, shape: t.shape };
}

/** A host tensor from values (plain arrays become 1-D float64), with every element finite. */
export function readValues(x: ValuesLike, where: string): HostTensor {
  const t = Array.isArray(x) ? tensor({ shape: [x.length], data: x as readonly number[], dtype: 'float64' }, where) : tensor(x as HostTensorLike, where);
  for (let i = 0; i < t.data.length; i++) {
    if (!Number.isFinite(t.data[i])) fail('NON_FINITE', `expected finite numbers, found ${String(t.data[i])} at index ${i}`, where);
  }
  return t;
}

/** y_true and y_pred as two label vectors of one length, non-empty, of one kind (numbers or strings). */
export function labelPair(yTrue: LabelsLike, yPred: LabelsLike, where: string): { readonly t: readonly Label[]; readonly p: readonly Label[] } {
  const t = readLabels(yTrue, `${where}.yTrue`).values;
  const p = readLabels(yPred, `${where}.yPred`).values;
  if (t.length !== p.length) fail('SHAPE_MISMATCH', `${t.length} true labels but ${p.length} predicted`, where);
  if (t.length === 0) fail('EMPTY', 'no samples', where);
  if (typeof t[0] !== typeof p[0]) fail('DTYPE', `true labels are ${typeof t[0]}s but predicted labels are ${typeof p[0]}s`, where);
  return { t, p };
}

/** Sorted unique labels, as numpy's `unique` orders them (numbers numerically, strings by code unit). */
export function uniqueSorted(...lists: (readonly Label[])[]): Label[] {
  const set = new Set<Label>();
  for (const l of lists) for (const v of l) set.add(v);
  return [...set].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : a < b ? -1 : a > b ? 1 : 0));
}
