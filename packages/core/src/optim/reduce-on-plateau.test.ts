import { describe, expect, it } from 'vitest';
import { LossKitError } from '../errors/losskit-error.js';
import { losses } from '../losses/index.js';
import { linear } from '../models/model.js';
import { train } from '../models/train.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { reduceOnPlateau, type ReduceOnPlateauOptions } from './reduce-on-plateau.js';
import { chain } from './transformation.js';
import { scaleByLearningRate } from './transforms.js';

/**
 * The scale applied at each step for this loss sequence: a unit gradient through
 * chain(scaleByLearningRate(1), reduceOnPlateau) moves w by exactly −scale.
 */
async function scales(options: ReduceOnPlateauOptions, values: readonly number[]): Promise<number[]> {
  const backend = await createReferenceBackend();
  const run = await backend.optimizer(chain(scaleByLearningRate(1), reduceOnPlateau(options)), { w: { shape: [1], data: [0] } });
  const out: number[] = [];
  let before = 0;
  for (const value of values) {
    await run.step({ w: { shape: [1], data: [1] } }, { value });
    const w = (await run.params()).w?.data[0] as number;
    out.push(before - w);
    before = w;
  }
  return out;
}

// Expected scales worked by hand from optax.contrib.reduce_on_plateau's update
// (optax/contrib/_reduce_on_plateau.py): improvement is avg < best·(1 − rtol) − atol; after
// `patience` evaluations without one the scale is multiplied by `factor`, then `cooldown`
// evaluations are not counted; `accumulation_size` losses are averaged into one evaluation.
describe('reduceOnPlateau', () => {
  it('drops the scale after `patience` evaluations without improvement', async () => {
    expect(await scales({ patience: 2, factor: 0.5, rtol: 0 }, [10, 9, 9, 9, 8, 8, 8, 8])).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25]);
  });

  it('ignores plateaus during cooldown', async () => {
    expect(await scales({ patience: 1, factor: 0.5, cooldown: 1, rtol: 0 }, [5, 5, 5, 5, 5])).toEqual([1, 0.5, 0.5, 0.25, 0.25]);
  });

  it('averages `accumulationSize` losses into one evaluation', async () => {
    expect(await scales({ patience: 1, factor: 0.5, rtol: 0, accumulationSize: 2 }, [4, 2, 3, 3, 3, 3])).toEqual([1, 1, 1, 0.5, 0.5, 0.25]);
  });

  it('counts an improvement only past atol (and rtol), and stops at minScale', async () => {
    expect(await scales({ patience: 1, factor: 0.5, rtol: 0, atol: 0.5 }, [10, 9.6, 9.4])).toEqual([1, 0.5, 0.5]);
    // rtol 0.1: 9.5 is not below 10·0.9 = 9.
    expect(await scales({ patience: 1, factor: 0.5, rtol: 0.1 }, [10, 9.5, 8.9])).toEqual([1, 0.5, 0.5]);
    expect(await scales({ patience: 1, factor: 0.5, rtol: 0, minScale: 0.4 }, [1, 1, 1, 1])).toEqual([1, 0.5, 0.4, 0.4].map((v) => expect.closeTo(v, 14)));
  });

  it('needs the loss with each step, and checks its options', async () => {
    const backend = await createReferenceBackend();
    const run = await backend.optimizer(reduceOnPlateau(), { w: { shape: [1], data: [0] } });
    await expect(run.step({ w: { shape: [1], data: [1] } })).rejects.toMatchObject({ code: 'BAD_PARAM' });
    const code = (fn: () => unknown): string => {
      try {
        fn();
        return 'none';
      } catch (e) {
        return LossKitError.isInstance(e) ? e.code : String(e);
      }
    };
    expect(code(() => reduceOnPlateau({ factor: 2 }))).toBe('BAD_PARAM');
    expect(code(() => reduceOnPlateau({ patience: 0 }))).toBe('BAD_PARAM');
  });

  it('reads the loss a trainer computes in its step program', async () => {
    const backend = await createReferenceBackend();
    // A zero learning rate keeps the loss constant: it improves once, then plateaus every 2 steps.
    const { trainer } = await train({ backend, model: linear({ inputs: 1 }), loss: losses.mse(), optimizer: chain(scaleByLearningRate(0), reduceOnPlateau({ patience: 2, factor: 0.5 })),
      data: { x: { shape: [3, 1], data: [1, 2, 3] }, y: { shape: [3], data: [1, 0, 1] } }, epochs: 5 });
    const state = (await trainer.state()) as Record<string, Record<string, HostTensor>>;
    expect(state['1']?.scale?.data[0]).toBe(0.25);
    expect(state['1']?.bestValue?.data[0]).toBeGreaterThan(0);
  });
});
