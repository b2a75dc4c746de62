import { type Backend, LossKitError, createReferenceBackend } from '@losskit/core';
import { didYouMean } from './suggest.js';

export interface BackendEntry {
  readonly name: string;
  readonly description: string;
  /** The adapter package it needs, if any. */
  readonly adapter?: string;
  readonly open: () => Promise<Backend<unknown>>;
}

const missing = (what: string, e: unknown): LossKitError =>
  new LossKitError('UNSUPPORTED', `not installed: npm install ${what}`, { where: 'backend', cause: e });

async function tfjs(backend: 'cpu' | 'wasm'): Promise<Backend<unknown>> {
  let adapter: typeof import('@losskit/adapter-tfjs');
  let tf: typeof import('@tensorflow/tfjs');
  try {
    adapter = await import('@losskit/adapter-tfjs');
    tf = await import('@tensorflow/tfjs');
  } catch (e) {
    throw missing('@losskit/adapter-tfjs @tensorflow/tfjs', e);
  }
  if (backend === 'wasm') {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
    } catch (e) {
      throw missing('@tensorflow/tfjs-backend-wasm', e);
    }
  }
  return (await adapter.createTfjsBackend({ tf, backend })) as Backend<unknown>;
}

async function onnxBackend(): Promise<Backend<unknown>> {
  let adapter: typeof import('@losskit/adapter-onnx');
  let ort: typeof import('onnxruntime-node');
  try {
    adapter = await import('@losskit/adapter-onnx');
    ort = await import('onnxruntime-node');
  } catch (e) {
    throw missing('@losskit/adapter-onnx onnxruntime-node', e);
  }
  return (await adapter.createOnnxBackend({ ort })) as Backend<unknown>;
}

/** Every backend the CLI knows; adapters are found by package name when installed. */
export const BACKENDS: readonly BackendEntry[] = [
  { name: 'reference', description: 'pure TypeScript, float64 (always available)', open: createReferenceBackend },
  { name: 'tfjs', description: 'TensorFlow.js, cpu backend (@losskit/adapter-tfjs)', adapter: '@losskit/adapter-tfjs', open: () => tfjs('cpu') },
  { name: 'tfjs-wasm', description: 'TensorFlow.js, wasm backend (@tensorflow/tfjs-backend-wasm)', adapter: '@losskit/adapter-tfjs', open: () => tfjs('wasm') },
  { name: 'onnx', description: 'ONNX Runtime, CPU (@losskit/adapter-onnx, onnxruntime-node)', adapter: '@losskit/adapter-onnx', open: onnxBackend },
];

export function findBackend(name: string): BackendEntry | undefined {
  return BACKENDS.find((b) => b.name === name);
}

/** The backend entry of this name, or `BAD_PARAM` suggesting the closest names. */
export function backendByName(name: string, where: string): BackendEntry {
  const entry = findBackend(name);
  if (entry === undefined) throw new LossKitError('BAD_PARAM', `unknown backend '${name}'${didYouMean(name, BACKENDS.map((b) => b.name))}`, { where });
  return entry;
}
