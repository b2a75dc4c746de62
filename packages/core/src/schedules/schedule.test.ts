import { describe, expect, it } from 'vitest';
import { trace } from '../graph/program.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import { cosineDecay, cosineWarmup, cosineWithRestarts, linearWarmup, sgdr, warmupCosineDecay } from './cosine.js';
import { exponentialDecay, inverseTimeDecay, linearSchedule, piecewiseConstant, polynomialDecay, stepDecay } from './decay.js';
import { schedules } from './index.js';
import { joinSchedules } from './join.js';
import { cosineOnecycle, oneCycle } from './one-cycle.js';
import { type Schedule, type StepSchedule, constantSchedule, defineSchedule, learningRateAt } from './schedule.js';
import { codeOf as code } from '../__test__/helpers.js';

/** The schedule's value at each step, traced and run on the reference backend. */
async function tracedValues(s: Schedule, steps: readonly number[]): Promise<number[]> {
  const backend = await createReferenceBackend();
  const p = trace('schedule', { count: { shape: [], dtype: 'int' } }, ({ count }) => s(count));
  const out: number[] = [];
  for (const step of steps) {
    const r = await backend.run(p, { count: { shape: [], data: Int32Array.of(step) } });
    out.push(r.value?.data[0] as number);
  }
  return out;
}

/** Checks a schedule against [step, value] goldens on the host (`at`) and traced. */
async function expectGolden(s: StepSchedule, golden: readonly (readonly [number, number])[]): Promise<void> {
  const traced = await tracedValues(s, golden.map(([step]) => step));
  golden.forEach(([step, want], i) => {
    expect(s.at(step), `${s.id} at step ${step} (host)`).toBeCloseTo(want, 13);
    expect(traced[i], `${s.id} at step ${step} (traced)`).toBeCloseTo(want, 13);
  });
}


