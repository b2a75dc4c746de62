import { runConformance } from '@losskit/conformance';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createTfjsBackend } from './index.js';

runConformance({ name: 'tfjs-cpu', createBackend: () => createTfjsBackend({ tf, backend: 'cpu' }) });
runConformance({ name: 'tfjs-wasm', createBackend: () => createTfjsBackend({ tf, backend: 'wasm' }) });
