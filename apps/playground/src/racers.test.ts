import { createReferenceBackend } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LEARNING_RATES, RACERS, race } from './racers.js';
import { surfaceById } from './surfaces.js';

describe('racers', () => {
  it('has a default learning rate for every racer', () => {
    expect(Object.keys(DEFAULT_LEARNING_RATES).sort()).toEqual(Object.keys(RACERS).sort());
  });

  it.each(Object.keys(RACERS))('%s at its default learning rate does not diverge on Rosenbrock and ends nearer (1, 1)', async (name) => {
    const backend = await createReferenceBackend();
    const rosenbrock = surfaceById('rosenbrock');
    const settings = { learningRate: DEFAULT_LEARNING_RATES[name] as number, b1: 0.9, b2: 0.999, schedule: 'constant' as const, steps: 400 };
    const path = await race(backend, rosenbrock, name, settings);
    expect(path.diverged).toBe(false);
    expect(path.xs).toHaveLength(401);
    // From (−1.2, 1), 2.2 away from the minimum.
    expect(Math.hypot((path.xs.at(-1) as number) - 1, (path.ys.at(-1) as number) - 1)).toBeLessThan(2.2);
  });

  it('plain SGD at ten times its default diverges there, so the default is not arbitrary', async () => {
    const backend = await createReferenceBackend();
    const settings = { learningRate: 10 * (DEFAULT_LEARNING_RATES['sgd'] as number), b1: 0.9, b2: 0.999, schedule: 'constant' as const, steps: 400 };
    expect((await race(backend, surfaceById('rosenbrock'), 'sgd', settings)).diverged).toBe(true);
  });
});
