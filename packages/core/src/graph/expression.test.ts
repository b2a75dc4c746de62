import { describe, expect, it } from 'vitest';
import { expressionLoss } from '../losses/expression-loss.js';
import { createReferenceBackend } from '../reference/reference-backend.js';
import { codeOf } from '../__test__/helpers.js';
import { input } from './program.js';
import { parseExpression } from './expression.js';

const pred = { shape: [4], data: [2.5, 0, 2, 8] };
const target = { shape: [4], data: [3, -0.5, 2, 7] };

describe('expressions', () => {
  it('evaluates scikit-learn’s MSE example written as an expression: 0.375', async () => {
    const backend = await createReferenceBackend();
    const v = await backend.evaluate(expressionLoss('mean((pred - target) ^ 2)'), { predictions: pred, targets: target });
    expect(v.data[0]).toBe(0.375);
  });

  it('follows precedence: unary minus, ^ right-associative above * / above + −', async () => {
    const backend = await createReferenceBackend();
    const one = { shape: [1], data: [2] };
    const at = async (src: string): Promise<number> => (await backend.evaluate(expressionLoss(src), { predictions: one, targets: one })).data[0] as number;
    expect(await at('sum(1 + 2 * pred ^ 2 ^ 0.5 - 4 / 2)')).toBeCloseTo(1 + 2 * 2 ** (2 ** 0.5) - 2, 12);
    expect(await at('sum(-pred ^ 2)')).toBe(-4);
    expect(await at('sum((1 + pred) * 3)')).toBe(9);
    expect(await at('sum(maximum(pred, 5) + clip(pred, -1, 1.5) + pred ** 2)')).toBe(5 + 1.5 + 4);
  });

  // erf(1) = 0.8427007929497149, erf(0.5) = 0.5204998778130465 (A&S Table 7.1; mpmath, 40 digits)
  it('calls erf: sum(erf(pred − target)) at residuals 1 and −0.5', async () => {
    const backend = await createReferenceBackend();
    const v = await backend.evaluate(expressionLoss('sum(erf(pred - target))'), { predictions: { shape: [2], data: [3, 0] }, targets: { shape: [2], data: [2, 0.5] } });
    expect(v.data[0]).toBeCloseTo(0.8427007929497149 - 0.5204998778130465, 15);
  });

  it('differentiates like any loss: mean(|p − t|^1.5) has gradient 1.5·|r|^0.5·sign(r)/n', async () => {
    const backend = await createReferenceBackend();
    const { grad } = await backend.valueAndGrad(expressionLoss('mean(abs(pred - target) ^ 1.5)'), { predictions: pred, targets: target });
    const want = pred.data.map((p, i) => {
      const r = p - (target.data[i] as number);
      return r === 0 ? 0 : (1.5 * Math.sqrt(Math.abs(r)) * Math.sign(r)) / 4;
    });
    Array.from(grad.data).forEach((g, i) => expect(g).toBeCloseTo(want[i] as number, 12));
  });

  it('rejects bad expressions with BAD_PARAM naming the column', () => {
    const vars = { pred: input('pred', { shape: [2], dtype: 'float' }), target: input('target', { shape: [2], dtype: 'float' }) };
    for (const [src, message] of [
      ['mean(pred - ', /unexpected end/], ['mean(pred target)', /expected '\)' at column 11/], ['foo(pred)', /unknown function 'foo'/],
      ['pred + y', /unknown name 'y' \(variables: pred, target\) at column 8/], ['pred $ 2', /unexpected '\$' at column 6/], ['clip(pred, target, 1)', /lower bound must be a number/],
    ] as const) {
      expect(codeOf(() => parseExpression(src, vars))).toBe('BAD_PARAM');
      expect(() => parseExpression(src, vars)).toThrow(message);
    }
  });
});
