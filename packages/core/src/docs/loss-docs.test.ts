import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { losses } from '../losses/index.js';
import { renderLossDocs } from './loss-docs.js';

const file = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../docs/losses.md');

describe('docs/losses.md', () => {
  // `npm run docs -w @losskit/core` sets LOSSKIT_WRITE_DOCS and rewrites the file.
  it('is generated from the current metadata and presets (not stale)', () => {
    const fresh = renderLossDocs();
    if (process.env.LOSSKIT_WRITE_DOCS === '1') writeFileSync(file, fresh);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8'), 'docs/losses.md is stale: run `npm run docs -w @losskit/core`').toBe(fresh);
  });

  it('has a section and a summary row for every loss, with its presets', () => {
    const doc = renderLossDocs();
    for (const id of Object.keys(losses)) {
      expect(doc).toContain(`## \`${id}\``);
      expect(doc).toContain(`| [\`${id}\`]`);
    }
    expect(doc).toContain("compat.loss('keras', 'BinaryCrossentropy', { … })");
    expect(doc).toContain('from_logits=false');
  });
});
