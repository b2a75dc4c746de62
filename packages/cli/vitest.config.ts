import { losskitVitestConfig } from '../../vitest.shared.ts';

// Each test starts the binary (some load tfjs and ONNX Runtime) while other packages' tests share the 2 CI cores.
export default losskitVitestConfig({ testTimeout: 60_000 });
