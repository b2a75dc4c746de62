import { defineConfig } from 'vite';
import { viteStaticCopy } from 'vite-plugin-static-copy';

// The wasm binaries of tfjs-backend-wasm and ONNX Runtime Web are fetched at run time from the
// paths the app sets (setWasmPaths, ort.env.wasm.wasmPaths), so they are copied into the build
// as they are: the site then works offline, with nothing from a CDN.
export default defineConfig({
  base: './',
  // ONNX Runtime Web's "extern wasm" build loads its wasm glue and binary from
  // ort.env.wasm.wasmPaths (the copies below) instead of Vite emitting a second copy.
  resolve: { conditions: ['onnxruntime-web-use-extern-wasm', 'module', 'browser', 'development|production'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  plugins: [
    viteStaticCopy({
      targets: [
        { src: '../../node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm', dest: 'wasm/tfjs', rename: { stripBase: true } },
        { src: '../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.{wasm,mjs}', dest: 'wasm/ort', rename: { stripBase: true } },
      ],
    }),
  ],
});
