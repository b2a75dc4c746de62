import { losskitVitestConfig } from '../../vitest.shared.ts';

export default losskitVitestConfig();