describe('schedules', () => {
  it('are listed by name', () => {
    expect(Object.keys(schedules).sort()).toEqual([
      'constant', 'cosineDecay', 'cosineOnecycle', 'cosineWarmup', 'cosineWithRestarts', 'exponentialDecay', 'inverseTimeDecay', 'join',
      'linear', 'linearWarmup', 'oneCycle', 'piecewiseConstant', 'polynomialDecay', 'sgdr', 'stepDecay', 'warmupCosineDecay',
    ]);
  });

  it('constant', async () => {
    await expectGolden(constantSchedule(0.3), [[0, 0.3], [7, 0.3], [1000, 0.3]]);
  });

  // optax/schedules/_schedule.py exponential_decay: count = max(count − transition_begin, 0),
  // init · rate^(count / T) (floored with staircase), clipped at end_value.
  it('exponentialDecay: begin, staircase, end value (optax.exponential_decay)', async () => {
    await expectGolden(exponentialDecay({ initValue: 0.1, decayRate: 0.5, transitionSteps: 4 }), [[0, 0.1], [2, 0.1 * Math.SQRT1_2], [4, 0.05], [8, 0.025]]);
    await expectGolden(exponentialDecay({ initValue: 1, decayRate: 0.5, transitionSteps: 2, transitionBegin: 2, endValue: 0.3 }), [[0, 1], [2, 1], [4, 0.5], [6, 0.3], [50, 0.3]]);
    await expectGolden(exponentialDecay({ initValue: 1, decayRate: 0.5, transitionSteps: 2, staircase: true }), [[1, 1], [3, 0.5], [5, 0.25]]);
    // A growth rate with an end value is a ceiling.
    await expectGolden(exponentialDecay({ initValue: 1, decayRate: 2, transitionSteps: 1, endValue: 5 }), [[2, 4], [3, 5]]);
  });

  // PyTorch StepLR docstring: lr = 0.05 if epoch < 30, 0.005 if 30 <= epoch < 60, 0.0005 if 60 <= epoch < 90.
  it('stepDecay (PyTorch StepLR docstring example)', async () => {
    await expectGolden(stepDecay({ initValue: 0.05, stepSize: 30, gamma: 0.1 }), [[0, 0.05], [29, 0.05], [30, 0.005], [59, 0.005], [60, 0.0005], [89, 0.0005]]);
  });

  // Keras InverseTimeDecay: initial / (1 + decay_rate · step / decay_steps), floor under staircase;
  // its docstring example (0.1, decay_steps 1, decay_rate 0.5).
  it('inverseTimeDecay (Keras InverseTimeDecay)', async () => {
    await expectGolden(inverseTimeDecay({ initValue: 0.1, decayRate: 0.5, decaySteps: 1 }), [[0, 0.1], [2, 0.05], [6, 0.025]]);
    await expectGolden(inverseTimeDecay({ initValue: 0.1, decayRate: 1, decaySteps: 4, staircase: true }), [[3, 0.1], [7, 0.05], [8, 0.1 / 3]]);
  });

  // optax.polynomial_schedule: (init − end)(1 − clip(t − begin, 0, T)/T)^power + end.
  it('polynomialDecay and linear (optax.polynomial_schedule, linear_schedule)', async () => {
    await expectGolden(polynomialDecay({ initValue: 1, endValue: 0.1, power: 2, transitionSteps: 10 }), [[0, 1], [5, 0.325], [10, 0.1], [20, 0.1]]);
    await expectGolden(polynomialDecay({ initValue: 1, endValue: 0.1, power: 2, transitionSteps: 10, transitionBegin: 2 }), [[2, 1], [7, 0.325]]);
    await expectGolden(linearSchedule({ initValue: 0, endValue: 2, transitionSteps: 4 }), [[1, 0.5], [3, 1.5], [9, 2]]);
  });

  // optax.piecewise_constant_schedule: the scale applies from step = boundary on, and scales compound.
  it('piecewiseConstant (optax.piecewise_constant_schedule)', async () => {
    await expectGolden(piecewiseConstant({ initValue: 1, boundariesAndScales: { 6: 0.1, 3: 0.5 } }), [[0, 1], [2, 1], [3, 0.5], [5, 0.5], [6, 0.05], [100, 0.05]]);
  });

  it('cosineDecay with alpha and exponent (optax.cosine_decay_schedule)', async () => {
    const plain = (s: number, alpha: number) => 2 * ((1 - alpha) * 0.5 * (1 + Math.cos((Math.PI * Math.min(s, 10)) / 10)) + alpha);
    await expectGolden(cosineDecay({ initValue: 2, decaySteps: 10 }), [[0, 2], [3, plain(3, 0)], [5, 1], [10, 0], [11, 0]]);
    await expectGolden(cosineDecay({ initValue: 2, decaySteps: 10, alpha: 0.25 }), [[4, plain(4, 0.25)], [100, 0.5]]);
    // exponent 2 at the midpoint: (0.9 · 0.5² + 0.1) · 2.
    await expectGolden(cosineDecay({ initValue: 2, decaySteps: 10, alpha: 0.1, exponent: 2 }), [[5, 0.65], [10, 0.2]]);
  });

  it('linear and cosine warmup, then the schedule that follows', async () => {
    await expectGolden(linearWarmup({ peakValue: 1, warmupSteps: 4 }), [[0, 0], [1, 0.25], [4, 1], [10, 1]]);
    // Cosine ramp: peak + (init − peak)/2 · (cos(π t / W) + 1).
    await expectGolden(cosineWarmup({ initValue: 0, peakValue: 1, warmupSteps: 4 }), [[1, 0.5 - Math.SQRT1_2 / 2], [2, 0.5], [4, 1]]);
    await expectGolden(linearWarmup({ initValue: 0.5, peakValue: 1, warmupSteps: 2, then: stepDecay({ initValue: 1, stepSize: 3, gamma: 0.5 }) }), [[1, 0.75], [2, 1], [4, 1], [5, 0.5]]);
  });

  // optax.warmup_cosine_decay_schedule: join(linear(init → peak, W), cosine_decay(peak, D − W, α = end / peak)).
  it('warmupCosineDecay (optax.warmup_cosine_decay_schedule)', async () => {
    await expectGolden(warmupCosineDecay({ initValue: 0, peakValue: 1, warmupSteps: 4, decaySteps: 14, endValue: 0.1 }), [[0, 0], [2, 0.5], [4, 1], [9, 0.55], [14, 0.1], [20, 0.1]]);
  });

  // PyTorch CosineAnnealingWarmRestarts: eta_min + (base − eta_min)(1 + cos(π T_cur / T_i)) / 2,
  // T_i = T_0 · T_mult^i. With T_0 = 2, T_mult = 2 the cycles start at steps 0, 2, 6, 14.
  it('cosineWithRestarts (PyTorch CosineAnnealingWarmRestarts)', async () => {
    await expectGolden(cosineWithRestarts({ initValue: 1, firstPeriod: 2, periodMult: 2 }), [
      [0, 1], [1, 0.5], [2, 1], [4, 0.5], [6, 1], [10, 0.5], [13, 0.5 * (1 + Math.cos((7 * Math.PI) / 8))], [14, 1], [30, 1],
    ]);
    await expectGolden(cosineWithRestarts({ initValue: 1, firstPeriod: 3, minValue: 0.1 }), [[0, 1], [3, 1], [4, 0.1 + 0.9 * 0.75], [8, 0.1 + 0.9 * 0.25]]);
  });

  // optax.sgdr_schedule: warmup-cosine cycles joined at the running sum of their decay_steps.
  it('sgdr (optax.sgdr_schedule)', async () => {
    const s = sgdr([{ initValue: 0, peakValue: 1, warmupSteps: 2, decaySteps: 6 }, { initValue: 0, peakValue: 0.5, warmupSteps: 1, decaySteps: 3 }]);
    await expectGolden(s, [[1, 0.5], [2, 1], [4, 0.5], [6, 0], [7, 0.5], [8, 0.25], [9, 0]]);
  });

  // PyTorch OneCycleLR.get_lr (torch/optim/lr_scheduler.py): initial = max / div_factor,
  // min = initial / final_div_factor; phases end at pct·T − 1 and T − 1; cos anneal
  // end + (start − end)/2 (cos(π pct) + 1). Here max 1, T 10: initial 0.04, min 4e-6, ends 2 and 9.
  it('oneCycle (PyTorch OneCycleLR)', async () => {
    const min = 4e-6;
    await expectGolden(oneCycle({ maxValue: 1, totalSteps: 10 }), [
      [0, 0.04], [1, 0.52], [2, 1], [3, min + ((1 - min) / 2) * (Math.cos(Math.PI / 7) + 1)], [9, min], [12, min],
    ]);
    await expectGolden(oneCycle({ maxValue: 1, totalSteps: 10, anneal: 'linear' }), [[1, 0.52], [3, 1 + (min - 1) / 7], [9, min]]);
    // Three phases end at 2, 4 and 9: up, back down to the start, then to the end.
    await expectGolden(oneCycle({ maxValue: 1, totalSteps: 10, threePhase: true }), [[2, 1], [3, 0.52], [4, 0.04], [9, min]]);
  });

  // optax.cosine_onecycle_schedule: piecewise cosine interpolation through
  // {0: peak/div, ⌊pct·T⌋: peak, T: peak/(div·final_div)}: the peak is one step later than PyTorch's.
  it('cosineOnecycle (optax) peaks one step after PyTorch oneCycle', async () => {
    const s = cosineOnecycle({ transitionSteps: 10, peakValue: 1 });
    await expectGolden(s, [[0, 0.04], [2, 1 - 0.48 * 0.5], [3, 1], [10, 4e-6], [15, 4e-6]]);
    expect(oneCycle({ maxValue: 1, totalSteps: 10 }).at(2)).toBe(1);
  });

  // optax.join_schedules: at step t ≥ b_i, schedules[i + 1](t − b_i).
  it('join (optax.join_schedules)', async () => {
    const s = joinSchedules([constantSchedule(1), linearSchedule({ initValue: 1, endValue: 0, transitionSteps: 4 }), constantSchedule(7)], [2, 10]);
    await expectGolden(s, [[1, 1], [2, 1], [4, 0.5], [6, 0], [9, 0], [10, 7]]);
  });

  it('defineSchedule: one formula, host and traced', async () => {
    const halving = defineSchedule('halving', (m, step) => m.mul(0.1, m.pow(0.5, m.floor(m.div(step, 10)))));
    await expectGolden(halving, [[9, 0.1], [25, 0.025]]);
  });

  it('learningRateAt takes a number or a schedule', async () => {
    expect(await tracedValues((c) => learningRateAt(0.5, c), [0, 7])).toEqual([0.5, 0.5]);
    expect(await tracedValues((c) => learningRateAt(constantSchedule(0.25), c), [3])).toEqual([0.25]);
  });

  it('reject bad options with BAD_PARAM', () => {
    expect(code(() => exponentialDecay({ initValue: 1, decayRate: 0, transitionSteps: 1 }))).toBe('BAD_PARAM');
    expect(code(() => piecewiseConstant({ initValue: 1, boundariesAndScales: { 2.5: 0.1 } }))).toBe('BAD_PARAM');
    expect(code(() => warmupCosineDecay({ initValue: 0, peakValue: 1, warmupSteps: 10, decaySteps: 5 }))).toBe('BAD_PARAM');
    expect(code(() => oneCycle({ maxValue: 1, totalSteps: 10, pctStart: 1.5 }))).toBe('BAD_PARAM');
    expect(code(() => cosineWithRestarts({ initValue: 1, firstPeriod: 2, periodMult: 1.5 }))).toBe('BAD_PARAM');
    expect(code(() => joinSchedules([constantSchedule(1)], [3]))).toBe('BAD_PARAM');
    expect(code(() => joinSchedules([constantSchedule(1), constantSchedule(2), constantSchedule(3)], [5, 2]))).toBe('BAD_PARAM');
    expect(code(() => constantSchedule(1).at(-1))).toBe('BAD_PARAM');
  });
});
