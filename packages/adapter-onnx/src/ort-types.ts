import type * as ortCommon from 'onnxruntime-common';

/** The ONNX Runtime module the user passes in: onnxruntime-node or onnxruntime-web. */
export interface Ort {
  readonly InferenceSession: typeof ortCommon.InferenceSession;
  readonly Tensor: typeof ortCommon.Tensor;
}
export type OrtTensor = ortCommon.Tensor;
export type OrtSession = ortCommon.InferenceSession;
