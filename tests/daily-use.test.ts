import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';

/** What a user meets every day: the config they write, --strict, the names of their files. */
describe('daily use', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'octavo-daily-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  /** A project folder with a one-chapter manuscript and the given files. */
  async function project(name: string, files: Record<string, string> = {}): Promise<string> {
    const dir = path.join(root, name);
    await mkdir(path.join(dir, 'manuscript'), { recursive: true });
    await writeFile(path.join(dir, 'manuscript', 'text.md'), '---\ntitle: Daily\nlang: en\n---\n\nSome text.\n');
    for (const [file, text] of Object.entries(files)) await writeFile(path.join(dir, file), text);
    return dir;
  }

  it('the output keeps the name init wrote when a second chapter is added', async () => {
    const dir = path.join(root, 'my-novel');
    await mkdir(dir);
    expect((await octavo(['init'], { cwd: dir })).code).toBe(0);
    expect(await readFile(path.join(dir, 'octavo.config.yaml'), 'utf8')).toMatch(/^name: my-novel +#/m);
    expect((await octavo(['build', '--format', 'html'], { cwd: dir })).code).toBe(0);
    expect(await readdir(path.join(dir, 'dist'))).toEqual(['my-novel.html']);
    await writeFile(path.join(dir, 'manuscript', 'two.md'), '# Two\n\nThe second chapter.\n');
    const again = await octavo(['build', '--format', 'html'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(await readdir(path.join(dir, 'dist'))).toEqual(['my-novel.html']);
    expect(await readFile(path.join(dir, 'dist', 'my-novel.html'), 'utf8')).toContain('The second chapter.');
  });

  it('without `name:`, the default name stays when chapters are added: the folder’s, or the project’s with a config', async () => {
    // No config: the manuscript folder's name, for one chapter or two.
    const bare = await project('no-config');
    expect((await octavo(['build', 'manuscript', '--format', 'html', '--out', 'dist'], { cwd: bare })).code).toBe(0);
    await writeFile(path.join(bare, 'manuscript', 'two.md'), '# Two\n\nThe second chapter.\n');
    expect((await octavo(['build', 'manuscript', '--format', 'html', '--out', 'dist'], { cwd: bare })).code).toBe(0);
    expect(await readdir(path.join(bare, 'dist'))).toEqual(['manuscript.html']);

    // A config without `name:`: package.json's name, for one chapter, two, and a `chapters:` list.
    const dir = await project('unnamed', { 'octavo.config.yaml': 'formats: [html]\n', 'package.json': '{ "name": "@me/the-book", "private": true }\n' });
    const built = async () => {
      const result = await octavo(['build'], { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      return readdir(path.join(dir, 'dist'));
    };
    expect(await built()).toEqual(['the-book.html']);
    await writeFile(path.join(dir, 'manuscript', 'two.md'), '# Two\n\nThe second chapter.\n');
    expect(await built()).toEqual(['the-book.html']);
    await writeFile(path.join(dir, 'octavo.config.yaml'), 'formats: [html]\nchapters: [manuscript/two.md, manuscript/text.md]\n');
    expect(await built()).toEqual(['the-book.html']);
    expect(await readFile(path.join(dir, 'dist', 'the-book.html'), 'utf8')).toMatch(/The second chapter\.[\s\S]*Some text\./);
    // With no package.json name, the project folder's.
    await rm(path.join(dir, 'package.json'));
    await rm(path.join(dir, 'dist'), { recursive: true });
    expect(await built()).toEqual(['unnamed.html']);
  });

  it('two config files: an error naming both, neither read, nothing written', async () => {
    const dir = await project('two-configs', { 'octavo.config.ts': 'export default { formats: ["html"] };\n', 'octavo.config.yaml': 'formats: [epub]\n' });
    const result = await octavo(['build', '--format', 'html'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/octavo\.config\.yaml\n *1:1 +error +There are 2 config files here: `octavo\.config\.ts` and `octavo\.config\.yaml`; Octavo reads one, so none was read +config-ambiguous/);
    expect(result.stderr).toContain('--config');
    expect(existsSync(path.join(dir, 'dist'))).toBe(false);
    // Naming one settles it.
    const chosen = await octavo(['build', '--config', 'octavo.config.yaml', '--format', 'html'], { cwd: dir });
    expect(chosen.code, chosen.stderr).toBe(0);
  });

  it('--strict: manuscript warnings are errors, and it says so: "N warnings treated as errors; nothing written"', async () => {
    const dir = await project('strict-manuscript');
    await writeFile(path.join(dir, 'manuscript', 'text.md'), '---\ntitle: Daily\nlang: en\n---\n\n![A missing picture](missing.png)\n');
    const result = await octavo(['build', '--strict', '--format', 'html'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^1 warning treated as errors; nothing written$/m);
    expect(existsSync(path.join(dir, 'dist'))).toBe(false);
    const lenient = await octavo(['build', '--format', 'html'], { cwd: dir });
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(lenient.stderr).not.toContain('treated as errors');
  });

  it('--strict applies to the config too: an unknown key is an error and nothing is written', async () => {
    const dir = await project('strict-config', { 'octavo.config.yaml': 'formats: [html]\ntempalte: book\n' });
    const result = await octavo(['build', '--strict'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/octavo\.config\.yaml\n *2:1 +warning +Unknown setting `tempalte`/);
    expect(result.stderr).toMatch(/^1 warning treated as errors; nothing written$/m);
    expect(existsSync(path.join(dir, 'dist'))).toBe(false);
    // `octavo check --strict` judges the config as strictly.
    const checked = await octavo(['check', '--strict'], { cwd: dir });
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/^problems: strict-config \(1 chapter\)$/m);
    expect(checked.stderr).toMatch(/^1 warning treated as errors$/m);
    // `strict: true` in the config does the same.
    await writeFile(path.join(dir, 'octavo.config.yaml'), 'formats: [html]\nstrict: true\ntempalte: book\n');
    const configured = await octavo(['build'], { cwd: dir });
    expect(configured.code).toBe(1);
    expect(existsSync(path.join(dir, 'dist'))).toBe(false);
    // Without strict it is a warning, and the build is written.
    await writeFile(path.join(dir, 'octavo.config.yaml'), 'formats: [html]\ntempalte: book\n');
    const lenient = await octavo(['build'], { cwd: dir });
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(await readdir(path.join(dir, 'dist'))).toEqual(['strict-config.html']);
  });
});
