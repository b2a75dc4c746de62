import { describe, expect, it } from 'vitest';
import { codeOf, expectClose } from '../__test__/helpers.js';
import { steps } from '../__test__/optim-harness.js';
import { exponentialDecay } from '../schedules/decay.js';
import { OPTIMIZER_PRESETS, compat } from './index.js';

// Golden trajectories for one scalar parameter, hand-derived from each framework's documented
// update rule (sources per block; the formulas are collected in docs/research/optimizer-semantics.md).
// `run` returns w after each step from w0 and a fixed gradient sequence.
const run = (tx: ReturnType<typeof compat.optimizer>, w0: number, grads: readonly number[]) => steps(tx, [w0], grads.map((g) => [g])).then((r) => r.map((w) => w[0] as number));

describe('compat.optimizer — Adam where the frameworks disagree', () => {
  // The same gradients B = [0.3, −1.7, 2.2, 0.05, −0.4], lr 0.1, betas (0.9, 0.999), each framework's ε.
  // docs/research/optimizer-semantics.md §8.2 (float64 from the documented rules).
  const B = [0.3, -1.7, 2.2, 0.05, -0.4];
  it('PyTorch Adam (ε on the corrected root, 1e-8) and Keras Adam (ε on the uncorrected root, 1e-7)', async () => {
    expectClose(await run(compat.optimizer('torch', 'Adam', { lr: 0.1 }), 0, B), [-0.0999999967, -0.0383565013, -0.0592171022, -0.0773417156, -0.0847745799], 9);
    expectClose(await run(compat.optimizer('keras', 'Adam', { learning_rate: 0.1 }), 0, B), [-0.0999989459, -0.038355563, -0.0592161404, -0.0773407334, -0.0847735895], 9);
  });

  it('a large ε separates PyTorch, Keras and ONNX (T from 0 and from 1) from the first step', async () => {
    // https://pytorch.org/docs/stable/generated/torch.optim.Adam.html: m̂ = g, v̂ = g² at t = 1, p −= lr·m̂/(√v̂ + ε).
    const torch = await run(compat.optimizer('torch', 'Adam', { lr: 0.1, eps: 1e-3 }), 0, [1, -0.5]);
    const t1 = -0.1 * 1 / (1 + 1e-3);
    // t = 2: m = 0.09 − 0.05 = 0.04, v = 0.000999 + 0.00025 = 0.001249.
    const t2 = t1 - 0.1 * (0.04 / (1 - 0.81)) / (Math.sqrt(0.001249 / (1 - 0.998001)) + 1e-3);
    expectClose(torch, [t1, t2], 12);
    // keras/src/optimizers/adam.py: α = lr·√(1 − β2ᵗ)/(1 − β1ᵗ), p −= α·m/(√v + ε).
    const keras = await run(compat.optimizer('keras', 'Adam', { learning_rate: 0.1, epsilon: 1e-3 }), 0, [1, -0.5]);
    const k1 = -(0.1 * Math.sqrt(0.001) / 0.1) * 0.1 / (Math.sqrt(0.001) + 1e-3);
    const k2 = k1 - (0.1 * Math.sqrt(1 - 0.998001) / (1 - 0.81)) * 0.04 / (Math.sqrt(0.001249) + 1e-3);
    expectClose(keras, [k1, k2], 12);
    // ONNX Adam (onnx/defs/training/defs.cc): R_adj = R at T = 0, R·√(1 − βᵀ)/(1 − αᵀ) after.
    const onnx0 = await run(compat.optimizer('onnx', 'Adam', { R: 0.1, epsilon: 1e-3 }), 0, [1, -0.5]);
    const o1 = -0.1 * 0.1 / (Math.sqrt(0.001) + 1e-3);
    const o2 = o1 - (0.1 * Math.sqrt(0.001) / 0.1) * 0.04 / (Math.sqrt(0.001249) + 1e-3);
    expectClose(onnx0, [o1, o2], 12);
    expect(Math.abs(o1 - k1)).toBeGreaterThan(0.2);
    // With T = 1 on the first step ONNX is Keras's rule.
    expectClose(await run(compat.optimizer('onnx', 'Adam', { R: 0.1, epsilon: 1e-3, T: 1 }), 0, [1, -0.5]), keras, 12);
    expect(Math.abs(t1 - k1)).toBeGreaterThan(1e-3);
  });

  it('coupled weight_decay (torch Adam) vs decoupled lr·wd (torch AdamW, Keras AdamW) vs ONNX norm_coefficient_post', async () => {
    // Zero gradients, w0 = 1, lr 0.1, wd 0.1. Adam: g ← g + wd·p = 0.1, a step of ≈ lr: w1 = 1 − 0.1·0.1/(0.1 + 1e-8).
    const coupled = await run(compat.optimizer('torch', 'Adam', { lr: 0.1, weight_decay: 0.1 }), 1, [0]);
    expectClose(coupled, [1 - 0.1 * 0.1 / (0.1 + 1e-8)], 12);
    // AdamW: p ← p·(1 − lr·wd) and m = 0, so only the decay moves p: 0.99, 0.9801.
    expectClose(await run(compat.optimizer('torch', 'AdamW', { lr: 0.1, weight_decay: 0.1 }), 1, [0, 0]), [0.99, 0.9801], 12);
    expectClose(await run(compat.optimizer('torch', 'Adam', { lr: 0.1, weight_decay: 0.1, decoupled_weight_decay: true }), 1, [0, 0]), [0.99, 0.9801], 12);
    // Keras base optimizer: p ← p − p·wd·lr before the step (AdamW's default wd 0.004).
    expectClose(await run(compat.optimizer('keras', 'AdamW', { learning_rate: 0.1 }), 1, [0, 0]), [1 - 0.0004, (1 - 0.0004) ** 2], 12);
    // ONNX Adam: X_final = (1 − norm_coefficient_post)·X_new, not scaled by R.
    expectClose(await run(compat.optimizer('onnx', 'Adam', { R: 0.1, norm_coefficient_post: 0.1 }), 1, [0, 0]), [0.9, 0.81], 12);
  });

  it('Keras applies weight decay to p before the step, which Lamb then reads', async () => {
    // keras/src/optimizers/base_optimizer.py (_apply_weight_decay) then lamb.py: p' = 2 − 2·0.1·0.1 = 1.98;
    // the trust ratio ‖p'‖/‖r‖ makes the step lr·|p'|, so w1 = 1.98·(1 − 0.1).
    expectClose(await run(compat.optimizer('keras', 'Lamb', { learning_rate: 0.1, weight_decay: 0.1 }), 2, [1]), [1.98 * 0.9], 12);
  });

  it('AMSGrad: PyTorch maxes the raw v, optax the corrected v̂', async () => {
    // v1 = 0.001, v2 = 0.000999 + 1e-7 < v1; m2 = 0.091.
    const mHat = 0.091 / 0.19;
    const torch = await run(compat.optimizer('torch', 'Adam', { lr: 0.1, amsgrad: true }), 0, [1, 0.01]);
    expectClose(torch, [-0.1 / (1 + 1e-8), -0.1 / (1 + 1e-8) - 0.1 * mHat / (Math.sqrt(0.001) / Math.sqrt(1 - 0.998001) + 1e-8)], 12);
    // optax scale_by_amsgrad: ν̂1 = 1 > ν̂2 = 0.0009991/0.001999, so the root is 1.
    const optax = await run(compat.optimizer('optax', 'amsgrad', { learning_rate: 0.1 }), 0, [1, 0.01]);
    expectClose(optax, [-0.1 / (1 + 1e-8), -0.1 / (1 + 1e-8) - 0.1 * mHat / (1 + 1e-8)], 12);
  });
});

