import { type Backend, createReferenceBackend } from '@losskit/core';
import { describe, expect, it } from 'vitest';
import { collectConformance } from './collect.js';

const golden = (name: string, createBackend: () => Promise<Backend<unknown>>) =>
  collectConformance({ name, createBackend }).filter((c) => c.groups.includes(`${name} › golden`));

describe('collectConformance', () => {
  it('lists the same cases runConformance registers, grouped by section', () => {
    const cases = collectConformance({ name: 'reference', createBackend: createReferenceBackend });
    // self.test.ts runs 864 tests through vitest from the same sections.
    expect(cases.length).toBeGreaterThan(800);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(cases[0]?.groups).toEqual(['reference', 'reference › golden']);
  });

  it('passes the reference backend and fails a backend whose values are off, with the message', async () => {
    for (const c of golden('reference', createReferenceBackend).slice(0, 6)) expect(await c.run()).toEqual({ status: 'passed' });
    const off = async (): Promise<Backend<unknown>> => {
      const b = await createReferenceBackend();
      return { ...b, evaluate: async (loss, inputs) => {
        const v = await b.evaluate(loss, inputs);
        return { ...v, data: Float64Array.from(v.data, (x) => x + 0.01) };
      } };
    };
    const outcome = await golden('off', off)[0]?.run();
    expect(outcome).toMatchObject({ status: 'failed', message: expect.stringMatching(/\[0\] = .*, expected .* \(rtol/) });
  });

  it('skips, not fails, the dtypes a backend does not compute in', async () => {
    const float32Only = async (): Promise<Backend<unknown>> => ({ ...(await createReferenceBackend()), supports: { dtypes: ['float32'] } });
    const cases = golden('f32', float32Only);
    const c64 = cases.find((c) => c.name.endsWith('float64'));
    expect(await c64?.run()).toEqual({ status: 'skipped', reason: 'reference does not compute in float64' });
  });
});
