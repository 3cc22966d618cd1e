import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vnu, vnuMany } from './helpers/validators.ts';

/**
 * The Nu HTML Checker helpers judge what they are given, and say so when they could not: vnu
 * itself reports nothing for a path that is not there and exits 0, which read as a clean page.
 * That they find a broken page's errors, tests/writers/html-nu.test.ts and tests/corpus.test.ts
 * show. Runs Java, so in `npm test` only, not the unit tier.
 */
describe('the Nu HTML Checker helpers', () => {
  let dir: string;
  const page = (body: string) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A page</title></head><body>${body}</body></html>`;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-nu-'));
    await writeFile(path.join(dir, 'clean.html'), page('<p>Fine.</p>'));
    await mkdir(path.join(dir, 'folder'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('throws for a file that was never written, instead of finding nothing', async () => {
    await expect(vnu(path.join(dir, 'never-written.html'))).rejects.toThrow(`did not check ${path.join(dir, 'never-written.html')} (does not exist)`);
  });

  it('throws for each path among many that it did not check, and names only those', async () => {
    const checking = vnuMany([path.join(dir, 'clean.html'), path.join(dir, 'missing.html'), path.join(dir, 'folder')]);
    await expect(checking).rejects.toThrow(`did not check ${path.join(dir, 'missing.html')} (does not exist), ${path.join(dir, 'folder')} (is not a file)`);
  });
});
