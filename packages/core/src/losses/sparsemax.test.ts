import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { expectClose } from '../__test__/helpers.js';
import { sparsemax } from './sparsemax.js';

// Martins & Astudillo, "From Softmax to Sparsemax" (ICML 2016), Algorithm 1 (sort-based) and
// eq. 17 (the loss); its gradient is sparsemax(z) − onehot(y) (their Prop. 3).

let backend: Backend<HostTensor>;
beforeAll(async () => {
  backend = await createReferenceBackend();
});

/** sparsemax by sorting: the reference the pairwise formulation must agree with. */
function sparsemaxJS(z: readonly number[]): number[] {
  const sorted = [...z].sort((a, b) => b - a);
  let cum = 0;
  let k = 0;
  let kSum = 0;
  sorted.forEach((v, i) => {
    cum += v;
    if (1 + (i + 1) * v > cum) {
      k = i + 1;
      kSum = cum;
    }
  });
  const tau = (kSum - 1) / k;
  return z.map((v) => Math.max(v - tau, 0));
}

/** The loss from optax's form: ⟨p, z − z_y⟩ + ½(1 − ‖p‖²). */
function lossJS(z: readonly number[], y: number): number {
  const p = sparsemaxJS(z);
  return p.reduce((s, pj, j) => s + pj * ((z[j] as number) - (z[y] as number)), 0) + 0.5 * (1 - p.reduce((s, v) => s + v * v, 0));
}

const ROWS = [[1.5, 1, -1, 0.2], [0.3, 0.1, 0.2, 0.25], [3, -2, -2.5, 0], [-0.7, 2.2, 2.1, 2.15]];
const LABELS = [0, 3, 1, 2];

describe('sparsemax', () => {
  it('matches the sort-based loss, and its gradient is sparsemax(z) − onehot(y)', async () => {
    const inputs = { predictions: { shape: [4, 4], data: ROWS.flat() }, targets: { shape: [4], data: Int32Array.from(LABELS) } };
    const { value, grad } = await backend.valueAndGrad(sparsemax({ reduction: 'none' }), inputs);
    expectClose(Array.from(value.data), ROWS.map((z, n) => lossJS(z, LABELS[n] as number)));
    expectClose(Array.from(grad.data), ROWS.flatMap((z, n) => sparsemaxJS(z).map((p, j) => p - (j === LABELS[n] ? 1 : 0))));
  });

  it('its gradient agrees with central finite differences', async () => {
    const loss = sparsemax({ reduction: 'sum' });
    const data = ROWS.flat();
    const targets = { shape: [4], data: Int32Array.from(LABELS) };
    const { grad } = await backend.valueAndGrad(loss, { predictions: { shape: [4, 4], data }, targets });
    const h = 1e-6;
    for (let i = 0; i < data.length; i++) {
      const at = async (d: number) => {
        const moved = [...data];
        moved[i] = (moved[i] as number) + d;
        return (await backend.evaluate(loss, { predictions: { shape: [4, 4], data: moved }, targets })).data[0] as number;
      };
      expect(grad.data[i], `d/dz[${i}]`).toBeCloseTo(((await at(h)) - (await at(-h))) / (2 * h), 6);
    }
  });

  it('is 0 when sparsemax is already the one-hot of the label, and handles ties', async () => {
    expectClose(Array.from((await backend.evaluate(sparsemax({ reduction: 'none' }), { predictions: { shape: [1, 3], data: [3, 1, 0] }, targets: { shape: [1], data: Int32Array.of(0) } })).data), [0]);
    // equal scores share the mass: sparsemax [½, ½, 0]; label 0 costs ⟨p, z − z_0⟩ + ½(1 − ½) = ¼
    expectClose(Array.from((await backend.evaluate(sparsemax({ reduction: 'none' }), { predictions: { shape: [1, 3], data: [1, 1, -2] }, targets: { shape: [1], data: Int32Array.of(0) } })).data), [0.25]);
  });
});
