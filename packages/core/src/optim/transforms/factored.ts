import { fail } from '../../errors/losskit-error.js';
import { type Value } from '../../graph/node.js';
import { add, cast, constant, div, expandDims, mean, mul, pow, sqrt, square, sub, zerosLike } from '../../graph/ops.js';
import { type GradientTransformation, type StateTree, type Updates, mapUpdates, stateRecord, stateValue } from '../transformation.js';
import { check, zeroCount } from './common.js';

export interface FactoredRmsOptions {
  /** Factor the second moment of tensors of rank ≥ 2 (default true). */
  readonly factored?: boolean;
  /** β̂ₜ = 1 − (t − offset)^(−decayRate) (default 0.8). */
  readonly decayRate?: number;
  readonly stepOffset?: number;
  /** Factor only when the second-largest dimension is at least this (default 128). */
  readonly minDimSizeToFactor?: number;
  /** Added to g² (default 1e-30). */
  readonly epsilon?: number;
}

/** The two largest axes (largest first), as optax picks them: a stable sort of the dimensions. */
function factorAxes(shape: readonly number[]): [number, number] {
  const order = shape.map((d, i) => [d, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return [(order[order.length - 1] as readonly [number, number])[1], (order[order.length - 2] as readonly [number, number])[1]];
}

function staticShape(p: Value, owner: string): number[] {
  if (!p.shape.every((d) => typeof d === 'number')) fail('SHAPE_MISMATCH', `needs static parameter shapes, got [${p.shape.join(', ')}]`, owner);
  return p.shape as number[];
}

/**
 * Adafactor's second moment (Shazeer & Stern, 2018; optax `scale_by_factored_rms`): for a matrix
 * it keeps only row and column means of g² + ε (O(n + m) memory), with decay
 * β̂ₜ = 1 − t^(−0.8); u = g/√v̂ with v̂ = R·Cᵀ/mean(R). Smaller tensors keep a full average.
 */
export function scaleByFactoredRms(options: FactoredRmsOptions = {}): GradientTransformation<StateTree> {
  const { factored = true, decayRate = 0.8, stepOffset = 0, minDimSizeToFactor = 128, epsilon = 1e-30 } = options;
  check(decayRate > 0, `decayRate must be > 0, got ${decayRate}`, 'scaleByFactoredRms.decayRate');
  check(Number.isInteger(stepOffset) && stepOffset >= 0, `stepOffset must be an integer ≥ 0, got ${stepOffset}`, 'scaleByFactoredRms.stepOffset');
  check(minDimSizeToFactor >= 1, `minDimSizeToFactor must be ≥ 1, got ${minDimSizeToFactor}`, 'scaleByFactoredRms.minDimSizeToFactor');
  check(epsilon >= 0, `epsilon must be ≥ 0, got ${epsilon}`, 'scaleByFactoredRms.epsilon');
  const owner = 'scaleByFactoredRms';
  const isFactored = (shape: readonly number[]): boolean => {
    if (!factored || shape.length < 2) return false;
    const sorted = [...shape].sort((a, b) => a - b);
    return (sorted[sorted.length - 2] as number) >= minDimSizeToFactor;
  };
  const split = (params: Updates): { full: string[]; fact: string[] } => {
    const full: string[] = [];
    const fact: string[] = [];
    for (const [k, p] of Object.entries(params)) (isFactored(staticShape(p, owner)) ? fact : full).push(k);
    return { full, fact };
  };
  return {
    name: owner,
    init(params) {
      const { full, fact } = split(params);
      const v: Record<string, Value> = {};
      const vRow: Record<string, Value> = {};
      const vCol: Record<string, Value> = {};
      for (const k of full) v[k] = zerosLike(params[k] as Value);
      for (const k of fact) {
        const zero = zerosLike(params[k] as Value);
        const [d0, d1] = factorAxes(staticShape(zero, owner));
        vRow[k] = mean(zero, d0);
        vCol[k] = mean(zero, d1);
      }
      return { count: zeroCount(), v, vRow, vCol };
    },
    update(u, state) {
      const old = stateValue(state, 'count', owner);
      const v = stateRecord(state, 'v', owner);
      const vRow = stateRecord(state, 'vRow', owner);
      const vCol = stateRecord(state, 'vCol', owner);
      // optax evaluates the decay at the pre-increment count: β̂ = 0 on the first step.
      const beta = sub(1, pow(add(sub(cast(old, 'float'), stepOffset), 1), constant(-decayRate)));
      const avg = (o: Value, x: Value): Value => add(mul(o, beta), mul(x, sub(1, beta)));
      const nextV: Record<string, Value> = {};
      const nextRow: Record<string, Value> = {};
      const nextCol: Record<string, Value> = {};
      const updates = mapUpdates(u, (g, k) => {
        const g2 = add(square(g), epsilon);
        const shape = staticShape(g, owner);
        if (!isFactored(shape)) {
          const nv = avg(v[k] as Value, g2);
          nextV[k] = nv;
          return div(g, sqrt(nv));
        }
        const [d0, d1] = factorAxes(shape);
        const row = avg(vRow[k] as Value, mean(g2, d0));
        const col = avg(vCol[k] as Value, mean(g2, d1));
        nextRow[k] = row;
        nextCol[k] = col;
        // row drops axis d0, so axis d1 sits one lower in it when d1 > d0
        const rowFactor = div(1, sqrt(div(row, mean(row, d1 > d0 ? d1 - 1 : d1, true))));
        const colFactor = div(1, sqrt(col));
        return mul(mul(g, expandDims(rowFactor, d0)), expandDims(colFactor, d1));
      });
      return { updates, state: { count: add(old, 1), v: nextV, vRow: nextRow, vCol: nextCol } };
    },
  };
}
