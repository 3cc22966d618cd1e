import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCache } from '../../src/cache.ts';
import { fileCoverage } from '../../src/fonts/coverage.ts';
import { installedFontName } from '../../src/fonts/installed.ts';
import { subset } from '../../src/fonts/load.ts';

/** A package in a node_modules/ folder whose one "font" is not a font: reading it would fail. */
async function fakePackage(): Promise<{ root: string; name: string; file: (base: string) => Promise<string> }> {
  const root = await mkdtemp(path.join(tmpdir(), 'octavo-installed-'));
  const name = `octavo-test-face-${path.basename(root).slice(-6).toLowerCase()}`;
  const dir = path.join(root, 'node_modules', name);
  await mkdir(path.join(dir, 'files'), { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.2.3' }));
  return {
    root,
    name,
    file: async (base) => {
      const file = path.join(dir, 'files', base);
      await writeFile(file, 'not a font');
      return file;
    },
  };
}

describe('faces of installed packages', () => {
  it('are named by their package, version and path; other files are not', async () => {
    const pkg = await fakePackage();
    expect(await installedFontName(await pkg.file('face-latin-400-normal.woff2'))).toBe(`${pkg.name}@1.2.3/files/face-latin-400-normal.woff2`);
    // A project's own font can change under the same version: it is known by its bytes.
    await writeFile(path.join(pkg.root, 'package.json'), JSON.stringify({ name: 'a-project', version: '1.0.0' }));
    await mkdir(path.join(pkg.root, 'fonts'));
    await writeFile(path.join(pkg.root, 'fonts', 'own.woff2'), 'not a font');
    expect(await installedFontName(path.join(pkg.root, 'fonts', 'own.woff2'))).toBeUndefined();
  });

  it('have their coverage and cuts taken from the cache without reading the font', async () => {
    const pkg = await fakePackage();
    const kept = await pkg.file('kept-latin-400-normal.woff2');
    await toCache('coverage-1', `installed:${pkg.name}@1.2.3/files/kept-latin-400-normal.woff2`, 'json', new TextEncoder().encode(JSON.stringify([[65, 90]])));
    expect(await fileCoverage(kept)).toEqual([[65, 90]]);
    const cut = new Uint8Array([1, 2, 3]);
    await toCache('fonts', Buffer.concat([Buffer.from(`installed:${pkg.name}@1.2.3/files/kept-latin-400-normal.woff2`), Buffer.from('\u0000woff2\u0000AB')]), 'woff2', cut);
    expect([...(await subset(kept, 'AB', 'woff2'))]).toEqual([...cut]);
    // Not kept: the file is read, and this one is no font.
    await expect(fileCoverage(await pkg.file('new-latin-400-normal.woff2'))).rejects.toThrow(/WOFF2/);
  });
});
