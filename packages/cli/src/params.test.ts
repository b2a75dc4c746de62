import { describe, expect, it } from 'vitest';
import { parseParams } from './params.js';

describe('parseParams', () => {
  it('reads numbers, booleans, null, per-class vectors and strings', () => {
    expect(parseParams(['delta=0.5', 'fromLogits=true', 'ignoreIndex=null', 'classWeights=1, 2,0.5', 'targetEncoding=signed', 'label=a,b'])).toEqual({
      delta: 0.5, fromLogits: true, ignoreIndex: null, classWeights: [1, 2, 0.5], targetEncoding: 'signed', label: 'a,b',
    });
  });

  it('refuses a flag without key=value (BAD_PARAM)', () => {
    expect(() => parseParams(['delta'])).toThrow(expect.objectContaining({ code: 'BAD_PARAM' }));
  });
});
