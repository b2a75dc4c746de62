import { describe, expect, it } from 'vitest';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import { LOSSKIT_VERSION } from '../version.js';
import { adam, sgd } from './aliases.js';
import { deserializeCheckpoint, deserializeState, serializeCheckpoint, serializeState } from './serialize-state.js';
import { STATE_FORMAT_VERSION, crc32 } from './state-file.js';
import type { Tree } from './tree.js';
import { codeOf as code } from '../__test__/helpers.js';

/** The gradient of Rosenbrock (1 − a)² + 100(b − a²)², so every step depends on the last. */
const rosenbrockGrad = (w: readonly number[]): number[] => {
  const [a = 0, b = 0] = w;
  return [-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)];
};

async function steps(run: Awaited<ReturnType<Awaited<ReturnType<typeof createReferenceBackend>>['optimizer']>>, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const w = Array.from((await run.params()).w?.data ?? []);
    await run.step({ w: { shape: [2], data: rosenbrockGrad(w) } });
  }
}


/** The JSON header of a state file (bytes 12 .. 12 + length). */
function headerOf(bytes: Uint8Array): Record<string, unknown> {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  return JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as Record<string, unknown>;
}

describe('serializeState / deserializeState', () => {
  it('a run restored mid-training continues bit for bit (reference, float64)', async () => {
    const backend = await createReferenceBackend();
    const tx = adam({ learningRate: 0.01 });
    const straight = await backend.optimizer(tx, { w: { shape: [2], data: [-1.2, 1] } });
    await steps(straight, 7);
    const bytes = serializeCheckpoint({ params: await straight.params(), state: await straight.state(), step: 7, optimizer: tx });
    await steps(straight, 13);

    const saved = deserializeCheckpoint(bytes, { optimizer: tx });
    expect(saved.step).toBe(7);
    const resumed = await backend.optimizer(tx, saved.params);
    await resumed.setState(saved.state);
    await steps(resumed, 13);
    expect(Array.from((await resumed.params()).w?.data ?? [])).toEqual(Array.from((await straight.params()).w?.data ?? []));
  });

  it('keeps every bit of float32, float64 and int32 tensors, and the tree with its empty records', () => {
    const state: Tree<HostTensor> = {
      '0': {},
      '1': { count: { dtype: 'int32', shape: [], data: Int32Array.of(-7) }, mu: { w: { dtype: 'float32', shape: [3], data: Float32Array.of(Math.fround(0.1), -0, 3.4e38) } } },
      '2': { nu: { w: { dtype: 'float64', shape: [2, 1], data: Float64Array.of(Number.MIN_VALUE, -1 / 3) } } },
    };
    const back = deserializeState(serializeState(state, { optimizer: 'custom' }));
    expect(back).toEqual(state);
    expect(Object.is(((back as Record<string, Record<string, Record<string, HostTensor>>>)['1']?.mu?.w as HostTensor).data[1], -0)).toBe(true);
  });

  it('writes the documented layout: magic, header length, JSON header, little-endian aligned data', () => {
    const bytes = serializeState({ count: { dtype: 'int32', shape: [], data: Int32Array.of(258) }, v: { dtype: 'float64', shape: [1], data: Float64Array.of(1.5) } }, { optimizer: 'adam' });
    expect(new TextDecoder().decode(bytes.subarray(0, 7))).toBe('LKSTATE');
    const length = new DataView(bytes.buffer).getUint32(8, true);
    expect((12 + length) % 8).toBe(0);
    const h = headerOf(bytes);
    expect(h).toMatchObject({ format: 'losskit-state', version: STATE_FORMAT_VERSION, losskit: LOSSKIT_VERSION, kind: 'optimizer-state', optimizer: { name: 'adam' }, dataByteLength: 16 });
    expect(h.tensors).toEqual([
      { name: 'state/count', dtype: 'int32', shape: [], offset: 0, byteLength: 4 },
      { name: 'state/v', dtype: 'float64', shape: [1], offset: 8, byteLength: 8 },
    ]);
    const data = bytes.subarray(12 + length);
    // 258 = 0x0102, little-endian: 02 01 00 00; 1.5 = 0x3FF8000000000000, little-endian.
    expect(Array.from(data.subarray(0, 4))).toEqual([2, 1, 0, 0]);
    expect(Array.from(data.subarray(8, 16))).toEqual([0, 0, 0, 0, 0, 0, 0xf8, 0x3f]);
    expect(h.crc32).toBe(crc32(data));
  });

  it('crc32 is the IEEE CRC-32 ("123456789" → 0xCBF43926, the standard check value)', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  describe('refuses with typed errors', () => {
    const tx = adam({ learningRate: 0.1 });
    const params = { w: { shape: [2], data: [1, 2] } };
    const good = async (): Promise<Uint8Array> => {
      const backend = await createReferenceBackend();
      const run = await backend.optimizer(tx, params);
      await steps(run, 2);
      return serializeState(await run.state(), { optimizer: tx });
    };
    const withHeader = (bytes: Uint8Array, edit: (json: string) => string): Uint8Array => {
      const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
      const json = edit(new TextDecoder().decode(bytes.subarray(12, 12 + length)));
      const encoded = new TextEncoder().encode(json);
      expect(encoded.length).toBe(length);
      const out = Uint8Array.from(bytes);
      out.set(encoded, 12);
      return out;
    };

    it('BAD_FILE: another format version', async () => {
      const bytes = withHeader(await good(), (j) => j.replace('"version":1', '"version":9'));
      expect(code(() => deserializeState(bytes))).toBe('BAD_FILE');
      expect(() => deserializeState(bytes)).toThrow(/version 9.*reads version 1/);
    });

    it('BAD_FILE: truncated anywhere', async () => {
      const bytes = await good();
      for (const cut of [0, 5, 11, 40, bytes.length - 1]) expect(code(() => deserializeState(bytes.subarray(0, cut))), `cut at ${cut}`).toBe('BAD_FILE');
    });

    it('BAD_FILE: a flipped bit in the data, a garbled header, wrong magic, another kind', async () => {
      const bytes = await good();
      const flipped = Uint8Array.from(bytes);
      flipped[flipped.length - 3] = (flipped[flipped.length - 3] as number) ^ 0x10;
      expect(code(() => deserializeState(flipped))).toBe('BAD_FILE');
      const garbled = Uint8Array.from(bytes);
      garbled[14] = 0x7b;
      expect(code(() => deserializeState(garbled))).toBe('BAD_FILE');
      const magic = Uint8Array.from(bytes);
      magic[0] = 0;
      expect(code(() => deserializeState(magic))).toBe('BAD_FILE');
      expect(code(() => deserializeState(new TextEncoder().encode('{"format":"losskit-train-state"}')))).toBe('BAD_FILE');
      const checkpoint = serializeCheckpoint({ params: { w: params.w }, state: {}, step: 0 });
      expect(code(() => deserializeState(checkpoint))).toBe('BAD_FILE');
    });

    it('BAD_STATE: the state of another optimizer, other shapes, or other parameter names', async () => {
      const bytes = await good();
      expect(code(() => deserializeState(bytes, { optimizer: tx, params }))).toBeUndefined();
      expect(code(() => deserializeState(bytes, { optimizer: sgd({ learningRate: 0.1, momentum: 0.9 }), params }))).toBe('BAD_STATE');
      expect(code(() => deserializeState(bytes, { optimizer: tx, params: { w: [3] } }))).toBe('BAD_STATE');
      expect(code(() => deserializeState(bytes, { optimizer: tx, params: { v: [2] } }))).toBe('BAD_STATE');
    });

    it('never overwrites a run partly: a refused state leaves the run as it was', async () => {
      const backend = await createReferenceBackend();
      const control = await backend.optimizer(tx, params);
      const run = await backend.optimizer(tx, params);
      await steps(control, 3);
      await steps(run, 3);
      // The right tree with one wrong shape: setState checks every leaf before replacing any.
      const state = await run.state();
      const broken = structuredClone(state) as Record<string, Record<string, Record<string, HostTensor>>>;
      const holder = Object.values(broken).find((s) => s.nu !== undefined)?.nu;
      if (holder?.w === undefined) throw new Error('adam state without nu');
      holder.w = { ...holder.w, shape: [1, 2] };
      await expect(run.setState(broken as unknown as Tree<HostTensor>)).rejects.toMatchObject({ code: 'BAD_STATE' });
      await steps(control, 3);
      await steps(run, 3);
      expect(Array.from((await run.params()).w?.data ?? [])).toEqual(Array.from((await control.params()).w?.data ?? []));
    });
  });
});
