import { describe, expect, it } from 'vitest';
import { createReferenceBackend } from '../reference/reference-backend.js';
import type { HostTensor } from '../tensor/host-tensor.js';
import {
  logSoftmax, logSumExp, sigmoidCrossEntropyWithLogits, softmax, softmaxCrossEntropyWithLogits,
} from './composites.js';
import { expandComposites } from './expand-composites.js';
import { COMPOSITE_OPS, type Value } from './node.js';
import * as o from './ops.js';
import { collectNodes, input, makeProgram, rewriteProgram, trace } from './program.js';
import { codeOf } from '../__test__/helpers.js';

const float = (...shape: (number | string)[]) => ({ shape, dtype: 'float' as const });

describe('trace', () => {
  it('builds named inputs, a `value` output for a single result, and named outputs for a record', () => {
    const p = trace('mse', { p: float('batch'), t: float('batch') }, ({ p, t }) => o.mean(o.square(o.sub(p, t))));
    expect(p.name).toBe('mse');
    expect(Object.keys(p.inputs).sort()).toEqual(['p', 't']);
    expect(p.inputs.p?.op).toBe('input');
    expect(p.inputs.p?.attrs.name).toBe('p');
    expect(p.inputs.p?.shape).toEqual(['batch']);
    expect(Object.keys(p.outputs)).toEqual(['value']);
    expect(p.outputs.value?.op).toBe('mean');
    const q = trace('two', { x: float(2) }, ({ x }) => ({ a: o.exp(x), b: o.neg(x) }));
    expect(Object.keys(q.outputs)).toEqual(['a', 'b']);
  });

  it('lists every node the outputs need, each after its inputs, with no duplicates', () => {
    const p = trace('chain', { x: float(3), y: float(3) }, ({ x, y }) => {
      const s = o.add(x, y);
      return { value: o.sum(o.mul(s, s)), other: o.exp(x) };
    });
    const ids = p.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    const position = new Map(p.nodes.map((n, i) => [n.id, i]));
    for (const n of p.nodes) {
      for (const i of n.inputs) expect(position.get(i.id) as number).toBeLessThan(position.get(n.id) as number);
    }
    expect(p.nodes.map((n) => n.op)).toEqual(['input', 'input', 'add', 'mul', 'sum', 'exp']);
  });

  it('leaves out nodes the outputs do not use (but keeps every declared input)', () => {
    const p = trace('dead', { x: float(2), unused: float(2) }, ({ x }) => {
      o.exp(x); // dead
      return o.neg(x);
    });
    expect(p.nodes.map((n) => n.op)).toEqual(['input', 'neg']);
    expect(Object.keys(p.inputs)).toContain('unused');
  });

  it('is immutable and gets a fresh id per trace', () => {
    const f = ({ x }: Record<'x', Value>) => o.neg(x);
    const a = trace('a', { x: float(2) }, f);
    const b = trace('a', { x: float(2) }, f);
    expect(a.id).not.toBe(b.id);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.nodes)).toBe(true);
    expect(Object.isFrozen(a.outputs)).toBe(true);
  });

  it('raises BAD_PARAM when an output depends on an input that is not the program\'s', () => {
    const stray = input('stray', float(2));
    expect(codeOf(() => trace('bad', { x: float(2) }, ({ x }) => o.add(x, stray)))).toBe('BAD_PARAM');
    expect(codeOf(() => makeProgram('bad', {}, { value: o.neg(stray) }))).toBe('BAD_PARAM');
  });
});

describe('collectNodes', () => {
  it('returns the transitive inputs sorted by id', () => {
    const x = input('x', float(2));
    const a = o.exp(x);
    const b = o.log(x);
    const c = o.add(b, a);
    expect(collectNodes([c]).map((n) => n.id)).toEqual([x.id, a.id, b.id, c.id]);
    expect(collectNodes([a, a]).map((n) => n.id)).toEqual([x.id, a.id]);
  });
});

describe('rewriteProgram', () => {
  it('copies the program when nothing is rewritten, reusing unchanged nodes', () => {
    const p = trace('p', { x: float(2) }, ({ x }) => o.sum(o.exp(x)));
    const q = rewriteProgram(p, 'copy', () => undefined);
    expect(q.name).toBe('copy');
    expect(q.id).not.toBe(p.id);
    expect(q.outputs.value).toBe(p.outputs.value);
    expect(q.inputs.x).toBe(p.inputs.x);
  });

  it('replaces nodes and rebuilds their consumers on the new inputs', async () => {
    const p = trace('p', { x: float(3) }, ({ x }) => o.sum(o.mul(o.exp(x), 2)));
    const q = rewriteProgram(p, 'q', (node, inputs) => (node.op === 'exp' ? o.square(inputs[0] as Value) : undefined));
    expect(q.nodes.some((n) => n.op === 'exp')).toBe(false);
    expect(q.nodes.some((n) => n.op === 'square')).toBe(true);
    expect(p.nodes.some((n) => n.op === 'exp')).toBe(true); // the original is untouched
    const backend = await createReferenceBackend();
    const out = await backend.run(q, { x: { shape: [3], data: [1, 2, 3] } });
    expect(out.value?.data[0]).toBe(2 * (1 + 4 + 9));
  });
});

