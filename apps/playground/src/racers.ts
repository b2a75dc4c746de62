import { type GradientTransformation, type LearningRate, optimizers, schedules } from '@losskit/core';

export const SCHEDULES = ['constant', 'exponential', 'cosine'] as const;
export type ScheduleId = (typeof SCHEDULES)[number];

export interface RaceSettings {
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
