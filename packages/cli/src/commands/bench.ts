import { type Backend, LossKitError, losses, optimizers, seededRandom } from '@losskit/core';
import { BACKENDS, backendByName } from '../backends.js';
import type { Io } from '../output.js';

export interface BenchCliOptions {
  readonly backends?: string;
  readonly sizes: string;
  readonly runs: string;
  readonly json?: boolean;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/**
 * Times loss + gradient and an optimizer step on every chosen backend, interleaved run by run
 * so machine noise hits all of them alike, and prints medians and ratios to the first backend.
 */
export async function benchCommand(o: BenchCliOptions, io: Io): Promise<void> {
  const names = o.backends === undefined ? BACKENDS.map((b) => b.name) : o.backends.split(',').map((s) => s.trim());
  const runs = Number(o.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new LossKitError('BAD_PARAM', `expected a positive integer, got '${o.runs}'`, { where: '--runs' });
  const sizes = o.sizes.split(',').map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1) throw new LossKitError('BAD_PARAM', `expected positive integers, got '${s}'`, { where: '--sizes' });
    return n;
  });
  const backends: Backend<unknown>[] = [];
  for (const name of names) {
    const entry = backendByName(name, '--backends');
    try {
      backends.push(await entry.open());
    } catch (e) {
      if (o.backends !== undefined) throw e;
      // Not installed: skipped when benchmarking "every installed backend".
    }
  }
  const rows: { case: string; medians: Record<string, number> }[] = [];
  for (const n of sizes) {
    const rand = seededRandom(n);
    const p32 = Float32Array.from({ length: n }, rand);
    const t32 = Float32Array.from({ length: n }, rand);
    const classes = 10;
    const rowsN = Math.max(1, Math.floor(n / classes));
    const logits = Float32Array.from({ length: rowsN * classes }, () => 6 * rand() - 3);
    const labels = Int32Array.from({ length: rowsN }, () => Math.floor(rand() * classes));
    const runsOf = await Promise.all(backends.map((b) => b.optimizer(optimizers.adam({ learningRate: 1e-3 }), { w: { shape: [n], data: Float32Array.from(p32) } })));
    const cases: [string, (b: Backend<unknown>, i: number) => Promise<unknown>][] = [
      [`MSE value+grad, ${n}`, (b) => b.valueAndGrad(losses.mse(), { predictions: { shape: [n], data: p32 }, targets: { shape: [n], data: t32 } })],
      [`softmax CE value+grad, [${rowsN}, ${classes}]`, (b) => b.valueAndGrad(losses.sparseCategoricalCrossEntropy({ fromLogits: true }), { predictions: { shape: [rowsN, classes], data: logits }, targets: { shape: [rowsN], data: labels } })],
      [`Adam step, ${n}`, (_b, i) => (runsOf[i] as Awaited<(typeof runsOf)[number]>).step({ w: { shape: [n], data: t32 } })],
    ];
    for (const [label, work] of cases) {
      const times = backends.map(() => [] as number[]);
      for (let r = 0; r < runs + 1; r++) {
        for (const [i, b] of backends.entries()) {
          const t0 = performance.now();
          await work(b, i);
          if (r > 0) (times[i] as number[]).push(performance.now() - t0); // the first run warms up
        }
      }
      rows.push({ case: label, medians: Object.fromEntries(backends.map((b, i) => [b.name, median(times[i] as number[])])) });
    }
  }
  if (o.json === true) {
    io.out(JSON.stringify({ runs, rows }));
    return;
  }
  const base = backends[0]?.name ?? '';
  io.out(`| case | ${backends.map((b) => `${b.name} (ms)`).join(' | ')} | ${backends.slice(1).map((b) => `${b.name} / ${base}`).join(' | ')} |`);
  io.out(`| --- |${backends.map(() => ' ---: |').join('')}${backends.slice(1).map(() => ' ---: |').join('')}`);
  for (const r of rows) {
    const m = backends.map((b) => r.medians[b.name] as number);
    io.out(`| ${r.case} | ${m.map((v) => v.toFixed(2)).join(' | ')} | ${m.slice(1).map((v) => (v / (m[0] as number)).toFixed(2)).join(' | ')} |`);
  }
}