describe('expandComposites', () => {
  const rows = 3;
  const cols = 4;
  const logits = [0.5, -1.2, 3.1, 0, 2, 2, 2, 2, -40, 10, 0.1, -0.3];
  const labels = [0.1, 0.2, 0.3, 0.4, 1, 0, 0, 0, 0, 0.5, 0.5, 0];

  // Independent values in plain JS.
  const row = (a: number[], i: number): number[] => a.slice(i * cols, (i + 1) * cols);
  const lse = (r: number[]): number => {
    const m = Math.max(...r);
    return m + Math.log(r.reduce((s, v) => s + Math.exp(v - m), 0));
  };
  const expected = {
    logSoftmax: logits.map((v, k) => v - lse(row(logits, Math.floor(k / cols)))),
    softmax: logits.map((v, k) => Math.exp(v - lse(row(logits, Math.floor(k / cols))))),
    logSumExp: [0, 1, 2].map((i) => lse(row(logits, i))),
    sigmoidCE: logits.map((x, k) => {
      const z = labels[k] as number;
      return -(z * Math.log(1 / (1 + Math.exp(-x))) + (1 - z) * Math.log(1 - 1 / (1 + Math.exp(-x))));
    }),
    softmaxCE: [0, 1, 2].map((i) => -row(labels, i).reduce((s, t, j) => s + t * ((row(logits, i)[j] as number) - lse(row(logits, i))), 0)),
  };

  const program = trace('composites', { l: float(rows, cols), z: float(rows, cols) }, ({ l, z }) => ({
    logSoftmax: logSoftmax(z),
    softmax: softmax(z),
    logSumExp: logSumExp(z, 1),
    sigmoidCE: sigmoidCrossEntropyWithLogits(l, z),
    softmaxCE: softmaxCrossEntropyWithLogits(l, z),
  }));

  it('removes every composite op', () => {
    const e = expandComposites(program);
    for (const n of e.nodes) expect((COMPOSITE_OPS as readonly string[]).includes(n.op)).toBe(false);
    expect(expandComposites(trace('plain', { x: float(2) }, ({ x }) => o.exp(x)))).toBeDefined();
  });

  it('keeps the composites `keep` accepts', () => {
    const e = expandComposites(program, (n) => n.op === 'logSumExp');
    const ops = new Set(e.nodes.map((n) => n.op));
    expect(ops.has('logSumExp')).toBe(true);
    expect(ops.has('softmax')).toBe(false);
  });

  it('gives the same numbers as the composites, and both match plain JS', async () => {
    const backend = await createReferenceBackend();
    const inputs = { l: { shape: [rows, cols], data: labels }, z: { shape: [rows, cols], data: logits } };
    const direct = await backend.run(program, inputs);
    const expanded = await backend.run(expandComposites(program), inputs);
    for (const [k, want] of Object.entries(expected)) {
      const a = Array.from((direct[k] as HostTensor).data);
      const b = Array.from((expanded[k] as HostTensor).data);
      expect(a.length, k).toBe(want.length);
      want.forEach((w, i) => {
        expect(a[i], `${k}[${i}]`).toBeCloseTo(w, 12);
        expect(b[i], `${k}[${i}] expanded`).toBeCloseTo(w, 12);
      });
    }
  });

  it('stays finite for logits of ±1e4', async () => {
    const backend = await createReferenceBackend();
    const big = [1e4, -1e4, 0, 1e4, -1e4, -1e4, -1e4, -1e4, 1e4, 1e4, 1e4, 1e4];
    const out = await backend.run(expandComposites(program), { l: { shape: [rows, cols], data: labels }, z: { shape: [rows, cols], data: big } });
    for (const t of Object.values(out)) for (const v of t.data) expect(Number.isFinite(v)).toBe(true);
    // sigmoid CE at x = 1e4, z = 0.1: max(x,0) − x·z + log1p(e^{−|x|}) = 1e4·0.9.
    expect(out.sigmoidCE?.data[0]).toBeCloseTo(9000, 9);
    // logSumExp of [-1e4 ×4] = -1e4 + log 4.
    expect(out.logSumExp?.data[1]).toBeCloseTo(-1e4 + Math.log(4), 9);
  });
});
