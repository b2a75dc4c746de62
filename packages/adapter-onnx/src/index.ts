export { createOnnxBackend, type OnnxBackendOptions } from './onnx-backend.js';
export { exportOnnx, type ExportOptions } from './export-onnx.js';
export { lowerProgram, OPSET, type LoweredModel, type LowerOptions } from './lower-program.js';
export type { RuntimeCheck } from './graph-builder.js';
export type { Ort, OrtSession, OrtSessionOptions, OrtTensor, OrtTensorType } from './ort-types.js';
