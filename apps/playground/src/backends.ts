import { type Backend, createReferenceBackend } from '@losskit/core';

export const BACKENDS = ['reference', 'tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl', 'onnx-wasm'] as const;
export type BackendId = (typeof BACKENDS)[number];

export function isBackendId(s: string): s is BackendId {
  return (BACKENDS as readonly string[]).includes(s);
}

/** Where the build puts the wasm binaries (see vite.config.ts): beside index.html, never a CDN. */
const wasmBase = (dir: string): string => new URL(`wasm/${dir}/`, document.baseURI).href;

let referenceBackend: Promise<Backend> | undefined;
let onnxBackend: Promise<Backend> | undefined;

async function tfjsBackend(kind: 'cpu' | 'wasm' | 'webgl'): Promise<Backend> {
  // Loaded on first use: the reference backend alone needs none of tfjs.
  const [tf, { createTfjsBackend }] = await Promise.all([import('@tensorflow/tfjs'), import('@losskit/adapter-tfjs')]);
  if (kind === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(wasmBase('tfjs'));
  }
  // tfjs has one active backend per page, so a losskit backend is made on each switch: it
  // activates its own tfjs backend (and fails with UNSUPPORTED when it cannot, as webgl without a GPU).
  return createTfjsBackend({ tf, backend: kind });
}

async function createOnnx(): Promise<Backend> {
  const [ort, { createOnnxBackend }] = await Promise.all([import('onnxruntime-web/wasm'), import('@losskit/adapter-onnx')]);
  ort.env.wasm.wasmPaths = wasmBase('ort');
  // Threads need a cross-origin-isolated page (SharedArrayBuffer); a static host may not send
  // those headers, so one thread works everywhere.
  ort.env.wasm.numThreads = 1;
  return createOnnxBackend({ ort, sessionOptions: { executionProviders: ['wasm'] } });
}

/** The losskit backend for this id; throws the adapter's LossKitError when it cannot start. */
export async function loadBackend(id: BackendId): Promise<Backend> {
  switch (id) {
    case 'reference':
      referenceBackend ??= createReferenceBackend();
      return referenceBackend;
    case 'onnx-wasm':
      onnxBackend ??= createOnnx().catch((e: unknown) => {
        onnxBackend = undefined;
        throw e;
      });
      return onnxBackend;
    case 'tfjs-cpu':
      return tfjsBackend('cpu');
    case 'tfjs-wasm':
      return tfjsBackend('wasm');
    case 'tfjs-webgl':
      return tfjsBackend('webgl');
  }
}
