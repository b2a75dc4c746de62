// `changeset version` bumps package.json; saved state files record the version from
// src/version.ts, so this rewrites that constant to match after each bump.
import { readFileSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../packages/core/package.json', import.meta.url), 'utf8'));
const file = new URL('../packages/core/src/version.ts', import.meta.url);
const before = readFileSync(file, 'utf8');
const after = before.replace(/LOSSKIT_VERSION = '[^']*'/, `LOSSKIT_VERSION = '${pkg.version}'`);
if (after !== before) writeFileSync(file, after);
console.log(`LOSSKIT_VERSION = ${pkg.version}`);
