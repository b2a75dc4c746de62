import { fail } from '../errors/losskit-error.js';
import { type HostTensor, type HostTensorLike, tensor } from '../tensor/host-tensor.js';

/** The objective L-BFGS minimises: its value and gradient at these parameters. */
export type LbfgsObjective = (params: Record<string, HostTensor>) => Promise<{ readonly value: number; readonly grads: Readonly<Record<string, HostTensorLike>> }> | { readonly value: number; readonly grads: Readonly<Record<string, HostTensorLike>> };

export interface LbfgsOptions {
  /** Curvature pairs kept (default 10; PyTorch history_size 100, optax memory_size 10). */
  readonly memory?: number;
  /** Iterations at most (default 100). */
  readonly maxIterations?: number;
  /** Stop once the gradient's largest component is at most this (default 1e-10). */
  readonly gradTolerance?: number;
  /** Armijo's sufficient-decrease constant c₁ (default 1e-4). */
  readonly c1?: number;
  /** The step shrinks by this factor on each backtrack (default 0.5). */
  readonly shrink?: number;
  /** Backtracks per iteration at most (default 40). */
  readonly maxLineSearchSteps?: number;
}

export interface LbfgsResult {
  readonly params: Record<string, HostTensor>;
  readonly value: number;
  readonly iterations: number;
  /** Objective evaluations, line search included. */
  readonly evaluations: number;
  readonly converged: boolean;
  /** The value after each iteration. */
  readonly history: readonly number[];
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
};

/**
 * L-BFGS (Nocedal & Wright, Numerical Optimization, algorithms 7.4 and 7.5) as a runner of its
 * own: unlike a gradient transformation it evaluates the objective several times per step, so
 * it takes a function returning the value and gradient (from `backend.valueAndGrad`, a
 * compiled program, or plain code) and runs the two-loop recursion on the host in float64.
 *
 * The line search is Armijo backtracking from a unit step: α halves until
 * f(x + αd) ≤ f(x) + c₁·α·∇f·d. Backtracking alone does not enforce the curvature condition,
 * so a pair with sᵀy ≤ 1e-10·|s||y| is skipped to keep the inverse Hessian positive definite
 * (optax's `lbfgs` and PyTorch's `LBFGS(line_search_fn='strong_wolfe')` use a zoom Wolfe search
 * instead; both reach the same minimum, by different paths).
 *
 * @example
 * ```ts
 * const result = await lbfgs({ memory: 10 }).minimize(async (p) => ({ value: f(p), grads: df(p) }), { w: x0 });
 * ```
 */
