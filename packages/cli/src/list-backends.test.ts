import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { findAdapters } from './find-adapters.js';

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../bin/losskit.js');
const dir = mkdtempSync(join(tmpdir(), 'losskit-list-backends-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const versionOf = (pkg: string): string => (JSON.parse(readFileSync(resolve(here, `../../${pkg}/package.json`), 'utf8')) as { version: string }).version;

describe('losskit list backends', () => {
  it('opens every backend and names the adapters installed, with their versions (this workspace has both)', () => {
    const r = spawnSync(process.execPath, [bin, 'list', 'backends', '--json'], { encoding: 'utf8', cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['backends', 'adapters']);
    expect(json.backends.map((b: { name: string; available: boolean }) => [b.name, b.available])).toEqual([['reference', true], ['tfjs', true], ['tfjs-wasm', true], ['onnx', true]]);
    expect(json.adapters).toEqual([
      { package: '@losskit/adapter-onnx', version: versionOf('adapter-onnx'), backends: ['onnx'] },
      { package: '@losskit/adapter-tfjs', version: versionOf('adapter-tfjs'), backends: ['tfjs', 'tfjs-wasm'] },
    ]);
    const text = spawnSync(process.execPath, [bin, 'list', 'backends'], { encoding: 'utf8', cwd: dir }).stdout;
    expect(text).toMatch(/^ {2}✓ onnx +ONNX Runtime/m);
    expect(text).toMatch(new RegExp(`^ {2}@losskit/adapter-tfjs@${versionOf('adapter-tfjs').replaceAll('.', '\\.')} +backends: tfjs, tfjs-wasm$`, 'm'));
  });
});

describe('findAdapters', () => {
  const pkg = (modules: string, name: string, manifest?: object): void => {
    mkdirSync(join(modules, name), { recursive: true });
    if (manifest !== undefined) writeFileSync(join(modules, name, 'package.json'), JSON.stringify(manifest));
  };

  it('finds @losskit/adapter-* packages, the nearer folder winning as in Node resolution', async () => {
    const near = join(dir, 'app', 'node_modules');
    const far = join(dir, 'node_modules');
    pkg(near, '@losskit/adapter-onnx', { name: '@losskit/adapter-onnx', version: '0.3.0' });
    pkg(near, '@losskit/core', { name: '@losskit/core', version: '0.3.0' });
    pkg(near, '@losskit/adapter-broken'); // no manifest: not a package
    pkg(far, '@losskit/adapter-onnx', { name: '@losskit/adapter-onnx', version: '0.1.0' });
    pkg(far, '@losskit/adapter-webgpu', { name: '@losskit/adapter-webgpu', version: '1.2.3' });
    pkg(far, '@other/adapter-x', { version: '1.0.0' });
    const found = await findAdapters([near, join(dir, 'missing', 'node_modules'), far]);
    expect(found.map((a) => [a.package, a.version])).toEqual([['@losskit/adapter-onnx', '0.3.0'], ['@losskit/adapter-webgpu', '1.2.3']]);
    expect(found[0]?.dir).toBe(join(near, '@losskit', 'adapter-onnx'));
  });
});

describe('a backend whose runtime is missing', () => {
  afterEach(() => {
    vi.doUnmock('onnxruntime-node');
    vi.resetModules();
  });

  it('is listed as installed but not usable, with the install command, and the others still work', async () => {
    vi.resetModules();
    vi.doMock('onnxruntime-node', () => {
      throw new Error("Cannot find package 'onnxruntime-node'");
    });
    const { main } = await import('./main.js');
    const out: string[] = [];
    const code = await main(['list', 'backends', '--json'], { out: (l) => void out.push(l), err: () => undefined });
    expect(code).toBe(0);
    const json = JSON.parse(out.join('\n'));
    expect(json.backends.find((b: { name: string }) => b.name === 'onnx')).toEqual({
      name: 'onnx', description: expect.any(String), available: false, reason: 'backend: not installed: npm install @losskit/adapter-onnx onnxruntime-node',
    });
    expect(json.backends.filter((b: { available: boolean }) => b.available).map((b: { name: string }) => b.name)).toEqual(['reference', 'tfjs', 'tfjs-wasm']);
    // The adapter package itself is there: the runtime it needs is what is missing.
    expect(json.adapters.map((a: { package: string }) => a.package)).toContain('@losskit/adapter-onnx');
  });
});
