import { BINARY_OPS, COMPOSITE_OPS, OTHER_OPS, REDUCE_OPS, SHAPE_OPS, UNARY_OPS } from '@losskit/core';
import { expect, it } from 'vitest';
import { OP_CASES } from './op-cases.js';

it('has a case for every op of the closed op set', () => {
  const covered = new Set(OP_CASES.map((c) => c.op));
  const missing = [...UNARY_OPS, ...BINARY_OPS, ...REDUCE_OPS, ...SHAPE_OPS, ...OTHER_OPS, ...COMPOSITE_OPS].filter((op) => !covered.has(op));
  expect(missing).toEqual([]);
});
