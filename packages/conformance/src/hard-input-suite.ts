import { type FloatDType, type HostTensor, losses, ops, trace } from '@losskit/core';
import { expectFinite, expectTensorClose } from './assertions.js';
import { floatTensor, intTensor } from './random.js';
import { DTYPES, type SuiteContext, testIn, testName } from './suite-context.js';
import { TOLERANCES, toleranceFor } from './tolerances.js';

/** A float constant as a backend computing in `dtype` holds it. */
const inDType = (dtype: FloatDType, x: number): number => (dtype === 'float32' ? Math.fround(x) : x);

/**
 * Residuals of 1/8, −3/8, 5/8, −7/8: their squares (1, 9, 25, 49)/64 are exact in float32, so
 * the mean squared error is 84/256 = 0.328125 exactly, in closed form. Summed one element at a
 * time in float32, the running total passes 2^18, where float32's spacing (1/32) exceeds half the
 * smallest square: a naive float32 sum of the million squares is 1% low.
 */
const PATTERN = [1 / 8, -3 / 8, 5 / 8, -7 / 8];
const PATTERN_MSE = 84 / 256;
/** Large enough to cancel most of every value's bits, small enough that big ± 7/8 is exact in the dtype. */
const BIG: Readonly<Record<FloatDType, number>> = { float64: 1e8, float32: 65536 };

/**
 * Numerically hard inputs: logits of ±1e4, probabilities of exactly 0 and 1, and a million-
 * element mean that cancels. Exact answers are known in closed form.
 */
