import { describe, expect, it } from 'vitest';
import { type Value, isValue } from '../graph/node.js';
import { constant, zerosLike } from '../graph/ops.js';
import { input } from '../graph/program.js';
import { type StateTree, applyUpdates, chain, mapUpdates } from './transformation.js';
import { scale, scaleByAdam, scaleBySchedule, trace } from './transforms.js';
import { flattenTree, unflattenTree } from './tree.js';
import { codeOf } from '../__test__/helpers.js';

const w = input('w', { shape: [2], dtype: 'float' });
const g = input('g', { shape: [2], dtype: 'float' });

describe('chain', () => {
  const tx = chain(trace({ decay: 0.9 }), scale(-0.1));

  it('keeps one state per transform under keys 0..n−1, and names itself after them', () => {
    const s = tx.init({ w });
    expect(Object.keys(s)).toEqual(['0', '1']);
    expect(tx.name).toBe('chain(trace, scale)');
    const r = tx.update({ w: g }, s, { w });
    expect(Object.keys(r.state)).toEqual(['0', '1']);
    expect(Object.keys(r.updates)).toEqual(['w']);
  });

  it('raises BAD_STATE for a state that is a tensor, misses a key, or has extra keys', () => {
    const good = tx.init({ w });
    expect(codeOf(() => tx.update({ w: g }, zerosLike(w) as unknown as Record<string, StateTree>, { w }))).toBe('BAD_STATE');
    expect(codeOf(() => tx.update({ w: g }, { 0: good['0'] as StateTree }, { w }))).toBe('BAD_STATE');
    expect(codeOf(() => tx.update({ w: g }, { ...good, 2: {} }, { w }))).toBe('BAD_STATE');
    expect(codeOf(() => tx.update({ w: g }, { 0: good['0'] as StateTree, x: {} }, { w }))).toBe('BAD_STATE');
  });

  it('passes malformed inner states to the transforms, which raise BAD_STATE', () => {
    const adam = chain(scaleByAdam());
    const s = adam.init({ w }) as Record<string, Record<string, StateTree>>;
    const inner = s['0'] as Record<string, StateTree>;
    expect(codeOf(() => adam.update({ w: g }, { 0: { ...inner, mu: zerosLike(w) } }, { w }))).toBe('BAD_STATE');
    expect(codeOf(() => adam.update({ w: g }, { 0: { mu: inner.mu as StateTree, nu: inner.nu as StateTree } }, { w }))).toBe('BAD_STATE');
    expect(codeOf(() => adam.update({ w: g }, { 0: zerosLike(w) }, { w }))).toBe('BAD_STATE');
    const sched = chain(scaleBySchedule(() => constant(1)));
    expect(codeOf(() => sched.update({ w: g }, { 0: { count: { nested: constant(0, 'int') } } }, { w }))).toBe('BAD_STATE');
  });

  it('an empty chain is the identity', () => {
    const id = chain();
    const r = id.update({ w: g }, id.init({ w }), { w });
    expect(r.updates.w).toBe(g);
  });
});

describe('applyUpdates and mapUpdates', () => {
  it('adds updates per parameter, raising BAD_STATE for a missing one', () => {
    const out = applyUpdates({ w }, { w: g });
    expect(out.w?.op).toBe('add');
    expect(codeOf(() => applyUpdates({ w }, {}))).toBe('BAD_STATE');
  });

  it('maps over names', () => {
    const seen: string[] = [];
    mapUpdates({ a: w, b: g }, (u, k) => {
      seen.push(k);
      return u;
    });
    expect(seen).toEqual(['a', 'b']);
  });
});

describe('trees', () => {
  it('flatten with sorted "/"-joined paths and unflatten back', () => {
    const a = constant(1);
    const b = constant(2);
    const c = constant(3);
    const tree = { z: a, a: { y: b, x: { k: c } } };
    const flat = flattenTree<Value>(tree, isValue);
    expect([...flat.keys()]).toEqual(['a/x/k', 'a/y', 'z']);
    const back = unflattenTree(tree, isValue, new Map([...flat].map(([k, v]) => [k, v.id])));
    expect(back).toEqual({ a: { x: { k: c.id }, y: b.id }, z: a.id });
  });

  it('raise BAD_STATE for a missing leaf or a non-record, BAD_PARAM for a "/" in a name', () => {
    const a = constant(1);
    expect(codeOf(() => unflattenTree({ a }, isValue, new Map()))).toBe('BAD_STATE');
    expect(codeOf(() => flattenTree({ a: 3 } as unknown as StateTree, isValue))).toBe('BAD_STATE');
    expect(codeOf(() => flattenTree({ 'a/b': a }, isValue))).toBe('BAD_PARAM');
  });
});
