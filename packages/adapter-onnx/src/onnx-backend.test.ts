import { runConformance } from '@losskit/conformance';
import * as ort from 'onnxruntime-node';
import { createOnnxBackend } from './index.js';

runConformance({ name: 'onnx', createBackend: () => createOnnxBackend({ ort }) });
