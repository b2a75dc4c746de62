import { describe, expect, it } from 'vitest';
import { LossKitError } from '../errors/losskit-error.js';
import { mul, square, sub } from '../graph/ops.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import { binaryCrossEntropy, categoricalCrossEntropy, hinge, sparseCategoricalCrossEntropy } from './classification.js';
import { type Loss, type LossInputsLike, defineLoss } from './loss.js';
import { huber, mse } from './regression.js';
import { codeOf } from '../__test__/helpers.js';

const ok: LossInputsLike = { predictions: { shape: [2], data: [0.2, 0.7] }, targets: { shape: [2], data: [0, 1] } };

describe('construction', () => {
  it('applies defaults and the metadata\'s default reduction', () => {
    const l = binaryCrossEntropy();
    expect(l.id).toBe('binaryCrossEntropy');
    expect(l.reduction).toBe('mean');
    expect(l.options).toMatchObject({ fromLogits: false, labelSmoothing: 0, epsilon: 1e-7, logFloor: null, axis: null });
    expect(Object.isFrozen(l.options)).toBe(true);
    expect(huber({ delta: 2 }).options.delta).toBe(2);
  });

  it.each([
    ['unknown parameter', () => mse({ delta: 1 } as never)],
    ['an unknown parameter named like an Object.prototype key', () => mse({ toString: 1 } as never)],
    ['unknown reduction', () => mse({ reduction: 'avg' } as never)],
    ['labelSmoothing above 1', () => binaryCrossEntropy({ labelSmoothing: 1.5 })],
    ['labelSmoothing below 0', () => categoricalCrossEntropy({ labelSmoothing: -0.1 })],
    ['epsilon at its exclusive bound 0.5', () => binaryCrossEntropy({ epsilon: 0.5 })],
    ['negative epsilon', () => sparseCategoricalCrossEntropy({ epsilon: -1e-7 })],
    ['huber delta 0 (exclusive)', () => huber({ delta: 0 })],
    ['huber delta NaN', () => huber({ delta: Number.NaN })],
    ['a fractional axis', () => mse({ axis: 0.5 })],
    ['a fractional ignoreIndex', () => sparseCategoricalCrossEntropy({ ignoreIndex: 1.5 })],
    ['a string for a boolean', () => binaryCrossEntropy({ fromLogits: 'yes' as never })],
    ['a number for a boolean', () => categoricalCrossEntropy({ normalize: 1 as never })],
    ['an unknown enum value', () => hinge({ targetEncoding: 'ternary' })],
    ['null for a non-nullable parameter', () => huber({ delta: null as never })],
    ['null for the class axis', () => categoricalCrossEntropy({ axis: null as never })],
  ])('raises BAD_PARAM for %s', (_, make) => {
    expect(codeOf(make)).toBe('BAD_PARAM');
  });

  it('names the parameter in `where`', () => {
    try {
      huber({ delta: -1 });
      expect.fail('expected a throw');
    } catch (e) {
      expect(LossKitError.isInstance(e) && e.where).toBe('huber.delta');
    }
  });

  it('accepts null where a parameter is nullable', () => {
    expect(binaryCrossEntropy({ logFloor: null }).options.logFloor).toBeNull();
    expect(mse({ axis: null }).options.axis).toBeNull();
  });

  it('runs the spec\'s validate hook across parameters', () => {
    const pair = defineLoss<{ lo: number; hi: number }>({
      metadata: {
        id: 'pair', title: 'Pair', task: 'regression', description: 'test', formula: 'x', predictions: 'values', targets: 'values',
        targetKind: 'values', defaultReduction: 'sum', frameworks: {},
      },
      params: { lo: { type: 'number', default: 0, description: 'lo' }, hi: { type: 'number', default: 1, description: 'hi' } },
      validate: (o) => {
        if (o.lo > o.hi) throw new LossKitError('BAD_PARAM', 'lo > hi', { where: 'pair' });
      },
      perSample: (p, t, o) => mul(square(sub(p, t)), o.hi),
    });
    expect(codeOf(() => pair({ lo: 2, hi: 1 }))).toBe('BAD_PARAM');
    expect(pair().reduction).toBe('sum');
    expect(pair.metadata.differentiable).toBe(true);
  });
});

