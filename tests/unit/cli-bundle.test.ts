import { statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error bin/ is plain JavaScript with no types
import { bundledCli } from '../../bin/bundle.js';

/**
 * A checkout runs the esbuild bundle of its sources (bin/bundle.js). A build loads the bundle's
 * chunks as it needs them until it ends, so a bundle still in use must outlive other checkouts'
 * and edits' pruning: each start dates its bundle anew (try-real-docs once lost a build to it).
 */
describe('the bundle a checkout runs', () => {
  it('is dated anew by each start that uses it, so pruning keeps it', async () => {
    const folder = path.dirname(await bundledCli());
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    utimesSync(folder, twoDaysAgo, twoDaysAgo);
    expect(path.dirname(await bundledCli())).toBe(folder);
    expect(statSync(folder).mtimeMs).toBeGreaterThan(Date.now() - 60 * 60 * 1000);
  }, 60_000);
});
