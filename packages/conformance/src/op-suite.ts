import { type FloatDType, type HostTensor, type Program, type Value, grad, gradName, ops, trace } from '@losskit/core';
import { expectTensorClose } from './assertions.js';
import { centralDifferences } from './finite-differences.js';
import { OP_CASES, type OpCase, opInputSpec, opInputTensor } from './op-cases.js';
import { seedOf, seeded } from './random.js';
import { DTYPES, type SuiteContext, testIn, testName } from './suite-context.js';
import { FINITE_DIFFERENCES, TOLERANCES } from './tolerances.js';

interface OpProblem {
  readonly forward: Program;
  /** Σ op(inputs)·r for a fixed random cotangent r, so every output element's derivative counts. */
  readonly scalar: Program;
  readonly inputs: Record<string, HostTensor>;
}

/** Seeded inputs for one op case, and its forward and scalarised programs. */
function opProblem(c: OpCase, dtype: FloatDType): OpProblem {
  const rand = seeded(seedOf(c.name));
  const specs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, opInputSpec(v)]));
  const inputs: Record<string, HostTensor> = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, opInputTensor(v, dtype, rand)]));
  const forward = trace(c.name, specs, (v) => c.fn(v));
  // every op case has static shapes
  const shape = (forward.outputs.value as Value).shape.map(Number);
  inputs.r = opInputTensor({ shape, kind: 'float' }, dtype, rand);
  const scalar = trace(`${c.name}·r`, { ...specs, r: { shape, dtype: 'float' } }, (v) => ops.sum(ops.mul(c.fn(v), v.r as Value)));
  return { forward, scalar, inputs };
}

/**
 * Every op of the closed op set (tinygrad's test_ops): values and gradients of random,
 * broadcasting inputs against the reference backend, and in float64 the gradients against
 * central finite differences.
 */
export function registerOpSuite(s: SuiteContext): void {
  s.group(testName(s, 'ops'), () => {
    for (const c of OP_CASES) {
      for (const dtype of DTYPES) {
        testIn(s, testName(s, 'op', c.name, dtype), dtype, async (backend, oracle) => {
          const p = opProblem(c, dtype);
          const got = await backend.run(p.forward, p.inputs);
          const want = await oracle.run(p.forward, p.inputs);
          expectTensorClose(got.value as HostTensor, want.value as HostTensor, TOLERANCES[dtype], c.name);
          if (c.wrt.length === 0) return;
          const g = grad(p.scalar, { wrt: c.wrt });
          const gGot = await backend.run(g, p.inputs);
          const gWant = await oracle.run(g, p.inputs);
          for (const k of c.wrt) expectTensorClose(gGot[gradName(k)] as HostTensor, gWant[gradName(k)] as HostTensor, TOLERANCES[dtype], gradName(k));
        });
      }
      if (c.wrt.length === 0) continue;
      testIn(s, testName(s, 'op', c.name, 'float64', 'gradient = finite differences'), 'float64', async (backend) => {
        const p = opProblem(c, 'float64');
        const g = await backend.run(grad(p.scalar, { wrt: c.wrt }), p.inputs);
        for (const k of c.wrt) {
          const x = p.inputs[k] as HostTensor;
          const f = async (data: Float64Array): Promise<number> =>
            (await backend.run(p.scalar, { ...p.inputs, [k]: { ...x, data } })).value?.data[0] as number;
          expectTensorClose(g[gradName(k)] as HostTensor, await centralDifferences(f, x.data), FINITE_DIFFERENCES, `${gradName(k)} vs finite differences`);
        }
      });
    }
  });
}
