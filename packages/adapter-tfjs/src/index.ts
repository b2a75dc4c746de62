export { createTfjsBackend, type TfjsBackendOptions } from './tfjs-backend.js';
export { asTfjsLoss } from './as-tfjs-loss.js';
export type { Tfjs, TfTensor } from './tfjs-types.js';
