import { LossKitError } from '@losskit/core';

export type OnnxAdapter = typeof import('@losskit/adapter-onnx');

/** The ONNX adapter, an optional peer dependency: `UNSUPPORTED` saying how to install it when absent. */
export async function onnxAdapter(where: string): Promise<OnnxAdapter> {
  try {
    return await import('@losskit/adapter-onnx');
  } catch (e) {
    throw new LossKitError('UNSUPPORTED', 'writing .onnx needs the ONNX adapter: npm install @losskit/adapter-onnx', { where, cause: e });
  }
}
