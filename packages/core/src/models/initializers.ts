import { type FloatDType, type HostTensor, allocate } from '../tensor/host-tensor.js';

/** mulberry32: a small seeded generator, so a seed gives the same model on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Initializer = 'glorotUniform' | 'heUniform' | 'zeros';

/**
 * A weight matrix [fanIn, fanOut]: Glorot (Xavier) uniform, limit √(6 / (fanIn + fanOut)), for
 * tanh, sigmoid and linear layers (Keras's default); He uniform, limit √(6 / fanIn), for relu.
 */
export function initWeights(kind: Initializer, shape: readonly number[], random: () => number, dtype: FloatDType): HostTensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = allocate(dtype, n);
  if (kind !== 'zeros') {
    const fanIn = shape[0] ?? 1;
    const fanOut = shape[1] ?? 1;
    const limit = kind === 'glorotUniform' ? Math.sqrt(6 / (fanIn + fanOut)) : Math.sqrt(6 / fanIn);
    for (let i = 0; i < n; i++) data[i] = (2 * random() - 1) * limit;
  }
  return { dtype, shape: [...shape], data } as HostTensor;
}
