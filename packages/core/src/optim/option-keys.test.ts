import { describe, expect, it } from 'vitest';
import { LossKitError } from '../errors/losskit-error.js';
import { codeOf } from '../__test__/helpers.js';
import { adam, nadam } from './aliases.js';
import { optimizerOptionKeys, optimizers } from './index.js';
import { acceptedKeys, closestName } from './option-keys.js';
import type { GradientTransformation } from './transformation.js';

type AnyOptimizer = (options?: unknown) => GradientTransformation;
const names = Object.keys(optimizers) as (keyof typeof optimizers)[];
const build = (name: keyof typeof optimizers, options: unknown): GradientTransformation => (optimizers[name] as AnyOptimizer)(options);

/** The LossKitError a call throws (fails the test when it returns or throws something else). */
function errorOf(fn: () => unknown): LossKitError {
  try {
    fn();
  } catch (e) {
    if (LossKitError.isInstance(e)) return e as LossKitError;
    throw e;
  }
  throw new Error('expected a LossKitError, the call returned');
}

// A valid value for every accepted key, by what the key means; keys not named take 0.5, which
// every rate, decay, ε and weight decay accepts.
const samples: Record<string, unknown> = {
  learningRate: 0.1, nesterov: true, amsgrad: true, centered: true, epsInSqrt: false, biasCorrection: true, factored: false,
  multiplyByParameterScale: false, epsilonPlacement: 'uncorrected', nsCoefficients: [3.4445, -4.775, 2.0315], nsSteps: 3,
  threshold: 4, etaMinus: 0.4, etaPlus: 1.3, minStepSize: 1e-5, maxStepSize: 10, learningRatePower: -0.6, clippingThreshold: null,
  stepOffset: 2, minDimSizeToFactor: 64, adamLearningRate: 0.01,
};

describe('named optimizers refuse unknown option keys', () => {
  it.each(names)('%s: an unknown key is BAD_PARAM naming it, the optimizer and the accepted keys', (name) => {
    const e = errorOf(() => build(name, { learningRate: 0.1, bogusOption: 1 }));
    expect(e.code).toBe('BAD_PARAM');
    expect(e.where).toBe(`${name}.bogusOption`);
    expect(e.message).toContain(`unknown option 'bogusOption' (${name} accepts ${optimizerOptionKeys[name].join(', ')})`);
    expect(e.message).not.toContain('did you mean');
  });

  it.each(names)('%s: every listed key is accepted with a valid value', (name) => {
    const keys: readonly string[] = optimizerOptionKeys[name];
    expect(keys).toContain('learningRate');
    for (const key of keys) {
      const value = key in samples ? samples[key] : 0.5;
      expect(codeOf(() => build(name, { learningRate: 0.1, [key]: value })), `${name}.${key}`).toBeUndefined();
    }
  });

  it.each(names)('%s: options that are not an object are BAD_PARAM', (name) => {
    for (const bad of [null, 3, 'adam', [0.1]]) {
      const e = errorOf(() => build(name, bad));
      expect(e.code).toBe('BAD_PARAM');
      expect(e.where).toBe(name);
      expect(e.message).toMatch(/expected an options object, got (null|number 3|string adam|an array)$/);
    }
  });

  it('suggests the accepted key one letter away', () => {
    const e = errorOf(() => optimizers.adam({ learningRate: 0.1, lerningRate: 0.1 } as never));
    expect(e.where).toBe('adam.lerningRate');
    expect(e.message).toMatch(/unknown option 'lerningRate' \(adam accepts learningRate, b1, .*\); did you mean 'learningRate'\?$/);
    expect(errorOf(() => optimizers.rmsprop({ momentun: 0.9 } as never)).message).toMatch(/did you mean 'momentum'\?$/);
  });

  it('checks each alias against its own keys, not the chain it delegates to', () => {
    // nadam builds on adam and nadamw on adamw: weightDecay belongs to the second only.
    expect(errorOf(() => nadam({ weightDecay: 0.1 } as never)).where).toBe('nadam.weightDecay');
    expect(codeOf(() => optimizers.nadamw({ weightDecay: 0.1 }))).toBeUndefined();
  });

  it('validates direct calls: the exported functions are the catalogue entries', () => {
    expect(optimizers.adam).toBe(adam);
    expect(codeOf(() => adam({ epsilon: 1e-7 } as never))).toBe('BAD_PARAM');
    expect(codeOf(() => adam())).toBeUndefined();
  });
});

describe('closestName', () => {
  it('finds the nearest name by edit distance, ignoring case, and nothing when none is close', () => {
    expect(closestName('lerningRate', ['b1', 'learningRate', 'eps'])).toBe('learningRate');
    expect(closestName('LEARNINGRATE', ['b1', 'learningRate'])).toBe('learningRate');
    expect(closestName('epsRot', ['eps', 'epsRoot'])).toBe('epsRoot');
    expect(closestName('wieghtDecay', ['weightDecayRate', 'weightDecay'])).toBe('weightDecay');
    expect(closestName('zzz', ['learningRate', 'momentum'])).toBeUndefined();
  });
});

describe('acceptedKeys', () => {
  interface TwoOptions {
    readonly a?: number;
    readonly b?: number;
  }

  it('returns the keys it is given when they are exactly the options type', () => {
    expect(acceptedKeys<TwoOptions>()(['a', 'b'])).toEqual(['a', 'b']);
  });

  it('fails type checking on a missing or foreign key (checked by tsc, the lint step)', () => {
    // @ts-expect-error 'b' is left out: an option without its key does not compile.
    const missing = acceptedKeys<TwoOptions>()(['a']);
    // @ts-expect-error 'c' is not an option.
    const foreign = acceptedKeys<TwoOptions>()(['a', 'b', 'c']);
    expect([missing, foreign]).toEqual([['a'], ['a', 'b', 'c']]);
  });
});