describe('compat.optimizer — RMSprop, Adagrad, Adamax', () => {
  it('RMSprop: PyTorch alpha 0.99 with ε outside the root, Keras rho 0.9 with ε inside', async () => {
    // torch.optim.RMSprop docs: v = α·v + (1 − α)g², p −= lr·g/(√v + ε); defaults lr 1e-2, α 0.99, ε 1e-8.
    const torch = await run(compat.optimizer('torch', 'RMSprop'), 0, [1, 1]);
    expectClose(torch, [-0.01 / (Math.sqrt(0.01) + 1e-8), -0.01 / (Math.sqrt(0.01) + 1e-8) - 0.01 / (Math.sqrt(0.0199) + 1e-8)], 12);
    // keras/src/optimizers/rmsprop.py: defaults lr 1e-3, ρ 0.9, ε 1e-7 inside: p −= lr·g/√(v + ε).
    const keras = await run(compat.optimizer('keras', 'RMSprop'), 0, [1, 1]);
    expectClose(keras, [-0.001 / Math.sqrt(0.1 + 1e-7), -0.001 / Math.sqrt(0.1 + 1e-7) - 0.001 / Math.sqrt(0.19 + 1e-7)], 12);
    // The same ρ and ε: only the placement differs.
    const [t] = await run(compat.optimizer('torch', 'RMSprop', { lr: 0.01, alpha: 0.9, eps: 0.01 }), 0, [1]);
    const [k] = await run(compat.optimizer('keras', 'RMSprop', { learning_rate: 0.01, rho: 0.9, epsilon: 0.01 }), 0, [1]);
    expect(t).toBeCloseTo(-0.01 / (Math.sqrt(0.1) + 0.01), 12);
    expect(k).toBeCloseTo(-0.01 / Math.sqrt(0.11), 12);
  });

  it('centred RMSprop: tfjs subtracts ε under the root, Keras adds it', async () => {
    // ms = 0.1, mg = 0.1 after g = 1: tfjs √(0.1 − (0.01 + 0.01)), Keras √(0.1 − 0.01 + 0.01).
    const [tfjs] = await run(compat.optimizer('tfjs', 'rmsprop', { learningRate: 0.01, epsilon: 0.01, centered: true }), 0, [1]);
    const [keras] = await run(compat.optimizer('keras', 'RMSprop', { learning_rate: 0.01, epsilon: 0.01, centered: true }), 0, [1]);
    expect(tfjs).toBeCloseTo(-0.01 / Math.sqrt(0.08), 12);
    expect(keras).toBeCloseTo(-0.01 / Math.sqrt(0.1), 12);
    // Executed tfjs 4.22 (docs/research/optimizer-semantics.md §8.1): rmsprop(0.01, 0.9, 0, 1e-7, true) on [1, −0.5, 2].
    expectClose(await run(compat.optimizer('tfjs', 'rmsprop', { learningRate: 0.01, centered: true }), 0, [1, -0.5, 2]), [-0.03333335, -0.0184854977, -0.048372753], 7);
  });

  it('Adagrad: accumulator 0 and ε outside (PyTorch, ONNX) vs 0.1 and ε inside (Keras, tfjs)', async () => {
    // torch.optim.Adagrad docs: sum += g², p −= clr·g/(√sum + ε), clr = lr/(1 + (t − 1)·lr_decay).
    expectClose(await run(compat.optimizer('torch', 'Adagrad', { lr: 0.1 }), 0, [1, 1]), [-0.1 / (1 + 1e-10), -0.1 / (1 + 1e-10) - 0.1 / (Math.SQRT2 + 1e-10)], 12);
    // keras/src/optimizers/adagrad.py: acc from 0.1, p −= lr·g/√(acc + ε).
    expectClose(await run(compat.optimizer('keras', 'Adagrad', { learning_rate: 0.1 }), 0, [1, 1]), [-0.1 / Math.sqrt(1.1 + 1e-7), -0.1 / Math.sqrt(1.1 + 1e-7) - 0.1 / Math.sqrt(2.1 + 1e-7)], 12);
    // ONNX Adagrad: r = R/(1 + T·decay_factor), H from 0, ε 1e-6 outside; T = 0, 1.
    const onnx = await run(compat.optimizer('onnx', 'Adagrad', { R: 0.1, decay_factor: 0.5 }), 0, [1, 1]);
    expectClose(onnx, [-0.1 / (1 + 1e-6), -0.1 / (1 + 1e-6) - (0.1 / 1.5) / (Math.SQRT2 + 1e-6)], 12);
    const torchDecay = await run(compat.optimizer('torch', 'Adagrad', { lr: 0.1, lr_decay: 0.5, eps: 1e-6 }), 0, [1, 1]);
    expectClose(torchDecay, onnx, 14);
    // Executed tfjs 4.22 (§8.1): adagrad(0.1) on [1, −0.5, 2].
    expectClose(await run(compat.optimizer('tfjs', 'adagrad', { learningRate: 0.1 }), 0, [1, -0.5, 2]), [-0.0953462571, -0.052313108, -0.138780653], 7);
  });

  it('Adamax: ε inside the max (PyTorch) vs added to it (Keras, tfjs)', async () => {
    // g = [1, 0.5], lr 0.1, ε 0.1. t = 2: m = 0.14, m̂ = 0.14/0.19.
    const mHat = 0.14 / 0.19;
    // torch.optim.Adamax docs: u = max(β2·u, |g| + ε) = max(1.0989, 0.6); p −= lr·m̂/u.
    expectClose(await run(compat.optimizer('torch', 'Adamax', { lr: 0.1, eps: 0.1 }), 0, [1, 0.5]), [-0.1 / 1.1, -0.1 / 1.1 - 0.1 * mHat / (0.999 * 1.1)], 12);
    // keras/src/optimizers/adamax.py: u = max(β2·u, |g|) = 0.999; p −= lr·m̂/(u + ε).
    const keras = await run(compat.optimizer('keras', 'Adamax', { learning_rate: 0.1, epsilon: 0.1 }), 0, [1, 0.5]);
    expectClose(keras, [-0.1 / 1.1, -0.1 / 1.1 - 0.1 * mHat / (0.999 + 0.1)], 12);
    expectClose(await run(compat.optimizer('tfjs', 'adamax', { learningRate: 0.1, epsilon: 0.1 }), 0, [1, 0.5]), keras, 14);
    // tfjs's decay: lr/(1 + iteration·decay). Executed tfjs 4.22 (§8.1): adamax(0.1, 0.9, 0.999, ε, 0.1) on [1, −0.5, 2].
    expectClose(await run(compat.optimizer('tfjs', 'adamax', { learningRate: 0.1, decay: 0.1 }), 0, [1, -0.5, 2]), [-0.0999999642, -0.119157866, -0.155443221], 7);
  });
});

