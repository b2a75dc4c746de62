import { describe, expect, it } from 'vitest';
import { LossKitError, fail } from './losskit-error.js';

describe('LossKitError', () => {
  it('carries a stable code, where, and a message that starts with where', () => {
    const e = new LossKitError('BAD_PARAM', 'delta must be > 0, got -1', { where: 'huber.delta' });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('LossKitError');
    expect(e.code).toBe('BAD_PARAM');
    expect(e.where).toBe('huber.delta');
    expect(e.message).toBe('huber.delta: delta must be > 0, got -1');
    const bare = new LossKitError('EMPTY', 'nothing');
    expect(bare.where).toBeUndefined();
    expect(bare.message).toBe('nothing');
  });

  it('keeps the cause', () => {
    const cause = new Error('root');
    expect(new LossKitError('BAD_FILE', 'x', { cause }).cause).toBe(cause);
  });

  it('isInstance recognises its own errors and nothing else', () => {
    expect(LossKitError.isInstance(new LossKitError('DTYPE', 'x'))).toBe(true);
    for (const other of [new Error('x'), { code: 'DTYPE' }, null, undefined, 'DTYPE', 42]) {
      expect(LossKitError.isInstance(other)).toBe(false);
    }
  });

  it('isInstance recognises an error from another copy of the package (same Symbol.for marker)', () => {
    // What a second bundled copy of @losskit/core would throw: another class, the same registry symbol.
    class OtherCopyError extends Error {
      readonly code = 'SHAPE_MISMATCH';
      constructor(message: string) {
        super(message);
        Object.defineProperty(this, Symbol.for('losskit.error'), { value: true });
      }
    }
    const foreign: unknown = new OtherCopyError('from elsewhere');
    expect(foreign instanceof LossKitError).toBe(false);
    expect(LossKitError.isInstance(foreign)).toBe(true);
    if (LossKitError.isInstance(foreign)) expect(foreign.code).toBe('SHAPE_MISMATCH');
    const plain: unknown = Object.assign(new Error('x'), { [Symbol.for('losskit.error')]: true, code: 'EMPTY' });
    expect(LossKitError.isInstance(plain)).toBe(true);
    // A symbol of the same description but not from the registry is not the marker.
    expect(LossKitError.isInstance({ [Symbol('losskit.error')]: true })).toBe(false);
  });

  it('fail throws a LossKitError with the code and where', () => {
    let caught: unknown;
    try {
      fail('LABEL_OUT_OF_RANGE', 'label 7 outside [0, 3)', 'targets');
    } catch (e) {
      caught = e;
    }
    expect(LossKitError.isInstance(caught)).toBe(true);
    if (LossKitError.isInstance(caught)) {
      expect(caught.code).toBe('LABEL_OUT_OF_RANGE');
      expect(caught.where).toBe('targets');
    }
    expect(() => fail('EMPTY', 'x')).toThrow(LossKitError);
  });
});
