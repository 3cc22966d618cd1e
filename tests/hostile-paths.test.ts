import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planProject } from '../src/config/project.ts';
import { formatMessages } from '../src/report.ts';
import { octavo } from './helpers/cli.ts';
import { listen, type JsonMessage } from './helpers/hostile.ts';

/**
 * Severe cases 1–4 of issue 13, each in a folder of its own under one mkdtemp folder: nothing
 * here points a build at anything outside it.
 */

/** Every file under `dir` with its text, to prove a folder came through untouched. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries) {
    if (entry.isFile()) files[path.relative(dir, path.join(entry.parentPath, entry.name))] = await readFile(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

async function write(root: string, files: Record<string, string>): Promise<string> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
  return root;
}

const chapter = (title: string, body = 'Some text.') => `---\ntitle: ${title}\n---\n\n# ${title}\n\n${body}\n`;
const book = { 'book/01.md': chapter('One'), 'book/02.md': chapter('Two'), 'book/notes.txt': 'the author’s notes\n', 'book/images/keep.txt': 'kept\n' };

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-paths-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const messagesOf = (stdout: string): JsonMessage[] => JSON.parse(stdout).messages;
const relative = (file: string) => path.relative(process.cwd(), file);

describe('1: a build never deletes or replaces what it did not write', () => {
  it('refuses `build book --out . --html-split`, which would replace the manuscript folder with its pages', async () => {
    const root = await write(path.join(tmp, 'split-over-input'), book);
    const before = await snapshot(root);
    const result = await octavo(['build', 'book', '--out', '.', '--html-split', '--format', 'html', '--json'], { cwd: root });
    expect(result.code).toBe(1);
    const messages = messagesOf(result.stdout);
    expect(messages).toEqual([expect.objectContaining({ file: 'book', ruleId: 'output-unsafe', severity: 'error', reason: expect.stringContaining('is an input') })]);
    expect(await snapshot(root)).toEqual(before);
  });

  it('refuses a publication named `..` or `.` at its line in the config, and the project stays whole', async () => {
    for (const name of ['..', '.']) {
      const root = await write(path.join(tmp, `dotdot-${name.length}`), { ...book, 'octavo.config.yaml': `formats: [html]\npublications:\n  - input: book\n    name: "${name}"\n    htmlSplit: true\n` });
      const before = await snapshot(root);
      const result = await octavo(['build', '--json'], { cwd: root });
      expect(result.code, name).toBe(1);
      expect(messagesOf(result.stdout), name).toEqual([expect.objectContaining({ file: 'octavo.config.yaml', line: 4, column: 11, ruleId: 'config-publications', severity: 'error' })]);
      expect(await snapshot(root), name).toEqual(before);
    }
  });

  it('refuses `out: ../..` (a folder outside the project) at its line, and the folder outside stays whole', async () => {
    const outside = await write(path.join(tmp, 'outside'), { 'victim/precious.txt': 'not Octavo’s\n', 'victim/index.html': '<!doctype html><title>mine</title>' });
    const root = await write(path.join(tmp, 'outside/a/project'), { ...book, 'octavo.config.yaml': `formats: [html]\npublications:\n  - input: book\n    name: victim\n    out: ../..\n    htmlSplit: true\n` });
    const before = await snapshot(outside);
    const result = await octavo(['build', '--json'], { cwd: root });
    expect(result.code).toBe(1);
    expect(messagesOf(result.stdout)).toEqual([expect.objectContaining({ file: 'octavo.config.yaml', line: 5, column: 10, ruleId: 'config-path-outside', reason: 'Output folder `../..` is outside the project folder' })]);
    expect(await snapshot(outside)).toEqual(before);
  });

  it('never replaces a folder it did not write, but replaces its own pages on the next build', async () => {
    const root = await write(path.join(tmp, 'not-ours'), { ...book, 'dist/book/precious.txt': 'someone else’s\n', 'octavo.config.yaml': 'formats: [html]\nhtmlSplit: true\nout: dist\n' });
    const refused = await octavo(['build', 'book', '--json'], { cwd: root });
    expect(refused.code).toBe(1);
    expect(messagesOf(refused.stdout)).toEqual([expect.objectContaining({ file: 'octavo.config.yaml', line: 3, column: 6, ruleId: 'output-unsafe', reason: expect.stringContaining('not one Octavo wrote') })]);
    expect(await readdir(path.join(root, 'dist/book'))).toEqual(['precious.txt']);

    // Its own folder: built, then built again over itself.
    await rm(path.join(root, 'dist/book'), { recursive: true });
    for (const round of [1, 2]) {
      const built = await octavo(['build', 'book'], { cwd: root });
      expect(built.code, `${round}: ${built.stderr}`).toBe(0);
      expect((await readdir(path.join(root, 'dist/book'))).sort(), String(round)).toEqual(['chapter-1.html', 'chapter-2.html', 'index.html', 'style.css']);
    }
    // One foreign file in it, and it is someone else's again.
    await writeFile(path.join(root, 'dist/book/precious.txt'), 'mine now\n');
    const again = await octavo(['build', 'book'], { cwd: root });
    expect(again.code).toBe(1);
    expect(await readFile(path.join(root, 'dist/book/precious.txt'), 'utf8')).toBe('mine now\n');
  });

  it('refuses an output file that is a chapter the config names', async () => {
    // The publication takes the folder's name: its HTML would be the second chapter.
    const root = await write(path.join(tmp, 'file-over-input'), { 'one.md': chapter('One'), 'file-over-input.html': chapter('Two'), 'octavo.config.yaml': 'formats: [html]\nout: .\nchapters: [one.md, file-over-input.html]\n' });
    const before = await snapshot(root);
    const result = await octavo(['build', '--json'], { cwd: root });
    expect(result.code).toBe(1);
    expect(messagesOf(result.stdout)).toContainEqual(expect.objectContaining({ file: 'octavo.config.yaml', line: 2, ruleId: 'output-unsafe', reason: expect.stringContaining('is an input') }));
    expect(await snapshot(root)).toEqual(before);
  });
});

describe('2 and 3: everything a config, manuscript or template names stays inside the project', () => {
  it('refuses a chapter path that climbs out of the project, at its line and column', async () => {
    const root = await write(path.join(tmp, 'climb/a/b/project'), { '01.md': chapter('One'), 'octavo.config.yaml': 'chapters:\n  - 01.md\n  - ../../../../etc/passwd\n' });
    const plan = await planProject(root);
    expect(plan.publications).toEqual([]);
    expect(formatMessages(plan.files, root)).toEqual(['octavo.config.yaml:3:5: error: Chapter `../../../../etc/passwd` is outside the project folder [octavo:config-path-outside]']);
    // The build says the same, and writes nothing.
    const result = await octavo(['build', '--format', 'html', '--json'], { cwd: root });
    expect(result.code).toBe(1);
    expect(messagesOf(result.stdout)).toEqual([expect.objectContaining({ line: 3, column: 5, ruleId: 'config-path-outside' })]);
    await expect(readdir(path.join(root, 'dist'))).rejects.toThrow();
  });

  it('refuses a chapter that is a link to a file outside, in a config list and in a folder', async () => {
    const secret = await write(path.join(tmp, 'links/secret'), { 'secret.md': chapter('Secret', 'OCTAVO-LINKED-SECRET') });
    const root = await write(path.join(tmp, 'links/project'), { '01.md': chapter('One'), 'octavo.config.yaml': 'chapters: [01.md, linked.md]\n' });
    await symlink(path.join(secret, 'secret.md'), path.join(root, 'linked.md'));
    expect(formatMessages((await planProject(root)).files, root)).toEqual(['octavo.config.yaml:1:19: error: Chapter `linked.md` is outside the project folder (through a symbolic link) [octavo:config-path-outside]']);

    const folder = await write(path.join(tmp, 'links/folder'), { '01.md': chapter('One'), '02.md': chapter('Two') });
    await symlink(path.join(secret, 'secret.md'), path.join(folder, '03.md'));
    const result = await octavo(['build', folder, '--out', path.join(tmp, 'links/out'), '--format', 'html', '--json']);
    expect(result.code).toBe(1);
    expect(messagesOf(result.stdout)).toEqual([expect.objectContaining({ file: path.relative(process.cwd(), path.join(folder, '03.md')), ruleId: 'chapter-outside', severity: 'error' })]);
    await expect(readdir(path.join(tmp, 'links/out'))).rejects.toThrow();
  });

  it('refuses a template folder that is a link to a folder outside, at the front matter line that names it', async () => {
    const outside = path.join(tmp, 'template-link/elsewhere/linked');
    await mkdir(path.dirname(outside), { recursive: true });
    await cp(path.resolve('templates/handout'), outside, { recursive: true });
    await writeFile(path.join(outside, 'template.json'), (await readFile(path.join(outside, 'template.json'), 'utf8')).replace('"handout"', '"linked"'));
    await writeFile(path.join(outside, 'base.css'), 'body::before { content: "OCTAVO-TEMPLATE-SECRET" }\n');
    const root = await write(path.join(tmp, 'template-link/project'), { 'book.md': '---\ntitle: T\ntemplate: linked\n---\n\nText.\n' });
    await mkdir(path.join(root, 'templates'));
    await symlink(outside, path.join(root, 'templates/linked'));
    const result = await octavo(['build', path.join(root, 'book.md'), '--out', path.join(root, 'dist'), '--format', 'html', '--json']);
    expect(result.code).toBe(1);
    expect(messagesOf(result.stdout)).toEqual([expect.objectContaining({ line: 3, column: 11, ruleId: 'template-missing', reason: expect.stringContaining('outside the project') })]);
    await expect(readdir(path.join(root, 'dist'))).rejects.toThrow();
  });

  it('reads no stylesheet of a template that is a link to a file outside the template folder', async () => {
    const secret = await write(path.join(tmp, 'css-link/secret'), { 'base.css': 'body::before { content: "OCTAVO-CSS-LINK-SECRET" }\n' });
    const root = await write(path.join(tmp, 'css-link/project'), { 'book.md': '---\ntitle: T\ntemplate: linkedcss\n---\n\nText.\n' });
    const template = path.join(root, 'templates/linkedcss');
    await cp(path.resolve('templates/handout'), template, { recursive: true });
    await writeFile(path.join(template, 'template.json'), (await readFile(path.join(template, 'template.json'), 'utf8')).replace('"handout"', '"linkedcss"'));
    await rm(path.join(template, 'base.css'));
    await symlink(path.join(secret, 'base.css'), path.join(template, 'base.css'));
    const result = await octavo(['build', path.join(root, 'book.md'), '--out', path.join(root, 'dist'), '--format', 'html', '--json']);
    expect(result.code).toBe(0);
    expect(messagesOf(result.stdout)).toEqual([expect.objectContaining({ file: relative(path.join(template, 'base.css')), line: 1, column: 1, ruleId: 'resource-outside' })]);
    expect(await readFile(path.join(root, 'dist/book.html'), 'utf8')).not.toContain('OCTAVO-CSS-LINK-SECRET');
  });

  it('refuses a template font package that climbs out of node_modules', async () => {
    const root = await write(path.join(tmp, 'font-climb'), { 'book.md': '---\ntitle: T\ntemplate: climb\n---\n\nText.\n' });
    const template = path.join(root, 'templates/climb');
    await cp(path.resolve('templates/handout'), template, { recursive: true });
    const manifest = JSON.parse(await readFile(path.join(template, 'template.json'), 'utf8'));
    manifest.name = 'climb';
    manifest.fonts[0].package = '@fontsource/../../../../x';
    await writeFile(path.join(template, 'template.json'), JSON.stringify(manifest));
    const result = await octavo(['build', path.join(root, 'book.md'), '--out', path.join(root, 'dist'), '--format', 'html', '--json']);
    expect(result.code).toBe(1);
    expect(messagesOf(result.stdout)).toEqual([expect.objectContaining({ line: 3, ruleId: 'template-missing', reason: expect.stringContaining('must be an @fontsource package name') })]);
  });
});

describe('4: a manuscript folder is data: its JS config is not run', () => {
  let listener: Awaited<ReturnType<typeof listen>>;
  let root: string;
  let ran: string;
  beforeAll(async () => {
    listener = await listen();
    root = path.join(tmp, 'stranger');
    ran = path.join(tmp, 'stranger-ran.txt');
    await write(root, {
      'book.md': chapter('A stranger’s book'),
      'octavo.config.js': `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(ran)}, 'ran');\nawait fetch(${JSON.stringify(`${listener.origin}/secret`)});\nexport default { subtitle: 'From the config' };\n`,
    });
  });
  afterAll(() => listener.close());

  it('neither build nor check runs it from another folder: a placed message says how to allow it', async () => {
    const built = await octavo(['build', root, '--out', path.join(root, 'dist'), '--format', 'html', '--json']);
    expect(built.code).toBe(1);
    expect(messagesOf(built.stdout)).toEqual([
      expect.objectContaining({ file: path.relative(process.cwd(), path.join(root, 'octavo.config.js')), line: 1, column: 1, ruleId: 'config-not-trusted', severity: 'error' }),
    ]);
    expect(built.stderr + built.stdout).not.toMatch(/\n\s+at /);

    const checked = await octavo(['check', root, '--json']);
    expect(checked.code).toBe(0);
    expect(messagesOf(checked.stdout)).toEqual([expect.objectContaining({ line: 1, column: 1, ruleId: 'config-not-run', severity: 'warning' })]);
    // Not even from its own folder: check runs no code.
    const checkedThere = await octavo(['check', '.', '--json'], { cwd: root });
    expect(messagesOf(checkedThere.stdout)).toEqual([expect.objectContaining({ ruleId: 'config-not-run' })]);

    await expect(readFile(ran, 'utf8')).rejects.toThrow();
    expect(listener.requests).toEqual([]);
  });

  it('runs it from its own folder, or with --trust-config (the test above could have seen it run)', async () => {
    const trusted = await octavo(['build', root, '--out', path.join(root, 'dist'), '--format', 'html', '--trust-config']);
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(await readFile(ran, 'utf8')).toBe('ran');
    expect(listener.requests).toEqual(['GET /secret']);
    expect(await readFile(path.join(root, 'dist/stranger.html'), 'utf8')).toContain('From the config');

    await rm(ran);
    const there = await octavo(['build', '.', '--out', 'dist', '--format', 'html'], { cwd: root });
    expect(there.code, there.stderr).toBe(0);
    expect(await readFile(ran, 'utf8')).toBe('ran');
  });
});
