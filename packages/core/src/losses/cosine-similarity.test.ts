import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor, HostTensorLike } from '../tensor/host-tensor.js';
import { codeOf, expectClose, reduceJS, lossValue as value } from '../__test__/helpers.js';
import { cosineSimilarity } from './cosine-similarity.js';
import type { Loss } from './loss.js';
import { REDUCTIONS } from './reduction.js';

let backend: Backend<HostTensor>;
beforeAll(async () => {
  backend = await createReferenceBackend();
});

const m = (shape: number[], data: number[]): HostTensorLike => ({ shape, data });


const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, i) => s + v * (b[i] as number), 0);
const cosJS = (a: readonly number[], b: readonly number[]): number => dot(a, b) / (Math.hypot(...a) * Math.hypot(...b));

// three rows of three
const P = [[1, 2, -1], [0.5, -3, 2], [4, 0, 1]];
const T = [[2, 1, 0], [-1, -2, 1], [1, 1, 1]];
const cos = P.map((row, i) => cosJS(row, T[i] as number[]));

describe('cosineSimilarity', () => {
  it.each(REDUCTIONS)('−cos along the last axis (Keras), reduction %s, with and without weights', async (reduction) => {
    const l = cos.map((c) => -c);
    expectClose(await value(cosineSimilarity({ reduction }), m([3, 3], P.flat()), m([3, 3], T.flat())), reduceJS(reduction, l));
    expectClose(await value(cosineSimilarity({ reduction }), m([3, 3], P.flat()), m([3, 3], T.flat()), m([3], [1, 0.5, 0])), reduceJS(reduction, l, [1, 0.5, 0]));
  });

  it('form "distance" is 1 − cos (optax cosine_distance)', async () => {
    expectClose(await value(cosineSimilarity({ form: 'distance', reduction: 'none' }), m([3, 3], P.flat()), m([3, 3], T.flat())), cos.map((c) => 1 - c));
  });

  it('ignores the vectors\' lengths', async () => {
    const scaled = P.flat().map((v, i) => v * (i < 3 ? 10 : 0.01));
    expectClose(await value(cosineSimilarity({ reduction: 'none' }), m([3, 3], scaled), m([3, 3], T.flat())), cos.map((c) => -c));
  });

  it('axis 0 takes the vectors down the columns', async () => {
    const cols = [0, 1, 2].map((j) => cosJS(P.map((r) => r[j] as number), T.map((r) => r[j] as number)));
    expectClose(await value(cosineSimilarity({ axis: 0, reduction: 'none' }), m([3, 3], P.flat()), m([3, 3], T.flat())), cols.map((c) => -c));
  });

  it('a zero vector gives 0 with a finite gradient (the norm is floored at ε)', async () => {
    const { value: v, grad } = await backend.valueAndGrad(cosineSimilarity({ reduction: 'none' }), { predictions: m([1, 2], [0, 0]), targets: m([1, 2], [1, 1]) });
    expect(Array.from(v.data).map((x) => x + 0)).toEqual([0]);
    // d(−p·t̂/ε)/dp = −t̂/ε where ‖p‖ < ε
    expectClose(Array.from(grad.data), [-Math.SQRT1_2 / 1e-7, -Math.SQRT1_2 / 1e-7], 3);
  });

  it('gradient is −(t̂ − cos·p̂)/‖p‖', async () => {
    const p = P[0] as number[];
    const t = T[0] as number[];
    const np = Math.hypot(...p);
    const nt = Math.hypot(...t);
    const c = cosJS(p, t);
    const { grad } = await backend.valueAndGrad(cosineSimilarity({ reduction: 'sum' }), { predictions: m([1, 3], p), targets: m([1, 3], t) });
    expectClose(Array.from(grad.data), p.map((v, i) => -((t[i] as number) / nt - (c * v) / np) / np), 14);
  });

  it('refuses an unknown form and ε ≤ 0', () => {
    expect(codeOf(() => cosineSimilarity({ form: 'angle' }))).toBe('BAD_PARAM');
    expect(codeOf(() => cosineSimilarity({ epsilon: 0 }))).toBe('BAD_PARAM');
    expect(codeOf(() => cosineSimilarity({ axis: 0.5 }))).toBe('BAD_PARAM');
  });
});