export function lbfgs(options: LbfgsOptions = {}): { readonly name: string; minimize(objective: LbfgsObjective, params: Readonly<Record<string, HostTensorLike>>): Promise<LbfgsResult> } {
  const { memory = 10, maxIterations = 100, gradTolerance = 1e-10, c1 = 1e-4, shrink = 0.5, maxLineSearchSteps = 40 } = options;
  const where = 'lbfgs';
  if (!Number.isInteger(memory) || memory < 1) fail('BAD_PARAM', `memory must be an integer ≥ 1, got ${memory}`, `${where}.memory`);
  if (!Number.isInteger(maxIterations) || maxIterations < 1) fail('BAD_PARAM', `maxIterations must be an integer ≥ 1, got ${maxIterations}`, `${where}.maxIterations`);
  if (!(c1 > 0 && c1 < 1)) fail('BAD_PARAM', `c1 must be in (0, 1), got ${c1}`, `${where}.c1`);
  if (!(shrink > 0 && shrink < 1)) fail('BAD_PARAM', `shrink must be in (0, 1), got ${shrink}`, `${where}.shrink`);
  if (!(gradTolerance >= 0)) fail('BAD_PARAM', `gradTolerance must be ≥ 0, got ${gradTolerance}`, `${where}.gradTolerance`);
  return {
    name: `lbfgs(memory ${memory})`,
    async minimize(objective, raw) {
      const names = Object.keys(raw).sort();
      if (names.length === 0) fail('EMPTY', 'L-BFGS needs at least one parameter', `${where}.params`);
      const start = Object.fromEntries(names.map((k) => [k, tensor(raw[k] as HostTensorLike, `params.${k}`)]));
      const sizes = names.map((k) => (start[k] as HostTensor).data.length);
      const n = sizes.reduce((a, b) => a + b, 0);
      const unflatten = (x: Float64Array): Record<string, HostTensor> => {
        let at = 0;
        return Object.fromEntries(names.map((k, i) => {
          const t = start[k] as HostTensor;
          const data = (t.dtype === 'float32' ? Float32Array : Float64Array).from(x.subarray(at, (at += sizes[i] as number)));
          return [k, { dtype: t.dtype === 'int32' ? 'float64' : t.dtype, shape: t.shape, data } as HostTensor];
        }));
      };
      let evaluations = 0;
      const evaluate = async (x: Float64Array): Promise<{ f: number; g: Float64Array }> => {
        evaluations++;
        const r = await objective(unflatten(x));
        if (!Number.isFinite(r.value)) fail('NON_FINITE', `the objective returned ${r.value}`, where);
        const g = new Float64Array(n);
        let at = 0;
        names.forEach((k, i) => {
          const gk = r.grads[k];
          if (gk === undefined) fail('BAD_PARAM', `the objective returned no gradient for '${k}'`, where);
          const t = tensor(gk, `grads.${k}`);
          if (t.data.length !== sizes[i]) fail('SHAPE_MISMATCH', `gradient of ${t.data.length} values for a parameter of ${String(sizes[i])}`, `grads.${k}`);
          for (let j = 0; j < t.data.length; j++) g[at + j] = t.data[j] as number;
          at += t.data.length;
        });
        return { f: r.value, g };
      };
      let x = new Float64Array(n);
      let at = 0;
      for (const k of names) for (const v of (start[k] as HostTensor).data) x[at++] = v;
      let { f, g } = await evaluate(x);
      const pairs: { s: Float64Array; y: Float64Array; rho: number }[] = [];
      const history: number[] = [];
      const small = (v: Float64Array): boolean => v.every((c) => Math.abs(c) <= gradTolerance);
      let iterations = 0;
      let converged = small(g);
      while (!converged && iterations < maxIterations) {
        // Two-loop recursion: d = −H·g with H from the stored pairs, H₀ = γI, γ = sᵀy / yᵀy.
        const q = Float64Array.from(g);
        const alphas: number[] = [];
        for (let i = pairs.length - 1; i >= 0; i--) {
          const p = pairs[i] as (typeof pairs)[number];
          const a = p.rho * dot(p.s, q);
          alphas[i] = a;
          for (let j = 0; j < n; j++) q[j] = (q[j] as number) - a * (p.y[j] as number);
        }
        const last = pairs.at(-1);
        const gamma = last === undefined ? 1 / Math.max(1, Math.sqrt(dot(g, g))) : dot(last.s, last.y) / dot(last.y, last.y);
        for (let j = 0; j < n; j++) q[j] = (q[j] as number) * gamma;
        for (let i = 0; i < pairs.length; i++) {
          const p = pairs[i] as (typeof pairs)[number];
          const b = p.rho * dot(p.y, q);
          for (let j = 0; j < n; j++) q[j] = (q[j] as number) + (p.s[j] as number) * ((alphas[i] as number) - b);
        }
        let d = q.map((v) => -v);
        let slope = dot(g, d);
        if (!(slope < 0)) {
          // Not a descent direction (rounding, or a stale pair): restart from steepest descent.
          pairs.length = 0;
          d = g.map((v) => -v);
          slope = dot(g, d);
        }
        let alpha = 1;
        let next = new Float64Array(n);
        let trial: { f: number; g: Float64Array } | undefined;
        for (let k = 0; k < maxLineSearchSteps; k++) {
          next = x.map((v, j) => v + alpha * (d[j] as number));
          const t = await evaluate(next).catch((e: unknown) => {
            // A step into a region where the objective is not finite: backtrack further.
            if (typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'NON_FINITE') return undefined;
            throw e;
          });
          if (t !== undefined && t.f <= f + c1 * alpha * slope) {
            trial = t;
            break;
          }
          alpha *= shrink;
        }
        iterations++;
        if (trial === undefined) break;
        const s = next.map((v, j) => v - (x[j] as number));
        const y = trial.g.map((v, j) => v - (g[j] as number));
        const sy = dot(s, y);
        if (sy > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y))) {
          pairs.push({ s, y, rho: 1 / sy });
          if (pairs.length > memory) pairs.shift();
        }
        x = next;
        f = trial.f;
        g = trial.g;
        history.push(f);
        converged = small(g);
      }
      return { params: unflatten(x), value: f, iterations, evaluations, converged, history };
    },
  };
}
