import { fail } from '../errors/losskit-error.js';
import { logSoftmax } from '../graph/composites.js';
import { type Dim, type Value, isElementwise } from '../graph/node.js';
import { sameShape } from '../graph/shape.js';
import {
  add, broadcastTo, cast, cos, sin, div, equal, exp, expandDims, greater, greaterEqual, less, lessEqual, log, logicalAnd,
  matmul, mul, neg, oneHot, pow, reshape, sigmoid, sign, sizeOf, square, squeeze, sub, sum, transpose, where,
} from '../graph/ops.js';

/**
 * Sums `g` over the axes that broadcasting added or stretched, so it broadcasts to `shape`
 * again. A cotangent may stay smaller than its value (a scalar for a mean's input): every
 * consumer broadcasts it, and `grad` expands it only where a full shape is needed.
 */
export function unbroadcast(g: Value, shape: readonly Dim[]): Value {
  let r = g;
  const extra = r.shape.length - shape.length;
  if (extra > 0) r = sum(r, Array.from({ length: extra }, (_, i) => i));
  const offset = shape.length - r.shape.length;
  const axes = r.shape.flatMap((d, i) => (shape[i + offset] === 1 && d !== 1 ? [i] : []));
  if (axes.length > 0) r = sum(r, axes, true);
  return r;
}

/** `g` at exactly `shape`: ops that move elements around need the full cotangent. */
export function expandTo(g: Value, shape: readonly Dim[]): Value {
  return sameShape(g.shape, shape) ? g : broadcastTo(g, shape);
}

/** Re-inserts reduced axes (as size 1) so a reduction's cotangent broadcasts against its input. */
function keepAxes(g: Value, axes: readonly number[], keepDims: boolean | undefined): Value {
  // A scalar broadcasts against anything already.
  if (keepDims || g.shape.length === 0) return g;
  let r = g;
  for (const a of [...axes].sort((x, y) => x - y)) r = expandDims(r, a);
  return r;
}

function notDifferentiable(node: Value): never {
  return fail('NOT_DIFFERENTIABLE', `${node.op} has no gradient: it is piecewise constant, so a gradient through it would be silently zero`, node.op);
}

// Rules that handle a uniform (scalar) cotangent themselves: a mean's gradient stays one
// number until something needs its full shape, which saves work and memory on every backend.
/** 2/√π, erf's slope at 0. */
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

const SCALAR_OK = new Set<string>(['sum', 'mean', 'logSumExp', 'softmaxCrossEntropyWithLogits']);

function takesAsIs(node: Value, g: Value): boolean {
  if (isElementwise(node.op) || node.op === 'broadcastTo' || node.op === 'sigmoidCrossEntropyWithLogits') return true;
  return g.shape.length === 0 && SCALAR_OK.has(node.op);
}

/**
 * The vector-Jacobian product of one node: given the cotangent `g` of its output, the
 * cotangents of its inputs (already summed back to each input's shape). `needs[i]` says
 * whether input i's cotangent is wanted; entries for inputs that need none may be undefined.
 */
