import { fail } from '../errors/losskit-error.js';
import type { Value } from '../graph/node.js';
import { add, div, divNoNan, equal, max, mul, square, sub, sum, where } from '../graph/ops.js';
import { formatShape } from '../graph/shape.js';
import { checkProbabilities } from './data-checks.js';
import { defineLoss, type LossInputs } from './loss.js';

/** Every axis but the batch axis: the overlap of one sample's mask. */
function sampleAxes(p: Value, id: string): number[] {
  if (p.shape.length < 2) fail('SHAPE_MISMATCH', `${id} needs [N, ...] predictions (a batch axis and at least one more), got ${formatShape(p.shape)}`, 'predictions');
  return Array.from({ length: p.shape.length - 1 }, (_, i) => i + 1);
}

const checkBoth = (inputs: LossInputs): void => {
  checkProbabilities(inputs.predictions, 'predictions');
  checkProbabilities(inputs.targets, 'targets');
};

/**
 * num/den, and 1 (a perfect score) where den is 0: with smooth 0 an empty prediction of an empty
 * mask matches it. The inner where keeps the gradient finite (the double-where idiom).
 */
function scoreRatio(num: Value, den: Value): Value {
  const empty = equal(den, 0);
  return where(empty, 1, div(num, where(empty, 1, den)));
}

const smoothParam = (def: number) => ({
  type: 'number' as const, default: def, min: 0,
  description: 'Added to the numerator and the denominator: an empty prediction of an empty mask scores 1 (with smooth 0 too: an empty denominator counts as a perfect match).',
});

/**
 * Soft Dice loss, per sample over all non-batch axes: 1 − (2Σpt + s)/(Σp + Σt + s).
 *
 * @remarks MONAI's `DiceLoss` adds separate `smooth_nr`/`smooth_dr` (1e-5 each) and works per
 * channel; with `smooth_nr = smooth_dr = s` and one channel it equals this.
 */
export const dice = defineLoss<{ smooth: number }>({
  metadata: {
    id: 'dice',
    title: 'Soft Dice loss',
    task: 'segmentation',
    description: 'Segmentation: one minus the soft Dice coefficient (overlap) of a predicted and a target mask, insensitive to class imbalance.',
    formula: '\\ell(p, t) = 1 - \\frac{2\\sum p t + s}{\\sum p + \\sum t + s}',
    predictions: 'probabilities in [0, 1], [N, ...] (one mask per sample)',
    targets: 'mask values in [0, 1], same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'monai.losses.DiceLoss(smooth_nr=s, smooth_dr=s, batch=False) on one channel',
      keras: 'keras.losses.Dice(axis=(1, …)) — smooth: 0 (Keras adds 1e-7 to the denominator only)',
      optax: 'optax.losses.dice_loss(p[..., None], t[..., None], smooth=s / 2, apply_softmax=False) — its smoothing enters as 2s',
    },
  },
  params: { smooth: smoothParam(1) },
  checkData: checkBoth,
  perSample: (p, t, o) => {
    const axes = sampleAxes(p, 'dice');
    const overlap = sum(mul(p, t), axes);
    return sub(1, scoreRatio(add(mul(overlap, 2), o.smooth), add(add(sum(p, axes), sum(t, axes)), o.smooth)));
  },
});

/**
 * Generalised Dice loss (Sudre et al. 2017, https://arxiv.org/abs/1707.03237), per sample, with
 * the classes on the last axis: each class weighs w_c = 1/(Σt_c)², so small structures count as
 * much as large ones: 1 − (2Σ_c w_c Σpt + s)/(Σ_c w_c Σ(p + t) + s).
 *
 * @remarks A class absent from a sample's target (Σt_c = 0) would weigh ∞; it takes the largest
 * weight of the present classes instead, as MONAI's `GeneralizedDiceLoss` does.
 */
export const generalizedDice = defineLoss<{ smooth: number }>({
  metadata: {
    id: 'generalizedDice',
    title: 'Generalised Dice loss',
    task: 'segmentation',
    description: 'Multi-class segmentation: Dice with each class weighted by its inverse squared volume.',
    formula: '\\ell(p, t) = 1 - \\frac{2\\sum_c w_c \\sum p_c t_c + s}{\\sum_c w_c \\sum (p_c + t_c) + s},\\; w_c = 1/(\\sum t_c)^2',
    predictions: 'class probabilities in [0, 1], [N, ..., C] (classes last)',
    targets: 'one-hot or soft masks in [0, 1], same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: { torch: 'monai.losses.GeneralizedDiceLoss(w_type="square", smooth_nr=s, smooth_dr=s) on channels-first inputs' },
  },
  params: { smooth: smoothParam(1e-5) },
  checkData: checkBoth,
  perSample: (p, t, o) => {
    const spatial = sampleAxes(p, 'generalizedDice').slice(0, -1);
    // [N, C] sums over the spatial axes (none for [N, C] inputs)
    const over = (x: Value): Value => (spatial.length === 0 ? x : sum(x, spatial));
    const volume = over(t);
    const inverse = divNoNan(1, square(volume));
    const weights = where(equal(volume, 0), max(inverse, -1, true), inverse);
    const overlap = sum(mul(weights, over(mul(p, t))), -1);
    const total = sum(mul(weights, add(over(p), volume)), -1);
    return sub(1, scoreRatio(add(mul(overlap, 2), o.smooth), add(total, o.smooth)));
  },
});

/**
 * Tversky loss (Salehi et al. 2017, https://arxiv.org/abs/1706.05721), per sample over the
 * non-batch axes: 1 − (Σpt + s)/(Σpt + αΣp(1 − t) + βΣ(1 − p)t + s). α weighs false
 * positives, β false negatives; α = β = 0.5 is the Dice loss.
 */
export const tversky = defineLoss<{ alpha: number; beta: number; smooth: number }>({
  metadata: {
    id: 'tversky',
    title: 'Tversky loss',
    task: 'segmentation',
    description: 'Segmentation with separate costs for false positives (α) and false negatives (β).',
    formula: '\\ell(p, t) = 1 - \\frac{\\sum p t + s}{\\sum p t + \\alpha \\sum p (1 - t) + \\beta \\sum (1 - p) t + s}',
    predictions: 'probabilities in [0, 1], [N, ...] (one mask per sample)',
    targets: 'mask values in [0, 1], same shape as predictions',
    targetKind: 'values',
    defaultReduction: 'mean',
    frameworks: {
      torch: 'monai.losses.TverskyLoss(alpha, beta, smooth_nr=s, smooth_dr=s) on one channel',
      keras: 'keras.losses.Tversky(alpha, beta, axis=(1, …)) — smooth: 0 (Keras adds 1e-7 to the denominator only)',
      optax: 'optax.losses.dice_loss(p[..., None], t[..., None], alpha=α, beta=β, smooth=s, apply_softmax=False)',
    },
  },
  params: {
    alpha: { type: 'number', default: 0.5, min: 0, description: 'The weight α of false positives.' },
    beta: { type: 'number', default: 0.5, min: 0, description: 'The weight β of false negatives.' },
    smooth: smoothParam(1),
  },
  checkData: checkBoth,
  perSample: (p, t, o) => {
    const axes = sampleAxes(p, 'tversky');
    const tp = sum(mul(p, t), axes);
    const fp = sum(mul(p, sub(1, t)), axes);
    const fn = sum(mul(sub(1, p), t), axes);
    const index = scoreRatio(add(tp, o.smooth), add(add(add(tp, mul(fp, o.alpha)), mul(fn, o.beta)), o.smooth));
    return sub(1, index);
  },
});
