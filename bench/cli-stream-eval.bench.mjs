// `losskit eval mse` on a generated CSV pair far larger than it should hold in memory: peak
// resident memory of the subprocess (VmHWM in /proc/<pid>/status, Linux), throughput, and the
// value against a running sum computed here while writing the files. A benchmark, not a test.
// Run: node bench/cli-stream-eval.bench.mjs [--gb 2] [--keep]   (after npm run build)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '@losskit/core';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const totalBytes = arg('--gb', 2) * 1024 ** 3;
const columns = 4;
const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../packages/cli/bin/losskit.js');
const dir = mkdtempSync(join(tmpdir(), 'losskit-stream-bench-'));
const predPath = join(dir, 'pred.csv');
const targetPath = join(dir, 'target.csv');

/** Writes both files block by block (deterministic: one seeded generator) and the MSE of what was written. */
async function generate() {
  const random = seededRandom(20261123);
  const pred = createWriteStream(predPath);
  const target = createWriteStream(targetPath);
  const header = `${Array.from({ length: columns }, (_, c) => `y${c}`).join(',')}\n`;
  pred.write(header);
  target.write(header);
  let written = 2 * header.length;
  let sum = 0;
  let count = 0;
  while (written < totalBytes) {
    const p = [];
    const t = [];
    for (let r = 0; r < 10_000; r++) {
      const pr = [];
      const tr = [];
      for (let c = 0; c < columns; c++) {
        const ps = (random() * 4 - 2).toFixed(6);
        const ts = (random() * 4 - 2).toFixed(6);
        const d = Number(ps) - Number(ts);
        sum += d * d;
        count++;
        pr.push(ps);
        tr.push(ts);
      }
      p.push(pr.join(','));
      t.push(tr.join(','));
    }
    const ps = `${p.join('\n')}\n`;
    const ts = `${t.join('\n')}\n`;
    written += ps.length + ts.length;
    if (!pred.write(ps)) await once(pred, 'drain');
    if (!target.write(ts)) await once(target, 'drain');
  }
  pred.end();
  target.end();
  await Promise.all([once(pred, 'finish'), once(target, 'finish')]);
  return { expected: sum / count, count };
}

function peakRss(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? 0 : Number(m[1]) * 1024;
  } catch {
    return 0; // it has just exited
  }
}

try {
  const g0 = performance.now();
  const { expected, count } = await generate();
  const bytes = statSync(predPath).size + statSync(targetPath).size;
  console.log(`generated ${(bytes / 1024 ** 3).toFixed(2)} GiB (${count.toLocaleString('en')} values per file) in ${((performance.now() - g0) / 1000).toFixed(0)} s`);

  const t0 = performance.now();
  const child = spawn(process.execPath, [bin, 'eval', 'mse', '--pred', predPath, '--target', targetPath, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, peakRss(child.pid))), 100);
  const [code] = await once(child, 'exit');
  clearInterval(sampler);
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`losskit exited with ${code}`);
  const value = JSON.parse(out).value.data[0];
  console.log(`peak RSS ${(peak / 1024 ** 2).toFixed(0)} MiB (target < 300 MB)`);
  console.log(`time ${seconds.toFixed(1)} s, ${(bytes / 1024 ** 2 / seconds).toFixed(1)} MiB/s, ${(2 * count / seconds / 1e6).toFixed(2)} M values/s`);
  console.log(`value ${value}, running sum here ${expected}, relative difference ${(Math.abs(value - expected) / expected).toExponential(2)}`);
} finally {
  if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
}
