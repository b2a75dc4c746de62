import { type HostTensor, type OptimizerRun, compat, createReferenceBackend } from '@losskit/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createOnnxBackend } from './index.js';

// Every compat.optimizer preset, with its framework's defaults, lowers to ONNX Runtime and follows
// the reference backend's float64 trajectory for 100 steps of a quadratic with a moving pull.
const STEPS = 100;
const W0 = [1.5, -2, 0.7, 3];
const REQUIRED: Readonly<Record<string, unknown>> = { learningRate: 0.05, momentum: 0.9, learning_rate: 0.05, R: 0.05, alpha: 0.9, beta: 0.5, mode: 'nesterov', norm_coefficient: 0.01 };

async function trajectory(run: OptimizerRun): Promise<number[]> {
  const out: number[] = [];
  for (let step = 0; step < STEPS; step++) {
    const w = Array.from(((await run.params()).w as HostTensor).data as Float64Array);
    const g = w.map((x, i) => (i + 1) * 0.5 * (x - i) + 0.4 * Math.sin(1.1 * step + i));
    await run.step({ w: { dtype: 'float64', shape: [W0.length], data: Float64Array.from(g) } });
    out.push(...Array.from(((await run.params()).w as HostTensor).data as Float64Array));
  }
  return out;
}

describe('compat.optimizer presets on ONNX Runtime (float64)', () => {
  for (const framework of compat.optimizerFrameworks) {
    it(`every ${framework} preset matches the reference backend over ${STEPS} steps`, async () => {
      const onnx = await createOnnxBackend({ ort });
      const reference = await createReferenceBackend();
      const start = { w: { dtype: 'float64' as const, shape: [W0.length], data: Float64Array.from(W0) } };
      for (const info of compat.optimizerPresets(framework)) {
        const args = Object.fromEntries(Object.entries(info.args).filter(([, d]) => d === undefined).map(([k]) => [k, REQUIRED[k]]));
        const tx = compat.optimizer(framework, info.name, args);
        const want = await trajectory(await reference.optimizer(tx, start));
        const got = await trajectory(await onnx.optimizer(tx, start));
        expect(want.every(Number.isFinite), `${framework}.${info.name} finite`).toBe(true);
        got.forEach((x, i) => expect(Math.abs(x - (want[i] as number)), `${framework}.${info.name} [${i}]`).toBeLessThan(1e-9 * (1 + Math.abs(want[i] as number))));
      }
    }, 120_000);
  }
});
