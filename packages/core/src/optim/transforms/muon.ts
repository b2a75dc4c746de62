import { type Value } from '../../graph/node.js';
import { add, cast, div, matmul, mul, sqrt, square, sum, transpose } from '../../graph/ops.js';
import { fail } from '../../errors/losskit-error.js';
import { type GradientTransformation, type StateTree, mapUpdates, stateRecord, stateValue } from '../transformation.js';
import { check, correction, movingAverage, zeroCount, zeros } from './common.js';

/** optax's default quintic Newton–Schulz coefficients (Jordan et al., 2024). */
export const MUON_COEFFICIENTS: readonly [number, number, number] = [3.4445, -4.775, 2.0315];

/**
 * X/(‖X‖_F + ε), then `steps` times X ← aX + (bA + cA²)X with A = XXᵀ: an approximate
 * orthogonalisation (U Vᵀ of the SVD) of a matrix, done on its wide orientation.
 */
export function newtonSchulz(x: Value, coefficients: readonly [number, number, number], steps: number, eps: number): Value {
  if (x.shape.length !== 2) fail('SHAPE_MISMATCH', `Newton–Schulz takes a matrix, got rank ${x.shape.length}`, 'newtonSchulz');
  const [rows, cols] = x.shape as [number, number];
  const tall = rows > cols;
  const [a, b, c] = coefficients;
  let y = tall ? transpose(x) : x;
  y = div(y, add(sqrt(sum(square(y))), eps));
  for (let i = 0; i < steps; i++) {
    const gram = matmul(y, transpose(y));
    const poly = add(mul(gram, b), mul(matmul(gram, gram), c));
    y = add(mul(y, a), matmul(poly, y));
  }
  return tall ? transpose(y) : y;
}

export interface MuonOptions {
  readonly nsCoefficients?: readonly [number, number, number];
  readonly nsSteps?: number;
  /** Momentum decay (default 0.95). */
  readonly beta?: number;
  readonly eps?: number;
  /** Nesterov's look-ahead momentum (default true). */
  readonly nesterov?: boolean;
}

/**
 * Muon's rescaling for matrices (optax `contrib.scale_by_muon`): bias-corrected (Nesterov)
 * momentum, orthogonalised by Newton–Schulz. Every parameter must be 2-D; the `muon` optimizer
 * routes the others to Adam.
 */
export function scaleByMuon(options: MuonOptions = {}): GradientTransformation<StateTree> {
  const { nsCoefficients = MUON_COEFFICIENTS, nsSteps = 5, beta = 0.95, eps = 1e-8, nesterov = true } = options;
  check(Number.isInteger(nsSteps) && nsSteps >= 1, `nsSteps must be an integer ≥ 1, got ${nsSteps}`, 'scaleByMuon.nsSteps');
  check(beta >= 0 && beta < 1, `beta must be in [0, 1), got ${beta}`, 'scaleByMuon.beta');
  check(eps >= 0, `eps must be ≥ 0, got ${eps}`, 'scaleByMuon.eps');
  return {
    name: 'scaleByMuon',
    init(params) {
      for (const [k, p] of Object.entries(params)) {
        if (p.shape.length !== 2 || !p.shape.every((d) => typeof d === 'number')) fail('SHAPE_MISMATCH', `scaleByMuon takes static 2-D parameters, '${k}' has shape [${p.shape.join(', ')}]`, 'scaleByMuon');
      }
      return { count: zeroCount(), mu: zeros(params) };
    },
    update(u, state) {
      const mu = stateRecord(state, 'mu', 'scaleByMuon');
      const count = add(stateValue(state, 'count', 'scaleByMuon'), 1);
      const t = cast(count, 'float');
      const next = mapUpdates(u, (g, k) => movingAverage(mu[k] as Value, g, beta));
      const updates = mapUpdates(u, (g, k) => {
        const m = next[k] as Value;
        const mHat = nesterov ? add(div(mul(m, beta), correction(beta, add(t, 1))), div(mul(g, 1 - beta), correction(beta, t))) : div(m, correction(beta, t));
        return newtonSchulz(mHat, nsCoefficients, nsSteps, eps);
      });
      return { updates, state: { count, mu: next } };
    },
  };
}

/** u·√max(1, fanOut/fanIn) with fanIn = rows, fanOut = columns (optax muon's `scale_by_shape`). */
export function scaleByShape(): GradientTransformation<Record<string, never>> {
  return {
    name: 'scaleByShape',
    init: () => ({}),
    update: (u) => ({
      updates: mapUpdates(u, (g, k) => {
        if (g.shape.length !== 2 || !g.shape.every((d) => typeof d === 'number')) fail('SHAPE_MISMATCH', `scaleByShape takes static 2-D updates, '${k}' has shape [${g.shape.join(', ')}]`, 'scaleByShape');
        const [rows, cols] = g.shape as [number, number];
        return mul(g, Math.sqrt(Math.max(1, cols / rows)));
      }),
      state: {},
    }),
  };
}
