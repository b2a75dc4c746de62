import type { HostTensor } from '@losskit/core';

export { seeded } from '@losskit/conformance';

export function randomTensor(shape: number[], rand: () => number): HostTensor<'float32'> {
  const n = shape.reduce((p, d) => p * d, 1);
  return { dtype: 'float32', shape, data: Float32Array.from({ length: n }, rand) };
}
