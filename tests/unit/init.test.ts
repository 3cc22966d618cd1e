import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initProject, writeAll } from '../../src/init.ts';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'octavo-init-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function init(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (chunk) => (stdout += chunk));
  err.on('data', (chunk) => (stderr += chunk));
  const code = await initProject(dir, { stdout: out, stderr: err });
  return { code, stdout, stderr };
}

/** Every entry under `dir`, with each file's text (a link as `-> target`). */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    const key = path.relative(dir, file);
    if (entry.isSymbolicLink()) entries[key] = '-> link';
    else if (entry.isFile()) entries[key] = await readFile(file, 'utf8');
    else entries[key] = '/';
  }
  return entries;
}

/** Case 7 of issue 24: `octavo init` is all or nothing, and keeps a package.json as it is written. */
describe('octavo init', () => {
  it('starts a project beside a dangling .gitignore link, keeping the link (before: EEXIST after writing half, and refused to run again)', async () => {
    const dir = path.join(work, 'dangling');
    await mkdir(dir);
    await symlink('nowhere', path.join(dir, '.gitignore'));
    const result = await init(dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['.gitignore', 'manuscript', 'octavo.config.yaml', 'package.json']);
    expect((await lstat(path.join(dir, '.gitignore'))).isSymbolicLink()).toBe(true);
  });

  it('writes every file or none: a failure at the last leaves the folder as it was, with no temporaries', async () => {
    const dir = path.join(work, 'all-or-nothing');
    await mkdir(dir);
    await writeFile(path.join(dir, 'sub'), 'a file where a folder would go\n');
    await writeFile(path.join(dir, 'taken.txt'), 'mine\n');
    const before = await snapshot(dir);
    expect(await writeAll(dir, { 'one.txt': '1', 'new/two.txt': '2', 'sub/three.txt': '3' }, new Set())).toEqual({ file: 'sub/three.txt', why: 'EEXIST' });
    expect(await snapshot(dir)).toEqual(before);
    // A name taken once the temporaries are written (as by another program meanwhile) is never replaced.
    expect(await writeAll(dir, { 'one.txt': '1', 'taken.txt': 'theirs' }, new Set())).toEqual({ file: 'taken.txt', why: 'it appeared while init ran' });
    expect(await snapshot(dir)).toEqual(before);
    expect(await writeAll(dir, { 'one.txt': '1', 'taken.txt': 'replaced' }, new Set(['taken.txt']))).toBeUndefined();
    expect(await snapshot(dir)).toEqual({ ...before, 'one.txt': '1', 'taken.txt': 'replaced' });
  });

  it('refuses `"scripts"` that is not an object, at its place, writing nothing (before: an unplaced TypeError)', async () => {
    const dir = path.join(work, 'scripts-string');
    await mkdir(dir);
    await writeFile(path.join(dir, 'package.json'), '{\n  "name": "b",\n  "scripts": "echo hi"\n}\n');
    const before = await snapshot(dir);
    const result = await init(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/package\.json:3:3: error: `scripts` in package\.json is a string, not an object .*\[octavo:package-json\]/);
    expect(result.stderr).not.toMatch(/TypeError|    at /);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('keeps a tab-indented package.json tab-indented', async () => {
    const dir = path.join(work, 'tabs');
    await mkdir(dir);
    await writeFile(path.join(dir, 'package.json'), '{\n\t"name": "tabs",\n\t"scripts": {\n\t\t"test": "vitest"\n\t}\n}\n');
    expect((await init(dir)).code).toBe(0);
    expect(await readFile(path.join(dir, 'package.json'), 'utf8')).toBe(
      '{\n\t"name": "tabs",\n\t"scripts": {\n\t\t"test": "vitest",\n\t\t"build": "octavo build",\n\t\t"check": "octavo check",\n\t\t"watch": "octavo build --watch",\n\t\t"preview": "octavo preview --open"\n\t},\n\t"devDependencies": {\n\t\t"octavo": "' +
        JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')).devDependencies.octavo +
        '"\n\t}\n}\n',
    );
  });

  it('refuses a package.json with a key given twice, or one it cannot write back unchanged, at its place', async () => {
    const twice = path.join(work, 'twice');
    await mkdir(twice);
    await writeFile(path.join(twice, 'package.json'), '{\n\t"name": "c",\n\t"version": "1.0.0",\n\t"name": "again"\n}\n');
    const result = await init(twice);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/package\.json:4:2: error: package\.json gives a key twice.*\[octavo:package-json\]/);
    expect(await readdir(twice)).toEqual(['package.json']);

    const dense = path.join(work, 'dense');
    await mkdir(dense);
    await writeFile(path.join(dense, 'package.json'), '{\n  "name": "dense",\n  "version":"1.0.0"\n}\n');
    const refused = await init(dense);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/package\.json:3:13: error: package\.json is laid out in a way init cannot write back unchanged/);
    expect(await readFile(path.join(dense, 'package.json'), 'utf8')).toBe('{\n  "name": "dense",\n  "version":"1.0.0"\n}\n');
  });
});