export function vjp(node: Value, cotangent: Value, needs: readonly boolean[]): (Value | undefined)[] {
  const [x, b, c] = node.inputs as [Value, Value, Value];
  const g = takesAsIs(node, cotangent) ? cotangent : expandTo(cotangent, node.shape);
  const y = node;
  const a = node.attrs;
  const both = (ga: () => Value, gb: () => Value): (Value | undefined)[] => [
    needs[0] ? unbroadcast(ga(), x.shape) : undefined,
    needs[1] ? unbroadcast(gb(), b.shape) : undefined,
  ];
  switch (node.op) {
    case 'neg': return [neg(g)];
    case 'abs': return [mul(g, sign(x))];
    case 'exp': return [mul(g, y)];
    case 'log': return [div(g, x)];
    case 'log1p': return [div(g, add(x, 1))];
    case 'expm1': return [mul(g, add(y, 1))];
    case 'sqrt': return [div(mul(g, 0.5), y)];
    case 'square': return [mul(g, mul(x, 2))];
    case 'reciprocal': return [neg(mul(g, square(y)))];
    case 'tanh': return [mul(g, sub(1, square(y)))];
    case 'sigmoid': return [mul(g, mul(y, sub(1, y)))];
    case 'softplus': return [mul(g, sigmoid(x))];
    case 'relu': return [where(greater(x, 0), g, 0)];
    case 'sin': return [mul(g, cos(x))];
    case 'cos': return [neg(mul(g, sin(x)))];
    case 'erf': return [mul(g, mul(exp(neg(square(x))), TWO_OVER_SQRT_PI))];
    case 'sign': case 'floor': case 'round': return notDifferentiable(node);
    case 'add': return both(() => g, () => g);
    case 'sub': return both(() => g, () => neg(g));
    case 'mul': return both(() => mul(g, b), () => mul(g, x));
    case 'div': return both(() => div(g, b), () => neg(div(mul(g, y), b)));
    case 'pow':
      return both(
        () => mul(g, mul(b, pow(x, sub(b, 1)))),
        () => {
          const positive = greater(x, 0);
          return where(positive, mul(mul(g, y), log(where(positive, x, 1))), 0);
        },
      );
    case 'maximum': case 'minimum': {
      // Ties split the gradient evenly, as PyTorch does: the symmetric subgradient.
      const wins = node.op === 'maximum' ? greater : less;
      const tie = equal(x, b);
      const half = mul(g, 0.5);
      return both(() => where(wins(x, b), g, where(tie, half, 0)), () => where(wins(b, x), g, where(tie, half, 0)));
    }
    case 'equal': case 'notEqual': case 'less': case 'lessEqual': case 'greater': case 'greaterEqual':
    case 'logicalAnd': case 'logicalOr': case 'logicalNot': case 'oneHot': case 'sizeOf': case 'constant': case 'input':
      return [];
    case 'where':
      return [
        undefined,
        needs[1] ? unbroadcast(where(x, g, 0), b.shape) : undefined,
        needs[2] ? unbroadcast(where(x, 0, g), c.shape) : undefined,
      ];
    case 'cast':
      if (x.dtype !== 'float') {
        return fail('NOT_DIFFERENTIABLE', `the value depends on the input only through a ${x.dtype} (a comparison, a rounding or a cast), so it has no gradient`, 'cast');
      }
      if (node.dtype !== 'float') return notDifferentiable(node);
      return [g];
    case 'clip':
      return [where(logicalAnd(greaterEqual(x, a.min ?? -Infinity), lessEqual(x, a.max ?? Infinity)), g, 0)];
    case 'sum':
      return [keepAxes(g, a.axes ?? [], a.keepDims)];
    case 'mean':
      return [div(keepAxes(g, a.axes ?? [], a.keepDims), sizeOf(x, a.axes ?? []))];
    case 'max': case 'min': {
      // Ties share the gradient evenly, as TensorFlow and PyTorch do for reductions.
      const axes = a.axes ?? [];
      const hit = cast(equal(x, keepAxes(y, axes, a.keepDims)), 'float');
      return [div(mul(hit, keepAxes(g, axes, a.keepDims)), sum(hit, axes, true))];
    }
    case 'reshape': case 'squeeze':
      return [reshape(g, x.shape)];
    case 'expandDims':
      return [squeeze(g, a.axis ?? 0)];
    case 'broadcastTo':
      return [unbroadcast(g, x.shape)];
    case 'transpose': {
      const perm = a.perm ?? [];
      const inverse = perm.map((_, i) => perm.indexOf(i));
      return [transpose(g, inverse)];
    }
    case 'gather':
      return [gatherVjp(g, x, b, a.axis ?? 0)];
    case 'matmul':
      return both(() => matmul(g, transpose(b)), () => matmul(transpose(x), g));
    case 'logSumExp':
      return [mul(keepAxes(g, a.axes ?? [], a.keepDims), exp(sub(x, keepAxes(y, a.axes ?? [], a.keepDims))))];
    case 'logSoftmax':
      return [sub(g, mul(exp(y), sum(g, a.axis ?? -1, true)))];
    case 'softmax':
      return [mul(y, sub(g, sum(mul(g, y), a.axis ?? -1, true)))];
    case 'sigmoidCrossEntropyWithLogits':
      // inputs: labels (x), logits (b)
      return both(() => mul(g, neg(b)), () => mul(g, sub(sigmoid(b), x)));
    case 'softmaxCrossEntropyWithLogits': {
      const axis = a.axis ?? -1;
      const gk = g.shape.length === 0 ? g : expandDims(g, axis);
      return [
        needs[0] ? mul(neg(gk), logSoftmax(b, axis)) : undefined,
        needs[1] ? mul(gk, sub(a.labelsSumToOne ? exp(logSoftmax(b, axis)) : mul(exp(logSoftmax(b, axis)), sum(x, axis, true)), x)) : undefined,
      ];
    }
  }
}

/** Gather's VJP as a one-hot matrix product, so no scatter op is needed on any backend. */
function gatherVjp(g: Value, x: Value, indices: Value, axis: number): Value {
  const ri = indices.shape.length;
  const ra = axis;
  const rb = x.shape.length - axis - 1;
  const aAxes = Array.from({ length: ra }, (_, i) => i);
  const iAxes = Array.from({ length: ri }, (_, i) => ra + i);
  const bAxes = Array.from({ length: rb }, (_, i) => ra + ri + i);
  const m: Dim = ri === 1 ? (indices.shape[0] as Dim) : (indices.shape as number[]).reduce((p, d) => p * d, 1);
  const k = x.shape[axis] as Dim;
  const gT = transpose(g, [...aAxes, ...bAxes, ...iAxes]);
  const rows = matmul(reshape(gT, [-1, m]), oneHot(reshape(indices, [m]), k));
  const ab = reshape(rows, [...x.shape.slice(0, axis), ...x.shape.slice(axis + 1), k]);
  const back = [...aAxes, ra + rb, ...Array.from({ length: rb }, (_, i) => ra + i)];
  return transpose(ab, back);
}
