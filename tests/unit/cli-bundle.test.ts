import { readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
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

describe('unist-util-visit-parents in the bundle', () => {
  it('gives no node\'s visit function a name of its own: that was a string and an Object.defineProperty for every node of every walk', async () => {
    // @ts-expect-error bin/ is plain JavaScript with no types
    const { withoutVisitNames } = await import('../../bin/bundle.js');
    const source = readFileSync(createRequire(import.meta.url).resolve('unist-util-visit-parents').replace(/index\.js$/, 'lib/index.js'), 'utf8');
    // The installed version names them (a new one that no longer does, or does it otherwise, fails here: look again).
    expect(source).toContain("Object.defineProperty(visit, 'name'");
    const bundled = withoutVisitNames(source);
    expect(bundled).not.toContain('defineProperty');
    // Only the naming goes: the walk itself is all there.
    expect(source.length - bundled.length).toBeLessThan(500);
    expect(bundled).toContain('function visit()');
    const folder = path.dirname(await bundledCli());
    const chunks = readdirSync(folder).filter((name) => name.endsWith('.mjs')).map((name) => readFileSync(path.join(folder, name), 'utf8'));
    expect(chunks.some((chunk) => chunk.includes('function visitParents('))).toBe(true);
    expect(chunks.some((chunk) => chunk.includes('"node ("'))).toBe(false);
  }, 60_000);
});
