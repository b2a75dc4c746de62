import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOSSKIT_VERSION } from './version.js';

describe('LOSSKIT_VERSION', () => {
  it('is the version in package.json (npm run version-packages keeps them in step)', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(LOSSKIT_VERSION).toBe(pkg.version);
  });
});
