import { type Backend, type OptimizerRun, deserializeCheckpoint, optimizers, schedules, serializeCheckpoint } from '@losskit/core';
import { createTfjsBackend } from '@losskit/adapter-tfjs';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createOnnxBackend } from './index.js';

/** Rosenbrock's gradient, so every step depends on the state the last one left. */
const grad = ([a = 0, b = 0]: number[]): number[] => [-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)];

async function steps(run: OptimizerRun, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const w = Array.from((await run.params()).w?.data ?? []);
    await run.step({ w: { shape: [2], dtype: 'float32', data: Float32Array.from(grad(w)) } });
  }
}

describe('a checkpoint saved on tfjs continues on ONNX Runtime', () => {
  it('matches a run that stayed on tfjs, within float32 tolerance', async () => {
    const tx = optimizers.adam({ learningRate: schedules.join([schedules.linearWarmup({ peakValue: 0.02, warmupSteps: 5 }), schedules.cosineDecay({ initValue: 0.02, decaySteps: 30 })], [5]) });
    const tfjs: Backend = await createTfjsBackend({ tf, backend: 'cpu' });
    const onnx: Backend = await createOnnxBackend({ ort });
    const start = { w: { shape: [2], dtype: 'float32' as const, data: Float32Array.of(-1.2, 1) } };
    const stay = await tfjs.optimizer(tx, start);
    await steps(stay, 10);
    const bytes = serializeCheckpoint({ params: await stay.params(), state: await stay.state(), step: 10, optimizer: tx });
    await steps(stay, 15);

    const saved = deserializeCheckpoint(bytes, { optimizer: tx });
    expect(saved.params.w?.dtype).toBe('float32');
    const moved = await onnx.optimizer(tx, saved.params);
    await moved.setState(saved.state);
    await steps(moved, 15);
    const want = Array.from((await stay.params()).w?.data ?? []);
    const got = Array.from((await moved.params()).w?.data ?? []);
    got.forEach((v, i) => expect(Math.abs(v - (want[i] as number))).toBeLessThanOrEqual(2e-5 + 2e-5 * Math.abs(want[i] as number)));
    // And the run really moved on from the checkpoint (not from the start).
    expect(Math.abs((got[0] as number) + 1.2)).toBeGreaterThan(0.05);
  });
});