export function registerHardInputSuite(s: SuiteContext): void {
  s.group(testName(s, 'hard inputs'), () => {
    for (const d of DTYPES) {
      testIn(s, testName(s, 'binaryCrossEntropy', 'fromLogits', 'logits of ±1e4', d), d, async (backend) => {
        // max(x, 0) − x·t + log(1 + e^{−|x|}): logit 1e4 with label 0 costs exactly 1e4
        const { value, grad } = await backend.valueAndGrad(losses.binaryCrossEntropy({ fromLogits: true, reduction: 'none' }), {
          predictions: floatTensor(d, [4], [1e4, -1e4, 1e4, -1e4]), targets: floatTensor(d, [4], [0, 1, 1, 0]),
        });
        expectTensorClose(value, [1e4, 1e4, 0, 0], TOLERANCES[d]);
        // σ(x) − t
        expectTensorClose(grad, [1, -1, 0, 0], TOLERANCES[d], 'gradient');
      });

      testIn(s, testName(s, 'sparseCategoricalCrossEntropy', 'fromLogits', 'logits of ±1e4', d), d, async (backend) => {
        const { value, grad } = await backend.valueAndGrad(losses.sparseCategoricalCrossEntropy({ fromLogits: true, reduction: 'none' }), {
          predictions: floatTensor(d, [2, 3], [1e4, 0, -1e4, 1e4, 0, -1e4]), targets: intTensor([2], [2, 0]),
        });
        // logSumExp = 1e4 (+ e^{−1e4}): −log p₂ = 1e4 − (−1e4), −log p₀ = 0
        expectTensorClose(value, [2e4, 0], TOLERANCES[d]);
        // softmax − one-hot
        expectTensorClose(grad, [1, 0, -1, 0, 0, 0], TOLERANCES[d], 'gradient');
      });

      testIn(s, testName(s, 'categoricalCrossEntropy', 'fromLogits', 'logits of ±1e4', d), d, async (backend) => {
        const { value, grad } = await backend.valueAndGrad(losses.categoricalCrossEntropy({ fromLogits: true, reduction: 'none' }), {
          predictions: floatTensor(d, [1, 3], [1e4, 0, -1e4]), targets: floatTensor(d, [1, 3], [0, 0.5, 0.5]),
        });
        // −(½·log p₁ + ½·log p₂) = ½·1e4 + ½·2e4
        expectTensorClose(value, [1.5e4], TOLERANCES[d]);
        // softmax·Σt − t
        expectTensorClose(grad, [1, -0.5, -0.5], TOLERANCES[d], 'gradient');
      });

      testIn(s, testName(s, 'binaryFocal', 'fromLogits', 'logits of ±1e4', d), d, async (backend) => {
        const inputs = { predictions: floatTensor(d, [4], [1e4, -1e4, 1e4, -1e4]), targets: floatTensor(d, [4], [0, 1, 1, 0]) };
        // torchvision (exact): a certain wrong answer has focal factor 1 and costs 1e4; its gradient → σ(x) − t
        const exact = await backend.valueAndGrad(losses.binaryFocal({ fromLogits: true, epsilon: 0, reduction: 'none' }), inputs);
        expectTensorClose(exact.value, [1e4, 1e4, 0, 0], TOLERANCES[d]);
        expectTensorClose(exact.grad, [1, -1, 0, 0], TOLERANCES[d], 'gradient');
        // Keras: the sigmoid's output clipped to [ε, 1 − ε] in the input's precision
        const keras = await backend.valueAndGrad(losses.binaryFocal({ fromLogits: true, reduction: 'none' }), inputs);
        expectTensorClose(keras.value, [-Math.log(1 - inDType(d, 1 - 1e-7)), -Math.log(inDType(d, 1e-7)), 0, 0], toleranceFor(d, 'binaryFocal'));
        expectFinite(keras.grad, 'gradient');
      });

      testIn(s, testName(s, 'categoricalFocal', 'fromLogits', 'logits of ±1e4', d), d, async (backend) => {
        const inputs = { predictions: floatTensor(d, [1, 3], [1e4, 0, -1e4]), targets: floatTensor(d, [1, 3], [0, 0, 1]) };
        const exact = await backend.valueAndGrad(losses.categoricalFocal({ fromLogits: true, epsilon: 0, reduction: 'none' }), inputs);
        // α·(1 − p₂)^γ·(−log p₂) with p₂ = e^{−2e4}: 0.25·2e4
        expectTensorClose(exact.value, [5e3], TOLERANCES[d]);
        expectFinite(exact.grad, 'gradient');
        const keras = await backend.valueAndGrad(losses.categoricalFocal({ fromLogits: true, reduction: 'none' }), inputs);
        expectFinite(keras.value, 'value');
        expectFinite(keras.grad, 'gradient');
      });

      testIn(s, testName(s, 'softMargin', 'margins of ±1e4', d), d, async (backend) => {
        const { value, grad } = await backend.valueAndGrad(losses.softMargin({ reduction: 'none' }), {
          predictions: floatTensor(d, [2], [1e4, -1e4]), targets: floatTensor(d, [2], [-1, -1]),
        });
        expectTensorClose(value, [1e4, 0], TOLERANCES[d]);
        expectTensorClose(grad, [1, 0], TOLERANCES[d], 'gradient');
      });

      testIn(s, testName(s, 'klDivergence', 'probabilities of exactly 0 and 1', d), d, async (backend) => {
        const inputs = { predictions: floatTensor(d, [1, 3], [0, 1, 0]), targets: floatTensor(d, [1, 3], [0, 1, 0]) };
        // unclipped, 0·log 0 = 0 (PyTorch's xlogy): KL of a distribution with itself is 0, with a finite gradient
        const exact = await backend.valueAndGrad(losses.klDivergence({ epsilon: 0, reduction: 'none' }), inputs);
        expectTensorClose(exact.value, [0], TOLERANCES[d]);
        expectFinite(exact.grad, 'gradient');
        const keras = await backend.valueAndGrad(losses.klDivergence({ reduction: 'none' }), inputs);
        expectTensorClose(keras.value, [0], TOLERANCES[d]);
        expectFinite(keras.grad, 'gradient');
      });

      testIn(s, testName(s, 'binaryCrossEntropy', 'probabilities of exactly 0 and 1', d), d, async (backend) => {
        const inputs = { predictions: floatTensor(d, [4], [0, 1, 0, 1]), targets: floatTensor(d, [4], [1, 0, 0, 1]) };
        // Keras clips to [ε, 1 − ε] with both bounds in the input's precision (in float32,
        // 1 − 1e-7 is 1 − 1.19e-7): a certain wrong answer costs −log ε and −log(1 − (1 − ε)).
        const lo = inDType(d, 1e-7);
        const hi = inDType(d, 1 - 1e-7);
        const keras = await backend.valueAndGrad(losses.binaryCrossEntropy({ reduction: 'none' }), inputs);
        expectTensorClose(keras.value, [-Math.log(lo), -Math.log(1 - hi), -Math.log(1 - lo), -Math.log(hi)], toleranceFor(d, 'binaryCrossEntropy'));
        expectFinite(keras.grad, 'gradient');
        // PyTorch's BCELoss: no clipping, each log clamped at −100
        const torch = await backend.valueAndGrad(losses.binaryCrossEntropy({ epsilon: 0, logFloor: -100, reduction: 'none' }), inputs);
        expectTensorClose(torch.value, [100, 100, 0, 0], TOLERANCES[d]);
        expectFinite(torch.grad, 'gradient');
      });

      testIn(s, testName(s, 'categoricalCrossEntropy', 'probabilities of exactly 0 and 1', d), d, async (backend) => {
        const inputs = { predictions: floatTensor(d, [2, 3], [1, 0, 0, 0, 1, 0]), targets: floatTensor(d, [2, 3], [0, 1, 0, 0, 1, 0]) };
        const clipped = await backend.valueAndGrad(losses.categoricalCrossEntropy({ reduction: 'none' }), inputs);
        expectTensorClose(clipped.value, [-Math.log(inDType(d, 1e-7)), -Math.log(inDType(d, 1 - 1e-7))], toleranceFor(d, 'categoricalCrossEntropy'));
        expectFinite(clipped.grad, 'gradient');
        // Unclipped, 0·log 0 counts 0 (xlogy): the right row costs exactly 0, the wrong one +∞
        const exact = await backend.evaluate(losses.categoricalCrossEntropy({ epsilon: 0, reduction: 'none' }), inputs);
        expectTensorClose(exact, [Number.POSITIVE_INFINITY, 0], TOLERANCES[d]);
      });

      testIn(s, testName(s, 'ctc', 'sixty frames in log space', d), d, async (backend, oracle) => {
        // Over 60 frames the path probabilities fall to e^{-90}: below float32's range as
        // probabilities, fine as log-probabilities. Scores from a fixed linear congruence.
        const [n, frames, classes, labels] = [2, 60, 6, 12];
        let x = 3;
        const next = (): number => (x = (x * 16807) % 2147483647) / 2147483647;
        const inputs = {
          predictions: floatTensor(d, [n, frames, classes], Array.from({ length: n * frames * classes }, () => next() * 8 - 4)),
          targets: intTensor([n, labels], Array.from({ length: n * labels }, () => 1 + Math.floor(next() * (classes - 1)))),
        };
        const loss = losses.ctc({ fromLogits: true, reduction: 'none' });
        const { value, grad } = await backend.valueAndGrad(loss, inputs);
        expectTensorClose(value, await oracle.evaluate(loss, inputs), toleranceFor(d, 'ctc'));
        expectFinite(grad, 'gradient');
        // a softmax ignores a shift of its logits: each frame's gradient sums to 0 over the classes
        const rowSums = Array.from({ length: n * frames }, (_, r) => Array.from(grad.data.slice(r * classes, (r + 1) * classes)).reduce((a, b) => a + b, 0));
        expectTensorClose(floatTensor('float64', [n * frames], rowSums), new Array<number>(n * frames).fill(0), { rtol: 0, atol: d === 'float32' ? 1e-5 : 1e-12 }, 'gradient sums over the classes');
      });

      testIn(s, testName(s, 'mse', 'a million-element mean that cancels', d), d, async (backend) => {
        const n = 1_000_000;
        const big = BIG[d];
        const targets = new Float64Array(n).fill(big);
        const predictions = Float64Array.from({ length: n }, (_, i) => big + (PATTERN[i % 4] as number));
        const inputs = { predictions: floatTensor(d, [n], predictions), targets: floatTensor(d, [n], targets) };
        expectTensorClose(await backend.evaluate(losses.mse(), inputs), [PATTERN_MSE], TOLERANCES[d], 'mean');
        expectTensorClose(await backend.evaluate(losses.mse({ reduction: 'sum' }), inputs), [PATTERN_MSE * n], TOLERANCES[d], 'sum');
      }, 30_000);

      testIn(s, testName(s, 'op', 'mean', 'a million values of ±big that cancel', d), d, async (backend) => {
        const n = 1_000_000;
        // half near +big, half near −big, plus small parts whose mean is 0.25·1.5 exactly
        const big = d === 'float64' ? 1e8 : 4096;
        const values = Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? big : -big) + 0.25 * (i % 4));
        const out = await backend.run(trace('mean', { x: { shape: [n], dtype: 'float' } }, ({ x }) => ops.mean(x)), { x: floatTensor(d, [n], values) });
        // float64: a compensated or pairwise sum is exact here. float32: a pairwise sum's error
        // stays within ε·log₂n·Σ|x| (about 1e-5 of big, relative to the mean); a single running
        // total's grows with n and does not.
        const tol = d === 'float64' ? TOLERANCES.float64 : { rtol: 0, atol: 1e-5 * big };
        expectTensorClose(out.value as HostTensor, [0.375], tol, 'mean');
      }, 30_000);

      testIn(s, testName(s, 'logCosh', 'residuals of ±1e4', d), d, async (backend) => {
        // |r| + softplus(−2|r|) − log 2 never forms cosh r, which overflows float32 past |r| ≈ 89
        const { value, grad } = await backend.valueAndGrad(losses.logCosh({ reduction: 'none' }), {
          predictions: floatTensor(d, [3], [1e4, -1e4, 0]), targets: floatTensor(d, [3], [0, 0, 0]),
        });
        expectTensorClose(value, [1e4 - Math.LN2, 1e4 - Math.LN2, 0], TOLERANCES[d]);
        // tanh r
        expectTensorClose(grad, [1, -1, 0], TOLERANCES[d], 'gradient');
      });

      testIn(s, testName(s, 'cosineSimilarity', 'a zero vector', d), d, async (backend) => {
        // the norm is floored at ε = 1e-7 (Keras): cos = 0, and the gradient −t̂/ε is finite
        const { value, grad } = await backend.valueAndGrad(losses.cosineSimilarity({ reduction: 'none' }), {
          predictions: floatTensor(d, [1, 2], [0, 0]), targets: floatTensor(d, [1, 2], [3, 4]),
        });
        expectTensorClose(value, [0], TOLERANCES[d]);
        expectTensorClose(grad, [-0.6 / inDType(d, 1e-7), -0.8 / inDType(d, 1e-7)], TOLERANCES[d], 'gradient');
      });

      testIn(s, testName(s, 'gaussianNLL', 'a variance of 0', d), d, async (backend) => {
        // clamped to ε = 1e-6 (PyTorch): ½(log ε + r²/ε) with r = 1e-3, r² = ε
        const { value, grad } = await backend.valueAndGrad(losses.gaussianNLL({ reduction: 'none' }), {
          predictions: floatTensor(d, [1, 2], [1e-3, 0]), targets: floatTensor(d, [1], [0]),
        });
        const eps = inDType(d, 1e-6);
        const r = inDType(d, 1e-3);
        expectTensorClose(value, [0.5 * (Math.log(eps) + (r * r) / eps)], toleranceFor(d, 'gaussianNLL'));
        expectFinite(grad, 'gradient');
      });
    }
  });
}
