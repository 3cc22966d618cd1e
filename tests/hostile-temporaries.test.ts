import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';

/**
 * Case 1 of issue 24: the sweep of stale temporaries removed, recursively and silently, the
 * user's own hidden entries in the output folder whose names merely looked like Octavo's
 * (a number where the PID goes, a dead process). Octavo now removes only work folders it can
 * prove it made: `.octavo-PID-XXXXXX/` holding a marker that repeats the folder's name.
 */
describe('1: a build deletes only temporaries it can prove it wrote', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-temporaries-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps the user's look-alike hidden files and folders, and sweeps Octavo's own stale work folder", async () => {
    const manuscript = path.join(dir, 'book.md');
    await writeFile(manuscript, '---\ntitle: Kept\nlang: en\n---\n\n# One\n\nText.\n');
    const out = path.join(dir, 'out');
    await mkdir(out);
    // The user's own entries, shaped like the old temporaries (`.NAME.PID.TIME.RAND.tmp`, `.NAME.….N.old`) with a dead "PID".
    await mkdir(path.join(out, '.thesis.2024.05.draft.tmp'));
    await writeFile(path.join(out, '.thesis.2024.05.draft.tmp', 'notes.txt'), 'my notes');
    await mkdir(path.join(out, '.config.2023.10.v1.2.old'));
    await writeFile(path.join(out, '.config.2023.10.v1.2.old', 'settings'), 'my settings');
    await writeFile(path.join(out, '.book.pdf.999999999.1.abc123.tmp'), 'a file of mine');
    // Shaped like Octavo's new work folders, but without the marker that names it: not provably Octavo's.
    await mkdir(path.join(out, '.octavo-999999999-abcdef'));
    await writeFile(path.join(out, '.octavo-999999999-abcdef', 'octavo-temporary'), 'something else\n');
    await mkdir(path.join(out, '.octavo-999999998-ghijkl'));
    // What a build killed outright leaves: a work folder of a dead process, its marker repeating its name.
    const stale = '.octavo-999999997-Zx9Q2a';
    await mkdir(path.join(out, stale));
    await writeFile(path.join(out, stale, 'octavo-temporary'), `${stale}\nOctavo's temporary files for one write; removed when the write ends.\n`);
    await writeFile(path.join(out, stale, 'new'), '<html>half a page');

    const built = await octavo(['build', manuscript, '--out', out, '--format', 'html']);
    expect(built.code, built.stderr).toBe(0);
    expect((await readdir(out)).sort()).toEqual([
      '.book.pdf.999999999.1.abc123.tmp',
      '.config.2023.10.v1.2.old',
      '.octavo-999999998-ghijkl',
      '.octavo-999999999-abcdef',
      '.thesis.2024.05.draft.tmp',
      'book.html',
    ]);
    expect(await readFile(path.join(out, '.thesis.2024.05.draft.tmp', 'notes.txt'), 'utf8')).toBe('my notes');
    expect(await readFile(path.join(out, '.config.2023.10.v1.2.old', 'settings'), 'utf8')).toBe('my settings');
    expect(await readFile(path.join(out, '.book.pdf.999999999.1.abc123.tmp'), 'utf8')).toBe('a file of mine');
    expect(await readdir(path.join(out, '.octavo-999999999-abcdef'))).toEqual(['octavo-temporary']);
  });

  it('leaves no work folder behind after a split-HTML build and a single-file build', async () => {
    const manuscript = path.join(dir, 'two');
    await mkdir(manuscript);
    await writeFile(path.join(manuscript, '01.md'), '---\ntitle: Two\nlang: en\n---\n\n# One\n\nFirst.\n');
    await writeFile(path.join(manuscript, '02.md'), '# Two\n\nSecond.\n');
    const out = path.join(dir, 'out-two');
    for (const args of [['--format', 'html', '--html-split'], ['--format', 'epub']]) {
      const built = await octavo(['build', manuscript, '--out', out, ...args]);
      expect(built.code, built.stderr).toBe(0);
    }
    expect((await readdir(out)).sort()).toEqual(['two', 'two.epub']);
  });
});
