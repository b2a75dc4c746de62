import { losskitVitestConfig } from '../../vitest.shared.ts';

// Session creation and first runs compete for the 2 CI cores: generous per-test time.
export default losskitVitestConfig({ testTimeout: 30_000 });
