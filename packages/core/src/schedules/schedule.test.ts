import { describe, expect, it } from 'vitest';
import { trace } from '../graph/program.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import { type Schedule, constantSchedule, cosineDecay, exponentialDecay, learningRateAt, schedules } from './schedule.js';

/** The schedule's value at each step, run on the reference backend. */
async function valuesOf(s: Schedule, steps: readonly number[]): Promise<number[]> {
  const backend = await createReferenceBackend();
  const p = trace('schedule', { count: { shape: [], dtype: 'int' } }, ({ count }) => s(count));
  const out: number[] = [];
  for (const step of steps) {
    const r = await backend.run(p, { count: { shape: [], data: Int32Array.of(step) } });
    out.push(r.value?.data[0] as number);
  }
  return out;
}

const STEPS = [0, 1, 2, 3, 4, 5, 9, 10, 11, 100];

function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expected.forEach((e, i) => expect(actual[i], `step ${STEPS[i]}`).toBeCloseTo(e, 14));
}

describe('schedules', () => {
  it('are listed by name', () => {
    expect(Object.keys(schedules).sort()).toEqual(['constant', 'cosineDecay', 'exponentialDecay']);
  });

  it('constant', async () => {
    expect(await valuesOf(constantSchedule(0.3), STEPS)).toEqual(STEPS.map(() => 0.3));
  });

  it('exponentialDecay: init · rate^(step / T) (optax, Keras)', async () => {
    expectClose(await valuesOf(exponentialDecay({ initValue: 0.1, decayRate: 0.5, transitionSteps: 4 }), STEPS), STEPS.map((s) => 0.1 * 0.5 ** (s / 4)));
  });

  it('exponentialDecay with staircase: whole transitions only', async () => {
    expectClose(
      await valuesOf(exponentialDecay({ initValue: 0.1, decayRate: 0.5, transitionSteps: 4, staircase: true }), STEPS),
      STEPS.map((s) => 0.1 * 0.5 ** Math.floor(s / 4)),
    );
  });

  it('cosineDecay: from init to alpha·init over decaySteps, then flat', async () => {
    const js = (s: number, alpha: number) => 2 * ((1 - alpha) * 0.5 * (1 + Math.cos((Math.PI * Math.min(s, 10)) / 10)) + alpha);
    expectClose(await valuesOf(cosineDecay({ initValue: 2, decaySteps: 10 }), STEPS), STEPS.map((s) => js(s, 0)));
    expectClose(await valuesOf(cosineDecay({ initValue: 2, decaySteps: 10, alpha: 0.25 }), STEPS), STEPS.map((s) => js(s, 0.25)));
    const [first, , , , , half, , end, after] = await valuesOf(cosineDecay({ initValue: 2, decaySteps: 10 }), STEPS);
    expect(first).toBe(2);
    expect(half).toBeCloseTo(1, 15);
    expect(end).toBeCloseTo(0, 15);
    expect(after).toBeCloseTo(0, 15);
  });

  it('learningRateAt takes a number or a schedule', async () => {
    expect(await valuesOf((c) => learningRateAt(0.5, c), [0, 7])).toEqual([0.5, 0.5]);
    expect(await valuesOf((c) => learningRateAt(constantSchedule(0.25), c), [3])).toEqual([0.25]);
  });
});