describe('prepare', () => {
  const loss = mse();
  const P = { shape: [2], data: [1, 2] };

  it.each<[string, string, LossInputsLike]>([
    ['BAD_PARAM', 'missing predictions', { targets: P } as unknown as LossInputsLike],
    ['BAD_PARAM', 'missing targets', { predictions: P } as unknown as LossInputsLike],
    ['BAD_PARAM', 'a non-object', null as unknown as LossInputsLike],
    ['DTYPE', 'int predictions', { predictions: { shape: [2], data: Int32Array.of(1, 2) }, targets: P }],
    ['EMPTY', 'empty predictions', { predictions: { shape: [0], data: [] }, targets: { shape: [0], data: [] } }],
    ['SHAPE_MISMATCH', 'targets of another shape', { predictions: P, targets: { shape: [1, 2], data: [1, 2] } }],
    ['SHAPE_MISMATCH', 'data that does not fill the shape', { predictions: { shape: [3], data: [1, 2] }, targets: P }],
    ['NON_FINITE', 'NaN in predictions', { predictions: { shape: [2], data: [1, Number.NaN] }, targets: P }],
    ['NON_FINITE', 'Infinity in float32 targets', { predictions: P, targets: { shape: [2], data: Float32Array.of(1, -Infinity) } }],
    ['NON_FINITE', 'NaN in weights', { predictions: P, targets: P, weights: { shape: [2], data: [1, Number.NaN] } }],
    ['DTYPE', 'a non-tensor', { predictions: { shape: 2 }, targets: P } as unknown as LossInputsLike],
  ])('raises %s for %s', (code, _, inputs) => {
    expect(codeOf(() => loss.prepare(inputs))).toBe(code);
  });

  it('converts targets and weights to the predictions\' float dtype', () => {
    const r = loss.prepare({ predictions: { shape: [2], data: Float32Array.of(1, 2) }, targets: { shape: [2], data: [1, 2] }, weights: { shape: [2], data: Int32Array.of(1, 0) } });
    expect(r.targets.dtype).toBe('float32');
    expect(r.weights?.dtype).toBe('float32');
  });

  it('assumeFinite skips the NaN scan only', () => {
    expect(loss.prepare({ predictions: { shape: [2], data: [1, Number.NaN] }, targets: P }, { assumeFinite: true }).predictions.data[1]).toBeNaN();
    expect(codeOf(() => loss.prepare({ predictions: { shape: [3], data: [1, 2] }, targets: P }, { assumeFinite: true }))).toBe('SHAPE_MISMATCH');
  });

  it('raises SHAPE_MISMATCH when weights do not broadcast to the losses', async () => {
    const backend = await createReferenceBackend();
    const run = (l: Loss, weights: LossInputsLike['weights']) =>
      backend.evaluate(l, { predictions: { shape: [3, 2], data: [1, 2, 3, 4, 5, 6] }, targets: { shape: [3, 2], data: [0, 0, 0, 0, 0, 0] }, weights });
    await expect(run(mse(), { shape: [2], data: [1, 1] })).rejects.toMatchObject({ code: 'SHAPE_MISMATCH' });
    await expect(run(mse(), { shape: [3, 3], data: [1, 1, 1, 1, 1, 1, 1, 1, 1] })).rejects.toMatchObject({ code: 'SHAPE_MISMATCH' });
    await expect(run(mse({ axis: -1 }), { shape: [3, 2], data: [1, 1, 1, 1, 1, 1] })).rejects.toMatchObject({ code: 'SHAPE_MISMATCH' });
    await expect(run(mse(), { shape: [1, 2], data: [1, 1] })).resolves.toBeDefined();
  });

  it('raises NOT_DIFFERENTIABLE from valueAndGrad for a loss marked not differentiable', async () => {
    const backend = await createReferenceBackend();
    const zeroOne = defineLoss<Record<string, never>>({
      metadata: {
        id: 'zeroOne', title: 'Zero-one', task: 'classification', description: 'test', formula: 'x', predictions: 'values', targets: 'values',
        targetKind: 'values', defaultReduction: 'mean', frameworks: {}, differentiable: false,
      },
      params: {},
      perSample: (p, t) => square(sub(p, t)),
    });
    await expect(backend.valueAndGrad(zeroOne(), ok)).rejects.toMatchObject({ code: 'NOT_DIFFERENTIABLE' });
    await expect(backend.evaluate(zeroOne(), ok)).resolves.toBeDefined();
  });
});

describe('programs', () => {
  it('are cached per signature', () => {
    const l = mse();
    const a = l.program({ predictions: ['batch'], targets: ['batch'] });
    expect(l.program({ predictions: ['batch'], targets: ['batch'] })).toBe(a);
    expect(l.program({ predictions: [3], targets: [3] })).not.toBe(a);
    expect(l.program({ predictions: ['batch'], targets: ['batch'], weights: ['batch'] })).not.toBe(a);
  });

  it('declare int targets for label losses and float otherwise', () => {
    expect(sparseCategoricalCrossEntropy().program({ predictions: ['n', 3], targets: ['n'] }).inputs.targets?.dtype).toBe('int');
    expect(mse().program({ predictions: ['n'], targets: ['n'] }).inputs.targets?.dtype).toBe('float');
  });
});
