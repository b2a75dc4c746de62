/**
 * The part of the ONNX Runtime JavaScript API this adapter uses, written structurally: the
 * module passed in may be `onnxruntime-node` or `onnxruntime-web` (any version with the common
 * `InferenceSession.create(bytes)` / `Tensor` API), and neither is a hard dependency.
 */

/** The element types this adapter creates and reads. */
export type OrtTensorType = 'float32' | 'float64' | 'int32' | 'int64' | 'bool';

/** An ONNX Runtime tensor (`ort.Tensor`): CPU data, row-major. */
export interface OrtTensor {
  readonly type: string;
  readonly dims: readonly number[];
  /** A typed array for numeric types; read it through `Backend.toHost`. */
  readonly data: unknown;
}

/** Session options passed through to `InferenceSession.create` (a subset; see ONNX Runtime's docs). */
export interface OrtSessionOptions {
  readonly executionProviders?: readonly (string | { readonly name: string })[];
  readonly intraOpNumThreads?: number;
  readonly interOpNumThreads?: number;
  readonly graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  readonly executionMode?: 'sequential' | 'parallel';
  /** 0 verbose … 4 fatal. The backend defaults to 4: ORT's own error lines reach the caller as `LossKitError`s instead. */
  readonly logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
  /**
   * Session config entries, nested by their dotted keys (`{ session: { intra_op: { allow_spinning: '0' } } }`).
   * The backend's default turns thread spinning off; passing `extra` replaces that default.
   */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

/** The ONNX Runtime module the user passes in: `import * as ort from 'onnxruntime-node'` (or `'onnxruntime-web'`). */
export interface Ort {
  readonly InferenceSession: {
    create(model: Uint8Array, options?: OrtSessionOptions): Promise<OrtSession>;
  };
  readonly Tensor: new (type: OrtTensorType, data: Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array, dims: readonly number[]) => OrtTensor;
}