describe('compat.optimizer — momentum, Adadelta, optax', () => {
  it('SGD momentum: PyTorch dampening from step 2, ONNX beta from T > 0, Keras lr inside the velocity', async () => {
    // torch.optim.SGD docs: b1 = g; b ← μb + (1 − dampening)g; p −= lr·b. μ 0.9, dampening 0.5, g = 1:
    // b = 1, 1.4, 1.76 → w = −0.1, −0.24, −0.416.
    const torch = await run(compat.optimizer('torch', 'SGD', { lr: 0.1, momentum: 0.9, dampening: 0.5 }), 0, [1, 1, 1]);
    expectClose(torch, [-0.1, -0.24, -0.416], 12);
    // ONNX Momentum with T = 0 on the first step: V = αV + (T > 0 ? β : 1)·G — the same trajectory.
    expectClose(await run(compat.optimizer('onnx', 'Momentum', { R: 0.1, alpha: 0.9, beta: 0.5, mode: 'standard', norm_coefficient: 0 }), 0, [1, 1, 1]), torch, 12);
    // With T = 1 the first step is dampened too: V = 0.5, 0.95 → w = −0.05, −0.145.
    expectClose(await run(compat.optimizer('onnx', 'Momentum', { R: 0.1, alpha: 0.9, beta: 0.5, mode: 'standard', norm_coefficient: 0, T: 1 }), 0, [1, 1]), [-0.05, -0.145], 12);
    // Nesterov: X −= R·(G + α·V_new): V = 1, 1.9 → w = −0.19, −0.19 − 0.1·(1 + 1.71).
    expectClose(await run(compat.optimizer('onnx', 'Momentum', { R: 0.1, alpha: 0.9, beta: 1, mode: 'nesterov', norm_coefficient: 0 }), 0, [1, 1]), [-0.19, -0.19 - 0.271], 12);
    // A halving learning rate: Keras's velocity m ← 0.9m − lr·g holds the old lr (m = −0.1, −0.14);
    // PyTorch scales the whole buffer by the new lr (b = 1, 1.9 → −0.1 − 0.05·1.9).
    const halving = exponentialDecay({ initValue: 0.1, decayRate: 0.5, transitionSteps: 1 });
    expectClose(await run(compat.optimizer('keras', 'SGD', { learning_rate: halving, momentum: 0.9 }), 0, [1, 1]), [-0.1, -0.24], 12);
    expectClose(await run(compat.optimizer('torch', 'SGD', { lr: halving, momentum: 0.9 }), 0, [1, 1]), [-0.1, -0.195], 12);
  });

  it('Keras weight decay shrinks p by p·wd·lr before SGD', async () => {
    // w0 = 1, g = 1, lr 0.1, wd 0.5: p' = 0.95, w1 = 0.85; p'' = 0.85·0.95, w2 = p'' − 0.1.
    expectClose(await run(compat.optimizer('keras', 'SGD', { learning_rate: 0.1, weight_decay: 0.5 }), 1, [1, 1]), [0.85, 0.85 * 0.95 - 0.1], 12);
    // PyTorch's coupled weight_decay adds wd·p to the gradient: the same first step, then 0.85 − 0.1·(1 + 0.425).
    expectClose(await run(compat.optimizer('torch', 'SGD', { lr: 0.1, weight_decay: 0.5 }), 1, [1, 1]), [0.85, 0.85 - 0.1425], 12);
  });

  it('Adadelta: PyTorch/Keras use the new E[g²]; tfjs the previous one, which is plain SGD', async () => {
    // torch.optim.Adadelta docs: v = ρv + (1 − ρ)g²; Δ = √(u + ε)/√(v + ε)·g; u = ρu + (1 − ρ)Δ²; lr 1.
    const d1 = Math.sqrt(1e-6) / Math.sqrt(0.1 + 1e-6);
    const u1 = 0.1 * d1 * d1;
    const d2 = Math.sqrt(u1 + 1e-6) / Math.sqrt(0.19 + 1e-6);
    expectClose(await run(compat.optimizer('torch', 'Adadelta'), 0, [1, 1]), [-d1, -d1 - d2], 12);
    // Executed tfjs 4.22 (§8.1): adadelta(1.0, 0.95) on [1, −0.5, 2] gives −1, −0.5, −2.5.
    expectClose(await run(compat.optimizer('tfjs', 'adadelta', { learningRate: 1, rho: 0.95 }), 0, [1, -0.5, 2]), [-1, -0.5, -2.5], 12);
  });

  it('PyTorch Rprop and maximize', async () => {
    // torch.optim.Rprop docs, lr 0.1, grads [1, 1, 1, −1, 1]: steps 0.1, 0.12, 0.144, then the sign flips
    // (no move, the step shrinks to 0.072 and the gradient is zeroed), then 0.072 (§8.2).
    expectClose(await run(compat.optimizer('torch', 'Rprop', { lr: 0.1 }), 0, [1, 1, 1, -1, 1]), [-0.1, -0.22, -0.364, -0.364, -0.436], 12);
    // maximize negates the gradient first: an ascent step.
    expectClose(await run(compat.optimizer('torch', 'SGD', { lr: 0.1, maximize: true }), 0, [1]), [0.1], 12);
  });

  it('NAdam: PyTorch (ψ 4e-3) and Keras (ψ 1) schedule the momentum', async () => {
    // docs/research/optimizer-semantics.md §8.2 (float64 from torch nadam.py and keras nadam.py), sequence B, lr 0.1.
    const B = [0.3, -1.7, 2.2, 0.05, -0.4];
    expectClose(await run(compat.optimizer('torch', 'NAdam', { lr: 0.1 }), 0, B), [-0.105645174, -0.00383121318, -0.0888949555, -0.0938045301, -0.0774561698], 8);
    expectClose(await run(compat.optimizer('keras', 'Nadam', { learning_rate: 0.1 }), 0, B), [-0.106278745, -0.0069172542, -0.0866138391, -0.091876629, -0.0783089566], 8);
    // Step 1 by hand (torch.optim.NAdam docs): μ₁ = 0.9(1 − ½·0.96^0.004), μ₂ = 0.9(1 − ½·0.96^0.008),
    // m = 0.03, v = 0.00009, d = √(v/0.001) + ε = 0.3 + 1e-8.
    const mu1 = 0.9 * (1 - 0.5 * 0.96 ** 0.004);
    const mu2 = 0.9 * (1 - 0.5 * 0.96 ** 0.008);
    const d = 0.3 + 1e-8;
    const [first] = await run(compat.optimizer('torch', 'NAdam', { lr: 0.1 }), 0, [0.3]);
    expect(first).toBeCloseTo(-0.1 * ((1 - mu1) / (1 - mu1) * 0.3 / d + mu2 / (1 - mu1 * mu2) * 0.03 / d), 12);
  });

  it('PyTorch RAdam: SGD with momentum while ρₜ ≤ 5, then the rectified step with ε on the uncorrected √v', async () => {
    // §8.2: steps 1–5 are x −= lr·m̂ (sequence B, lr 0.1).
    const B = [0.3, -1.7, 2.2, 0.05, -0.4, 1];
    const w = await run(compat.optimizer('torch', 'RAdam', { lr: 0.1 }), 0, B);
    expectClose(w.slice(0, 5), [-0.03, 0.0452631579, 0.011573121, -0.0137743637, -0.0231643664], 9);
    // Step 6 by hand from torch.optim.RAdam's docs: ρ₆ = ρ∞ − 2·6·β2⁶/(1 − β2⁶) ≈ 5.99 > 5.
    let m = 0;
    let v = 0;
    for (const g of B) {
      m = 0.9 * m + 0.1 * g;
      v = 0.999 * v + 0.001 * g * g;
    }
    const rhoInf = 2 / 0.001 - 1;
    const rho6 = rhoInf - (2 * 6 * 0.999 ** 6) / (1 - 0.999 ** 6);
    const r = Math.sqrt(((rho6 - 4) * (rho6 - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho6));
    const step6 = 0.1 * (m / (1 - 0.9 ** 6)) * r * Math.sqrt(1 - 0.999 ** 6) / (Math.sqrt(v) + 1e-8);
    expect(w[5]).toBeCloseTo((w[4] as number) - step6, 12);
  });

  it('optax aliases: nadam with a constant b1 differs from PyTorch and Keras', async () => {
    // docs/research/optimizer-semantics.md §8.2, sequence B, lr 0.1 (optax scale_by_adam(nesterov=True)).
    expectClose(await run(compat.optimizer('optax', 'nadam', { learning_rate: 0.1 }), 0, [0.3, -1.7, 2.2, 0.05, -0.4]), [-0.147368416, -0.0351891211, -0.100250339, -0.114988638, -0.113103283], 8);
    // optax.sgd with momentum equals torch SGD (dampening 0): trace₀ = 0 so trace₁ = g.
    expectClose(await run(compat.optimizer('optax', 'sgd', { learning_rate: 0.1, momentum: 0.9 }), 0, [1, 1]), [-0.1, -0.29], 12);
    // optax.rmsprop: ε 1e-8 inside the root.
    expectClose(await run(compat.optimizer('optax', 'rmsprop', { learning_rate: 0.01 }), 0, [1]), [-0.01 / Math.sqrt(0.1 + 1e-8)], 12);
  });
});

describe('compat.optimizer — errors and listing', () => {
  it('unknown frameworks, names and arguments are BAD_PARAM errors listing what is accepted', () => {
    const message = (fn: () => unknown): string => {
      try {
        fn();
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    expect(codeOf(() => compat.optimizer('jax' as 'optax', 'adam'))).toBe('BAD_PARAM');
    expect(message(() => compat.optimizer('jax' as 'optax', 'adam'))).toContain('torch, keras, tfjs, onnx, optax');
    expect(codeOf(() => compat.optimizer('torch', 'Adamm'))).toBe('BAD_PARAM');
    expect(message(() => compat.optimizer('torch', 'Adamm'))).toContain('SGD, Adam, AdamW');
    expect(codeOf(() => compat.optimizer('keras', 'Adam', { lr: 0.1 }))).toBe('BAD_PARAM');
    expect(message(() => compat.optimizer('keras', 'Adam', { lr: 0.1 }))).toContain('learning_rate');
    // required arguments
    expect(message(() => compat.optimizer('tfjs', 'sgd'))).toContain("missing required argument 'learningRate'");
    expect(codeOf(() => compat.optimizer('onnx', 'Momentum', { R: 0.1, alpha: 0.9, beta: 1, mode: 'standard' }))).toBe('BAD_PARAM');
    expect(codeOf(() => compat.optimizer('optax', 'adam'))).toBe('BAD_PARAM');
  });

  it('values of the wrong kind, conflicting and unsupported arguments', () => {
    expect(codeOf(() => compat.optimizer('torch', 'Adam', { betas: 0.9 }))).toBe('BAD_PARAM');
    expect(codeOf(() => compat.optimizer('torch', 'Adam', { lr: Number.NaN }))).toBe('BAD_PARAM');
    expect(codeOf(() => compat.optimizer('onnx', 'Momentum', { R: 0.1, alpha: 0.9, beta: 1, mode: 'heavy-ball', norm_coefficient: 0 }))).toBe('BAD_PARAM');
    expect(codeOf(() => compat.optimizer('onnx', 'Adam', { R: 0.1, T: -1 }))).toBe('BAD_PARAM');
    expect(codeOf(() => compat.optimizer('torch', 'SGD', { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }))).toBe('BAD_PARAM');
    expect(codeOf(() => compat.optimizer('keras', 'SGD', { clipnorm: 1, clipvalue: 1 }))).toBe('BAD_PARAM');
    expect(codeOf(() => compat.optimizer('keras', 'Adam', { use_ema: true }))).toBe('UNSUPPORTED');
    expect(codeOf(() => compat.optimizer('keras', 'Adam', { use_ema: false }))).toBeUndefined();
    // Python's None turns an optional argument off.
    expect(codeOf(() => compat.optimizer('keras', 'Adam', { weight_decay: null }))).toBeUndefined();
  });

  it('lists every preset with its defaults', () => {
    const torch = compat.optimizerPresets('torch');
    expect(torch.find((p) => p.name === 'RMSprop')?.args).toMatchObject({ lr: 1e-2, alpha: 0.99, eps: 1e-8 });
    expect(compat.optimizerPresets('keras').find((p) => p.name === 'Adagrad')?.args).toMatchObject({ initial_accumulator_value: 0.1, epsilon: 1e-7 });
    expect(compat.optimizerPresets().length).toBe(Object.values(OPTIMIZER_PRESETS).reduce((n, t) => n + t.length, 0));
    // Every preset builds with its defaults plus values for its required arguments (default undefined).
    const values: Record<string, unknown> = { learningRate: 0.1, momentum: 0.9, learning_rate: 0.1, R: 0.1, alpha: 0.9, beta: 1, mode: 'standard', norm_coefficient: 0 };
    for (const info of compat.optimizerPresets()) {
      const args = Object.fromEntries(Object.entries(info.args).filter(([, d]) => d === undefined).map(([k]) => [k, values[k]]));
      expect(typeof compat.optimizer(info.framework, info.name, args).update, `${info.framework}.${info.name}`).toBe('function');
    }
  });
});
