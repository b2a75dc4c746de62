import { createReferenceBackend } from '@losskit/core';
import { runConformance } from './index.js';

// The suite run against the reference backend itself: its golden values, finite differences
// and independent optimizer implementations prove the oracle right.
runConformance({ name: 'reference', createBackend: createReferenceBackend });
