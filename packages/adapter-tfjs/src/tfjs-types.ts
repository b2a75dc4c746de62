import type * as tfjs from '@tensorflow/tfjs-core';

/** The tfjs module the user passes in (`import * as tf from '@tensorflow/tfjs'`). */
export type Tfjs = typeof tfjs;
export type TfTensor = tfjs.Tensor;
