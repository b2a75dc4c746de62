import { type Backend, type GradientTransformation, type HostTensor, type LearningRate, optimizers, schedules } from '@losskit/core';
import { yieldToBrowser } from './format.js';
import { type Surface, surfacePrograms } from './surfaces.js';

export const SCHEDULES = ['constant', 'exponential', 'cosine'] as const;
export type ScheduleId = (typeof SCHEDULES)[number];

export interface RaceSettings {
  /** The racer's own learning rate (the race view keeps one per optimizer). */
  readonly learningRate: number;
  readonly b1: number;
  readonly b2: number;
  readonly schedule: ScheduleId;
  readonly steps: number;
}

/** The learning rate as a losskit schedule over the race's length. */
export function learningRate(s: RaceSettings): LearningRate {
  switch (s.schedule) {
    case 'constant': return s.learningRate;
    case 'exponential': return schedules.exponentialDecay({ initValue: s.learningRate, decayRate: 0.1, transitionSteps: s.steps });
    case 'cosine': return schedules.cosineDecay({ initValue: s.learningRate, decaySteps: s.steps });
  }
}

/** Every racer is an alias from `optimizers`; momentum and Nesterov are SGD's options. */
export const RACERS: Readonly<Record<string, (s: RaceSettings) => GradientTransformation>> = {
  sgd: (s) => optimizers.sgd({ learningRate: learningRate(s) }),
  momentum: (s) => optimizers.sgd({ learningRate: learningRate(s), momentum: 0.9 }),
  nesterov: (s) => optimizers.sgd({ learningRate: learningRate(s), momentum: 0.9, nesterov: true }),
  adam: (s) => optimizers.adam({ learningRate: learningRate(s), b1: s.b1, b2: s.b2 }),
  adamw: (s) => optimizers.adamw({ learningRate: learningRate(s), b1: s.b1, b2: s.b2, weightDecay: 0.01 }),
  adamax: (s) => optimizers.adamax({ learningRate: learningRate(s), b1: s.b1, b2: s.b2 }),
  rmsprop: (s) => optimizers.rmsprop({ learningRate: learningRate(s) }),
  adagrad: (s) => optimizers.adagrad({ learningRate: learningRate(s) }),
  // Lion's own b2 (0.99) is not Adam's; only b1 follows the slider.
  lion: (s) => optimizers.lion({ learningRate: learningRate(s), b1: s.b1 }),
};

/**
 * Each racer's default learning rate: about the largest that neither diverges nor stalls on
 * Rosenbrock from (−1.2, 1) over 400 to 1000 steps with the constant schedule (measured on the
 * reference backend; plain SGD diverges from 1e-2, momentum and Nesterov from 5e-3).
 */
export const DEFAULT_LEARNING_RATES: Readonly<Record<string, number>> = {
  sgd: 2e-3,
  momentum: 1e-3,
  nesterov: 1e-3,
  adam: 0.05,
  adamw: 0.05,
  adamax: 0.2,
  rmsprop: 0.01,
  adagrad: 0.5,
  lion: 0.01,
};

export type Path = { name: string; xs: number[]; ys: number[]; diverged: boolean };

const f32 = (v: ArrayLike<number>): HostTensor => ({ dtype: 'float32', shape: [v.length], data: Float32Array.from(v) });

/** One optimizer's path: gradient program and optimizer step on the backend, `steps` times. */
export async function race(backend: Backend, s: Surface, name: string, settings: RaceSettings, current: () => boolean = () => true): Promise<Path> {
  const tx = RACERS[name]?.(settings);
  if (tx === undefined) throw new Error(`unknown optimizer ${name}`);
  const run = await backend.optimizer(tx, { x: f32([s.start[0]]), y: f32([s.start[1]]) });
  const path: Path = { name, xs: [s.start[0]], ys: [s.start[1]], diverged: false };
  const { withGrad } = surfacePrograms(s);
  for (let k = 0; k < settings.steps && current(); k++) {
    const p = await run.params();
    const g = await backend.run(withGrad, { x: p['x'] as HostTensor, y: p['y'] as HostTensor });
    await run.step({ x: g['grad/x'] as HostTensor, y: g['grad/y'] as HostTensor });
    const next = await run.params();
    const x = next['x']?.data[0] as number;
    const y = next['y']?.data[0] as number;
    // Past this the path has left the picture for good (or overflowed): stop and say so.
    if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 1e4 || Math.abs(y) > 1e4) {
      path.diverged = true;
      break;
    }
    path.xs.push(x);
    path.ys.push(y);
    if (k % 50 === 49) await yieldToBrowser();
  }
  return path;
}
