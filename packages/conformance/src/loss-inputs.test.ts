import { type LossMetadata, losses } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { type AnyLossConstructor, accepts, lossCase } from './loss-case.js';
import { type InputGenerator, inputGeneratorFor } from './loss-inputs.js';
import { parameterVariants } from './parameter-variants.js';

/** The generator for a loss, or a failed test. */
function generatorOf(metadata: LossMetadata): InputGenerator {
  const g = inputGeneratorFor(metadata);
  if (g === undefined) return expect.fail(`no input generator for ${metadata.id}`);
  return g.generate;
}

describe('input generators', () => {
  for (const [id, ctor] of Object.entries(losses) as [string, AnyLossConstructor][]) {
    it(`${id}: every variant's inputs pass the loss's own checks`, () => {
      const generate = generatorOf(ctor.metadata);
      for (const variant of parameterVariants(ctor.metadata, (o) => accepts(ctor, o))) {
        for (const dtype of ['float32', 'float64'] as const) {
          const inputs = lossCase(generate, `${id} ${variant.label}`, dtype, variant.options, true);
          expect(() => ctor(variant.options).prepare(inputs), variant.label).not.toThrow();
        }
      }
    });
  }

  it('keeps Huber residuals away from δ and hinge margins away from 1', () => {
    const huber = lossCase(generatorOf(losses.huber.metadata), 'k', 'float64', { delta: 0.5 }, false);
    huber.predictions.data.forEach((p, i) => expect(Math.abs(Math.abs(p - (huber.targets.data[i] as number)) - 0.5)).toBeGreaterThan(0.09));
    const hinge = lossCase(generatorOf(losses.hinge.metadata), 'k', 'float64', { targetEncoding: 'signed' }, false);
    hinge.predictions.data.forEach((p, i) => expect(Math.abs(p * (hinge.targets.data[i] as number) - 1)).toBeGreaterThan(0.09));
  });

  it('falls back on the metadata, and has nothing for inputs it cannot guess', () => {
    const meta = (task: LossMetadata['task'], targetKind: LossMetadata['targetKind']): LossMetadata => ({ ...losses.mse.metadata, id: 'newLoss', task, targetKind });
    expect(inputGeneratorFor(meta('regression', 'values'))?.via).toBe("FALLBACK_GENERATORS['regression/values']");
    expect(inputGeneratorFor(meta('classification', 'labels'))?.via).toBe("FALLBACK_GENERATORS['classification/labels']");
    expect(inputGeneratorFor(meta('classification', 'values'))).toBeUndefined();
  });
});

describe('parameter variants', () => {
  it('reads non-default values from the metadata, one parameter at a time and all together', () => {
    const labels = parameterVariants(losses.huber.metadata).map((v) => v.label);
    expect(labels).toEqual(['defaults', 'delta=0.5', 'axis=-1', 'all non-default']);
  });
});
