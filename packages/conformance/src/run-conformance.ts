import {
  type Backend, type FloatDType, type HostTensor, type LossOptions, type ParamValue, type Reduction,
  REDUCTIONS, createReferenceBackend, createLoss, grad, losses, ops, trace,
} from '@losskit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorCode, expectTensorClose } from './assertions.js';
import { GOLDEN_CASES } from './golden-cases.js';
import { INPUT_GENERATORS, parameterVariants, sampleWeights } from './loss-inputs.js';
import { OP_CASES, opInputSpec, opInputTensor } from './op-cases.js';
import { OBJECTIVES, OPTIMIZER_CASES, type OptimizerCase, namedOptimizerCases } from './optimizer-cases.js';
import { floatTensor, intTensor, seeded, withDType } from './random.js';
import { FINITE_DIFFERENCES, TRAJECTORY_TOLERANCES, TOLERANCES, toleranceFor } from './tolerances.js';

export interface ConformanceOptions {
  /** Prefix of every test name (default: the backend's own name, read when it is created). */
  readonly name?: string;
  /** Returns a fresh backend; called once for the suite. */
  readonly createBackend: () => Backend<unknown> | Promise<Backend<unknown>>;
}

const DTYPES: readonly FloatDType[] = ['float32', 'float64'];
type Ctx = { skip: (note?: string) => void };

/**
 * Registers the shared conformance suite with vitest for one backend: golden values, every loss
 * under every reduction and dtype against the reference backend, gradients against the
 * reference and against finite differences, optimizer trajectories, hard inputs, bad inputs and
 * every op. Tests for a dtype the backend does not support are skipped (`supports.dtypes`).
 *
 * @example
 * ```ts
 * import { runConformance } from '@losskit/conformance';
 * runConformance({ name: 'tfjs-cpu', createBackend: () => createTfjsBackend({ tf, backend: 'cpu' }) });
 * ```
 */
