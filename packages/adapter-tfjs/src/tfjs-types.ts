import type * as tfjs from '@tensorflow/tfjs-core';

/**
 * The tfjs module the user passes in (`import * as tf from '@tensorflow/tfjs'`), without
 * `default`, which a dynamically imported module namespace does not have.
 */
export type Tfjs = Omit<typeof tfjs, 'default'>;
export type TfTensor = tfjs.Tensor;
