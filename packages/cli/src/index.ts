export { main } from './main.js';
export { readTensor } from './io/read-tensor.js';
export { writeAtomic } from './io/write-atomic.js';
export { BACKENDS, findBackend, type BackendEntry } from './backends.js';
export type { Io } from './output.js';
