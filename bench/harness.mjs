import { seededRandom } from '@losskit/core';

// Side-by-side timing: each row runs both contenders interleaved in one process, so machine
// noise hits both alike, and reports medians and their ratio. Benchmarks, not tests.
export async function compare(label, contenders, { warmup = 2, runs = 7 } = {}) {
  const names = Object.keys(contenders);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < warmup; i++) for (const n of names) await contenders[n]();
  for (let i = 0; i < runs; i++) {
    for (const n of names) {
      const t0 = performance.now();
      await contenders[n]();
      times[n].push(performance.now() - t0);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const m = names.map((n) => median(times[n]));
  return { label, medians: Object.fromEntries(names.map((n, i) => [n, m[i]])), ratio: m[0] / m[1] };
}

export function printTable(title, rows, names) {
  console.log(`\n${title}`);
  console.log(`| case | ${names[0]} (ms) | ${names[1]} (ms) | ratio |`);
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(`| ${r.label} | ${r.medians[names[0]].toFixed(2)} | ${r.medians[names[1]].toFixed(2)} | ${r.ratio.toFixed(2)} |`);
  }
}

export function randomFloat32(n, seed, lo = -1, hi = 1) {
  const r = seededRandom(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * r();
  return out;
}
