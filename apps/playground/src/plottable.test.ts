import { type ParamSpec, createLoss, createReferenceBackend, losses } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { alongX, domain, encode, plotOptions, plottableLosses, sliderRange, tunable } from './plottable.js';

const spec = (name: keyof typeof losses, param: string): ParamSpec => {
  const s = losses[name].metadata.params[param];
  if (s === undefined) throw new Error(`${name} has no parameter ${param}`);
  return s;
};
const tunables = (name: keyof typeof losses) => Object.entries(losses[name].metadata.params).filter(([p, s]) => tunable(p, s)).map(([p]) => p);

describe('which losses the explorer plots', () => {
  it('plots the elementwise regression losses and leaves out packed or vector inputs', async () => {
    const listed = await plottableLosses(await createReferenceBackend(), 'regression');
    for (const name of ['mse', 'mae', 'huber', 'smoothL1', 'logCosh', 'mape', 'msle', 'quantile', 'poisson', 'poissonNLL']) expect(listed.get(name), name).toBe('elementwise');
    // gaussianNLL packs mean and variance in a last axis of 2; cosine similarity reduces a vector axis.
    expect(listed.has('gaussianNLL')).toBe(false);
    expect(listed.has('cosineSimilarity')).toBe(false);
  });

  it('feeds each classification loss the encoding its inputs need', async () => {
    const listed = await plottableLosses(await createReferenceBackend(), 'classification');
    expect(listed.get('binaryCrossEntropy')).toBe('elementwise');
    expect(listed.get('hinge')).toBe('elementwise');
    expect(listed.get('categoricalCrossEntropy')).toBe('twoLogitsOneHot');
    expect(listed.get('sparseCategoricalCrossEntropy')).toBe('twoLogitsLabel');
  });

  it('two logits (x, 0) with the true class first: log 2 and slope −½ at x = 0, by hand', async () => {
    // softmax(0, 0) = (½, ½): loss −log ½ = log 2; ∂/∂x = softmax₀ − 1 = −½.
    const backend = await createReferenceBackend();
    const { value, grad } = await backend.valueAndGrad(createLoss('sparseCategoricalCrossEntropy', plotOptions('sparseCategoricalCrossEntropy')), encode('twoLogitsLabel', 'classification', [0, 2]));
    expect(value.data[0]).toBeCloseTo(Math.LN2, 6);
    expect(alongX('twoLogitsLabel', grad)[0]).toBeCloseTo(-0.5, 6);
    // At x = 2: log(1 + e⁻²).
    expect(value.data[1]).toBeCloseTo(Math.log1p(Math.exp(-2)), 6);
  });

  it('regression curves sit on target 1, so MAPE is 100·|residual|', async () => {
    const backend = await createReferenceBackend();
    const { value } = await backend.valueAndGrad(createLoss('mape', plotOptions('mape')), encode('elementwise', 'regression', [-0.5, 2]));
    expect(Array.from(value.data)).toEqual([expect.closeTo(50, 4), expect.closeTo(200, 4)]);
  });

  it('finds where a loss is undefined point by point: Poisson needs rates ≥ 0', () => {
    const loss = createLoss('poisson', plotOptions('poisson'));
    // Prediction = 1 + residual: residuals below −1 are negative rates.
    const { inside, reason } = domain(loss, 'elementwise', 'regression', [-2, -1.5, -1, 0, 2]);
    expect(inside).toEqual([false, false, true, true, true]);
    // The message is the loss's own for the whole grid: its first rejected prediction, 1 + (−2) = −1, at index 0.
    expect(reason).toMatch(/≥ 0, found -1 at index 0/);
    expect(domain(createLoss('mse', plotOptions('mse')), 'elementwise', 'regression', [-3, 3]).inside).toEqual([true, true]);
  });
});

describe('explorer parameters', () => {
  it('shows numbers, booleans and enums, not axes, nullable switches or epsilon floors', () => {
    expect(tunables('huber')).toEqual(['delta']);
    expect(tunables('binaryCrossEntropy')).toEqual(['labelSmoothing']);
    expect(tunables('poissonNLL')).toEqual(['logInput', 'full']);
    expect(tunables('hinge')).toEqual(['targetEncoding']);
    expect(tunables('sparseCategoricalCrossEntropy')).toEqual(['labelSmoothing', 'normalize']);
  });

  it('keeps sliders inside inclusive bounds and strictly inside exclusive ones', () => {
    expect(sliderRange(spec('quantile', 'quantile'))).toEqual([expect.closeTo(0.01, 9), expect.closeTo(0.99, 9)]);
    expect(sliderRange(spec('binaryCrossEntropy', 'labelSmoothing'))).toEqual([0, 1]);
    // Huber's delta: above 0, default 1, no upper bound: up to max(3, 5·1) = 5, from 5/100.
    expect(sliderRange(spec('huber', 'delta'))).toEqual([expect.closeTo(0.05, 9), 5]);
  });

  it('passes only the shown parameters and forces logits', () => {
    expect(plotOptions('binaryCrossEntropy', { labelSmoothing: 0.2, epsilon: 0.4 })).toEqual({ reduction: 'none', labelSmoothing: 0.2, fromLogits: true });
  });
});