export function runConformance(options: ConformanceOptions): void {
  const title = options.name ?? 'backend';
  let backend: Backend<unknown>;
  let oracle: Backend<unknown>;
  const supports = (ctx: Ctx, dtype: FloatDType): boolean => {
    if (backend.supports.dtypes.includes(dtype)) return true;
    ctx.skip(`${backend.name} does not compute in ${dtype}`);
    return false;
  };

  describe(title, () => {
    beforeAll(async () => {
      backend = await options.createBackend();
      oracle = await createReferenceBackend();
    });

    describe(`${title} › golden`, () => {
      for (const c of GOLDEN_CASES) {
        it(`${title} › ${c.loss} › ${c.name}`, async () => {
          const loss = createLoss(c.loss, c.options);
          const value = await backend.evaluate(loss, {
            predictions: withDType(toF64(c.predictions), backend.supports.dtypes.includes('float64') ? 'float64' : 'float32'),
            targets: c.targets.dtype === 'int32' ? c.targets : withDType(toF64(c.targets), backend.supports.dtypes.includes('float64') ? 'float64' : 'float32'),
            weights: c.weights === undefined ? undefined : withDType(toF64(c.weights), backend.supports.dtypes.includes('float64') ? 'float64' : 'float32'),
          });
          const tol = backend.supports.dtypes.includes('float64') ? c.tolerance : Math.max(c.tolerance, 1e-6 * Math.max(1, Math.abs(c.expected)));
          expect(Math.abs((value.data[0] as number) - c.expected), c.source).toBeLessThanOrEqual(tol);
        });
      }
    });

    for (const [id, ctor] of Object.entries(losses)) {
      describe(`${title} › ${id}`, () => {
        it(`${title} › ${id} › has an input generator`, () => {
          expect(INPUT_GENERATORS[id], `add an input generator for '${id}' to @losskit/conformance`).toBeDefined();
        });
        const generate = INPUT_GENERATORS[id];
        if (generate === undefined) return;
        const caseFor = (dtype: FloatDType, optionSet: Readonly<Record<string, ParamValue>>, seed: number, weighted: boolean, zeroWeight = true) => {
          const rand = seeded(seed);
          const inputs = generate(rand, dtype, optionSet);
          return { ...inputs, weights: weighted ? sampleWeights(dtype, inputs.predictions, rand, zeroWeight) : undefined };
        };

        for (const dtype of DTYPES) {
          for (const reduction of REDUCTIONS) {
            for (const weighted of [false, true]) {
              it(`${title} › ${id} › ${reduction} › ${dtype}${weighted ? ' › weights' : ''}`, async (ctx) => {
                if (!supports(ctx, dtype)) return;
                const loss = ctor({ reduction } as LossOptions<Record<string, ParamValue>>);
                const inputs = caseFor(dtype, {}, 11, weighted);
                expectTensorClose(await backend.evaluate(loss, inputs), await oracle.evaluate(loss, inputs), toleranceFor(dtype, id));
              });
            }
          }
          for (const variant of parameterVariants(ctor.metadata)) {
            it(`${title} › ${id} › ${variant.label} › mean › ${dtype} › value and gradient`, async (ctx) => {
              if (!supports(ctx, dtype)) return;
              const loss = ctor({ ...variant.options, reduction: 'mean' });
              const inputs = caseFor(dtype, variant.options, 23, true);
              const got = await backend.valueAndGrad(loss, inputs);
              const want = await oracle.valueAndGrad(loss, inputs);
              expectTensorClose(got.value, want.value, toleranceFor(dtype, id), 'value');
              expectTensorClose(got.grad, want.grad, toleranceFor(dtype, id), 'gradient');
            });
          }
        }

        for (const reduction of ['mean', 'sum', 'none'] as Reduction[]) {
          for (const variant of parameterVariants(ctor.metadata)) {
            it(`${title} › ${id} › ${variant.label} › ${reduction} › gradient = finite differences (float64)`, async (ctx) => {
              if (!supports(ctx, 'float64')) return;
              const loss = ctor({ ...variant.options, reduction });
              // Positive weights: a zero weight is a kink for RMSE (√ at 0) and FD cannot see it.
              const inputs = caseFor('float64', variant.options, 37, true, false);
              const { grad: g } = await backend.valueAndGrad(loss, inputs);
              const p = inputs.predictions.data as Float64Array;
              const total = async (data: Float64Array): Promise<number> => {
                const v = await backend.evaluate(loss, { ...inputs, predictions: { ...inputs.predictions, data } });
                return Array.from(v.data).reduce((a, b) => a + b, 0);
              };
              const fd: number[] = [];
              for (let i = 0; i < p.length; i++) {
                const up = Float64Array.from(p);
                const down = Float64Array.from(p);
                up[i] = (up[i] as number) + FINITE_DIFFERENCES.h;
                down[i] = (down[i] as number) - FINITE_DIFFERENCES.h;
                fd.push(((await total(up)) - (await total(down))) / (2 * FINITE_DIFFERENCES.h));
              }
              expectTensorClose(g, fd, FINITE_DIFFERENCES, 'gradient vs finite differences');
            });
          }
        }
      });
    }

    describe(`${title} › optimizers`, () => {
      const trajectory = async (b: Backend<unknown>, c: OptimizerCase, objective: (typeof OBJECTIVES)[number], dtype: FloatDType, steps: number) => {
        const lr = c.lr[objective.name] ?? 0.01;
        const run = await b.optimizer(c.make(lr), { w: floatTensor(dtype, [objective.start.length], objective.start) });
        for (let s = 0; s < steps; s++) {
          const w = Array.from((await run.params()).w?.data ?? []);
          await run.step({ w: floatTensor(dtype, [w.length], objective.grad(w)) });
        }
        return (await run.params()).w as HostTensor;
      };
      for (const c of [...OPTIMIZER_CASES, ...namedOptimizerCases()]) {
        for (const objective of OBJECTIVES) {
          for (const dtype of DTYPES) {
            it(`${title} › ${c.name} › ${objective.name} › 100 steps › ${dtype}`, async (ctx) => {
              if (!supports(ctx, dtype)) return;
              const got = await trajectory(backend, c, objective, dtype, 100);
              expectTensorClose(got, await trajectory(oracle, c, objective, dtype, 100), TRAJECTORY_TOLERANCES[dtype], 'params vs reference');
              // The independent implementation computes in float64 and cannot mirror float32
              // state rounding, which chaotic objectives amplify: it is compared in float64.
              if (c.plain !== undefined && dtype === 'float64') {
                const step = c.plain(c.lr[objective.name] ?? 0.01)();
                const w = [...objective.start];
                for (let s = 0; s < 100; s++) step(w, objective.grad(w));
                expectTensorClose(got, w, TRAJECTORY_TOLERANCES[dtype], 'params vs an independent implementation');
              }
            });
          }
        }
      }

      it(`${title} › adam › converges on the quadratic`, async () => {
        const dtype = backend.supports.dtypes.includes('float64') ? 'float64' : 'float32';
        const objective = OBJECTIVES[0] as (typeof OBJECTIVES)[number];
        const c = OPTIMIZER_CASES.find((o) => o.name === 'adam') as OptimizerCase;
        const run = await backend.optimizer(c.make(0.1), { w: floatTensor(dtype, [4], objective.start) });
        for (let s = 0; s < 500; s++) {
          const w = Array.from((await run.params()).w?.data ?? []);
          await run.step({ w: floatTensor(dtype, [4], objective.grad(w)) });
        }
        expectTensorClose((await run.params()).w as HostTensor, objective.minimum, { rtol: 1e-2, atol: 1e-2 }, 'adam after 500 steps');
      });

      it(`${title} › state round trip: a run restored from state() continues identically`, async () => {
        const dtype = backend.supports.dtypes.includes('float64') ? 'float64' : 'float32';
        const objective = OBJECTIVES[1] as (typeof OBJECTIVES)[number];
        const tx = () => optimizersFor('adam')(0.02);
        const a = await backend.optimizer(tx(), { w: floatTensor(dtype, [2], objective.start) });
        const stepOn = async (run: typeof a): Promise<void> => {
          const w = Array.from((await run.params()).w?.data ?? []);
          await run.step({ w: floatTensor(dtype, [2], objective.grad(w)) });
        };
        for (let s = 0; s < 10; s++) await stepOn(a);
        const saved = { params: await a.params(), state: await a.state() };
        for (let s = 0; s < 10; s++) await stepOn(a);
        const b = await backend.optimizer(tx(), saved.params);
        await b.setState(saved.state);
        for (let s = 0; s < 10; s++) await stepOn(b);
        expect(Array.from((await b.params()).w?.data ?? [])).toEqual(Array.from((await a.params()).w?.data ?? []));
        expect(await errorCode(() => b.setState({ '0': { count: intTensor([], [1]) } }))).toBe('BAD_STATE');
      });
    });

    describe(`${title} › hard inputs`, () => {
      const dtypeOf = (): FloatDType => (backend.supports.dtypes.includes('float64') ? 'float64' : 'float32');
      it(`${title} › binaryCrossEntropy › logits of ±1e4 stay finite and exact`, async () => {
        const d = dtypeOf();
        const { value, grad: g } = await backend.valueAndGrad(losses.binaryCrossEntropy({ fromLogits: true, reduction: 'sum' }), {
          predictions: floatTensor(d, [4], [1e4, -1e4, 1e4, -1e4]), targets: floatTensor(d, [4], [0, 1, 1, 0]),
        });
        expectTensorClose(value, [2e4], TOLERANCES[d]);
        expectTensorClose(g, [1, -1, 0, 0], TOLERANCES[d], 'gradient');
      });
      it(`${title} › sparseCategoricalCrossEntropy › logits of ±1e4 stay finite and exact`, async () => {
        const d = dtypeOf();
        const { value, grad: g } = await backend.valueAndGrad(losses.sparseCategoricalCrossEntropy({ fromLogits: true, reduction: 'sum' }), {
          predictions: floatTensor(d, [2, 3], [1e4, 0, -1e4, 1e4, 0, -1e4]), targets: intTensor([2], [2, 0]),
        });
        expectTensorClose(value, [2e4], TOLERANCES[d]);
        expectTensorClose(g, [1, 0, -1, 0, 0, 0], TOLERANCES[d], 'gradient');
      });
      it(`${title} › categoricalCrossEntropy › logits of ±1e4 stay finite and exact`, async () => {
        const d = dtypeOf();
        const value = await backend.evaluate(losses.categoricalCrossEntropy({ fromLogits: true, reduction: 'sum' }), {
          predictions: floatTensor(d, [1, 3], [1e4, 0, -1e4]), targets: floatTensor(d, [1, 3], [0, 0.5, 0.5]),
        });
        expectTensorClose(value, [1.5e4], TOLERANCES[d]);
      });
      it(`${title} › binaryCrossEntropy › probabilities of exactly 0 and 1`, async () => {
        const d = dtypeOf();
        const inputs = { predictions: floatTensor(d, [4], [0, 1, 0, 1]), targets: floatTensor(d, [4], [1, 0, 0, 1]) };
        // Keras clipping to [ε, 1 − ε], with both bounds in the input's precision (in float32,
        // 1 − 1e-7 rounds to 1 − 1.19e-7): a certain wrong answer costs −log ε or −log(1 − (1 − ε)).
        const keras = await backend.evaluate(losses.binaryCrossEntropy({ reduction: 'sum' }), inputs);
        const round = d === 'float32' ? Math.fround : (x: number) => x;
        const lo = round(1e-7);
        const hi = round(1 - 1e-7);
        expectTensorClose(keras, [-Math.log(lo) - Math.log(1 - hi) - Math.log(1 - lo) - Math.log(hi)], toleranceFor(d, 'binaryCrossEntropy'));
        // PyTorch BCELoss: the log clamped at −100
        const torch = await backend.evaluate(losses.binaryCrossEntropy({ epsilon: 0, logFloor: -100, reduction: 'sum' }), inputs);
        expectTensorClose(torch, [200], TOLERANCES[d]);
      });
      it(`${title} › a million-element mean that cancels`, async () => {
        const d = dtypeOf();
        const n = 1_000_000;
        // Half the values near +big, half near −big, plus small parts whose mean is known exactly.
        const big = d === 'float64' ? 1e8 : 4096;
        const values = new Float64Array(n);
        for (let i = 0; i < n; i++) values[i] = (i < n / 2 ? big : -big) + 0.25 * (i % 4);
        const exact = 0.25 * 1.5;
        const p = trace('mean', { x: { shape: [n], dtype: 'float' } }, ({ x }) => ops.mean(x));
        const out = await backend.run(p, { x: floatTensor(d, [n], values) });
        // float64: a compensated sum is exact here. float32: a pairwise sum's error stays within
        // ε·log₂n·Σ|x| (≈ 1e-5 of the mean magnitude), a single running total's does not.
        const tol = d === 'float64' ? 1e-9 : 1e-5 * big;
        expect(Math.abs((out.value?.data[0] as number) - exact)).toBeLessThanOrEqual(tol);
      });
    });

    describe(`${title} › bad inputs`, () => {
      const d = (): FloatDType => (backend.supports.dtypes.includes('float64') ? 'float64' : 'float32');
      const f = (shape: number[], data: number[]) => floatTensor(d(), shape, data);
      const cases: [string, string, () => Promise<unknown>][] = [
        ['predictions and targets of different shapes', 'SHAPE_MISMATCH', () => backend.evaluate(losses.mse(), { predictions: f([3], [1, 2, 3]), targets: f([2], [1, 2]) })],
        ['weights that do not broadcast', 'SHAPE_MISMATCH', () => backend.evaluate(losses.mse(), { predictions: f([2, 2], [1, 2, 3, 4]), targets: f([2, 2], [1, 2, 3, 4]), weights: f([3], [1, 1, 1]) })],
        ['int predictions', 'DTYPE', () => backend.evaluate(losses.mse(), { predictions: intTensor([2], [1, 2]), targets: f([2], [1, 2]) })],
        ['non-integer labels', 'DTYPE', () => backend.evaluate(losses.sparseCategoricalCrossEntropy(), { predictions: f([1, 2], [0.5, 0.5]), targets: f([1], [0.5]) })],
        ['a label ≥ classes', 'LABEL_OUT_OF_RANGE', () => backend.evaluate(losses.sparseCategoricalCrossEntropy(), { predictions: f([1, 2], [0.5, 0.5]), targets: intTensor([1], [2]) })],
        ['a negative label', 'LABEL_OUT_OF_RANGE', () => backend.evaluate(losses.sparseCategoricalCrossEntropy({ fromLogits: true }), { predictions: f([1, 2], [0.5, 0.5]), targets: intTensor([1], [-1]) })],
        ['a hinge label of 2', 'LABEL_OUT_OF_RANGE', () => backend.evaluate(losses.hinge(), { predictions: f([2], [0.5, 0.5]), targets: f([2], [1, 2]) })],
        ['a probability of 1.5', 'NOT_A_PROBABILITY', () => backend.evaluate(losses.binaryCrossEntropy(), { predictions: f([2], [1.5, 0.5]), targets: f([2], [1, 0]) })],
        ['NaN in predictions', 'NON_FINITE', () => backend.evaluate(losses.mse(), { predictions: f([2], [Number.NaN, 1]), targets: f([2], [1, 1]) })],
        ['Infinity in targets', 'NON_FINITE', () => backend.evaluate(losses.mae(), { predictions: f([2], [1, 1]), targets: f([2], [1, Number.POSITIVE_INFINITY]) })],
        ['empty predictions', 'EMPTY', () => backend.evaluate(losses.mse(), { predictions: f([0], []), targets: f([0], []) })],
        ['a negative Huber delta', 'BAD_PARAM', async () => losses.huber({ delta: -1 })],
        ['label smoothing of 2', 'BAD_PARAM', async () => losses.binaryCrossEntropy({ labelSmoothing: 2 })],
        ['an unknown parameter', 'BAD_PARAM', async () => createLoss('mse', { dleta: 1 })],
        ['an unknown reduction', 'BAD_PARAM', async () => createLoss('mse', { reduction: 'average' as Reduction })],
        ['an unknown loss', 'UNKNOWN_LOSS', async () => createLoss('nope')],
        ['a symbol bound to two sizes', 'SHAPE_MISMATCH', () =>
          backend.run(trace('two', { a: { shape: ['n'], dtype: 'float' }, b: { shape: ['n'], dtype: 'float' } }, ({ a, b }) => ops.add(a, b)), { a: f([2], [1, 2]), b: f([3], [1, 2, 3]) })],
        ['gradient of a program through round', 'NOT_DIFFERENTIABLE', async () =>
          grad(trace('r', { x: { shape: [2], dtype: 'float' } }, ({ x }) => ops.sum(ops.round(x))), { wrt: ['x'] })],
      ];
      for (const [what, code, run] of cases) {
        it(`${title} › bad input › ${what} → ${code}`, async () => {
          expect(await errorCode(run)).toBe(code);
        });
      }
    });

    describe(`${title} › ops`, () => {
      for (const c of OP_CASES) {
        for (const dtype of DTYPES) {
          it(`${title} › op › ${c.name} › ${dtype}`, async (ctx) => {
            if (!supports(ctx, dtype)) return;
            const rand = seeded(c.name.length * 7 + 3);
            const specs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, opInputSpec(v)]));
            const values = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, opInputTensor(v, dtype, rand)]));
            const forward = trace(c.name, specs, (v) => c.fn(v));
            const got = await backend.run(forward, values);
            const want = await oracle.run(forward, values);
            expectTensorClose(got.value as HostTensor, want.value as HostTensor, TOLERANCES[dtype], c.name);
            if (c.wrt.length > 0) {
              // A fixed random cotangent, so every element's derivative counts.
              const weights = opInputTensor({ shape: (want.value as HostTensor).shape, kind: 'float' }, dtype, rand);
              const scalarOut = trace(`${c.name}·r`, { ...specs, r: { shape: weights.shape, dtype: 'float' } }, (v) => ops.sum(ops.mul(c.fn(v), v.r as never)));
              const g = grad(scalarOut, { wrt: c.wrt });
              const gGot = await backend.run(g, { ...values, r: weights });
              const gWant = await oracle.run(g, { ...values, r: weights });
              for (const k of c.wrt) expectTensorClose(gGot[`grad/${k}`] as HostTensor, gWant[`grad/${k}`] as HostTensor, TOLERANCES[dtype], `grad/${k}`);
            }
          });
        }
      }
    });
  });
}

function toF64(t: { readonly shape: readonly number[]; readonly data: ArrayLike<number> | BigInt64Array }): HostTensor {
  return { dtype: 'float64', shape: [...t.shape], data: Float64Array.from(t.data as ArrayLike<number>) };
}

function optimizersFor(name: string): (lr: number) => ReturnType<OptimizerCase['make']> {
  return (OPTIMIZER_CASES.find((o) => o.name === name) as OptimizerCase).make;
}
