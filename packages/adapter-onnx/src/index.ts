export { createOnnxBackend, type OnnxBackendOptions } from './onnx-backend.js';
export { exportOnnx, type ExportOptions } from './export-onnx.js';
export { lowerProgram, OPSET, type LoweredModel } from './lower-program.js';
export type { Ort, OrtTensor } from './ort-types.js';
