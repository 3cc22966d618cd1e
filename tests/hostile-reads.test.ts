import { execFileSync, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, open, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonMessage } from './helpers/hostile.ts';

/**
 * Cases 2, 3 and 7 of issue 24: a build reads a file only when it is a regular file inside the
 * project (src/regular-file.ts). A named pipe anywhere a build read (an image, the cover, a
 * template stylesheet, a `url()` in one, the config) hung `build` and `check` for ever, Ctrl-C
 * and SIGTERM included; a config that was a link to a file outside the project was read; a
 * folder named like an image, and `--out /dev/null`, ended in unplaced errors.
 */
const bin = path.resolve('bin/octavo.js');
const messagesOf = (stdout: string): JsonMessage[] => JSON.parse(stdout).messages;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Still running when the guard ran out: it hung (a read that waits for ever). */
  hung: boolean;
}

/**
 * Runs `octavo`, killing it outright (SIGKILL: a hung read ignores SIGTERM) if it has not ended
 * after `guard` ms. Not a timing assertion: a build that ends at all ends in seconds.
 */
function octavoGuarded(args: string[], cwd: string, guard = 90_000): Promise<Run> {
  const { CI: _ci, ...env } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, guard);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, hung });
    });
  });
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-reads-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const mkfifo = (file: string) => execFileSync('mkfifo', [file]);

describe('3: a named pipe anywhere a build reads is refused at its place, and the build ends', () => {
  let project: string;
  beforeAll(async () => {
    project = path.join(tmp, 'pipes');
    await mkdir(project);
    await writeFile(path.join(project, '01.md'), '# One\n\n![a pipe](pipe.png)\n\n![a folder](folder.png)\n\n![a huge one](huge.png)\n');
    mkfifo(path.join(project, 'pipe.png'));
    await mkdir(path.join(project, 'folder.png'));
    // A sparse file: 300 MB long, no bytes on disk. Refused by its size before a byte is read.
    const huge = await open(path.join(project, 'huge.png'), 'w');
    await huge.truncate(300 * 1024 * 1024);
    await huge.close();
    mkfifo(path.join(project, 'cover.jpg'));
    const template = path.join(project, 'templates', 'mine');
    await cp(path.resolve('templates/handout'), template, { recursive: true });
    await rm(path.join(template, 'print.css'));
    mkfifo(path.join(template, 'print.css'));
    // A folder named like a stylesheet: EISDIR ended the build, unplaced.
    await rm(path.join(template, 'epub.css'));
    await mkdir(path.join(template, 'epub.css'));
    await writeFile(path.join(template, 'screen.css'), 'body {\n  background: url(paper.png);\n}\n');
    mkfifo(path.join(template, 'paper.png'));
    await writeFile(path.join(project, 'octavo.config.yaml'), 'title: Pipes\nlang: en\ntemplate: mine\ncover: cover.jpg\n');
  });

  const expected = (stylesheets: boolean) => [
    ['octavo.config.yaml', 4, 8, 'read-failed', 'Image `cover.jpg` cannot be read: it is a named pipe, not a file; a cover is generated from the title instead'],
    ['01.md', 3, 1, 'read-failed', 'Image `pipe.png` cannot be read: it is a named pipe, not a file; its alt text stands in for it'],
    ['01.md', 5, 1, 'read-failed', 'Image `folder.png` cannot be read: it is a folder; its alt text stands in for it'],
    ['01.md', 7, 1, 'image-too-large', 'Image `huge.png` is 300 MB, over the 50 MB an image may be; it was not read; its alt text stands in for it'],
    ...(stylesheets
      ? [
          ['templates/mine/print.css', 1, 1, 'missing-resource', '`print.css` cannot be read: it is a named pipe, not a file; it was left out'],
          ['templates/mine/epub.css', 1, 1, 'missing-resource', '`epub.css` cannot be read: it is a folder; it was left out'],
          ['templates/mine/screen.css', 2, 15, 'missing-resource', 'Template stylesheet refers to `paper.png`, which cannot be read: it is a named pipe, not a file; it was removed'],
        ]
      : []),
  ];
  const rows = (messages: JsonMessage[]) => messages.map((m) => [path.relative(project, path.resolve(tmp, m.file)), m.line, m.column, m.ruleId, m.reason]);

  it('build: each pipe, each folder and the huge image get a placed warning; the HTML is written', async () => {
    const run = await octavoGuarded(['build', 'pipes', '--out', 'pipes-out', '--format', 'html', '--json'], tmp);
    expect(run.hung, run.stderr).toBe(false);
    expect(run.code, run.stderr).toBe(0);
    expect(rows(messagesOf(run.stdout)).sort()).toEqual(expected(true).sort());
    // A folder's output is named after the folder.
    const html = await readFile(path.join(tmp, 'pipes-out', 'pipes.html'), 'utf8');
    expect(html).toContain('a pipe');
  });

  it('check: ends with the same placed warnings on the manuscript', async () => {
    const run = await octavoGuarded(['check', 'pipes', '--json'], tmp);
    expect(run.hung, run.stderr).toBe(false);
    expect(rows(messagesOf(run.stdout)).filter((row) => !String(row[0]).startsWith('templates')).sort()).toEqual(expected(false).sort());
  });

  it('a config that is a named pipe: a placed error, for build and check', async () => {
    const dir = path.join(tmp, 'pipe-config');
    await mkdir(dir);
    await writeFile(path.join(dir, '01.md'), '---\ntitle: T\nlang: en\n---\n\n# One\n\nText.\n');
    mkfifo(path.join(dir, 'octavo.config.yaml'));
    for (const command of [['build', 'pipe-config', '--out', 'pipe-config-out', '--format', 'html', '--json'], ['check', 'pipe-config', '--json']]) {
      const run = await octavoGuarded(command, tmp);
      expect(run.hung, `${command[0]}: ${run.stderr}`).toBe(false);
      expect(run.code).toBe(1);
      expect(messagesOf(run.stdout).map((m) => [m.file, m.ruleId, m.reason])).toEqual([
        [path.join('pipe-config', 'octavo.config.yaml'), 'config-read', 'Cannot read the config file: it is a named pipe, not a file'],
      ]);
    }
  });
});

describe('2: a config found beside the manuscript is read only if it really lies there', () => {
  it('a link to a config outside the project is refused, its values reach no artifact; named with --config it is read', async () => {
    const dir = path.join(tmp, 'linked-config');
    const secret = path.join(tmp, 'secret');
    await mkdir(dir);
    await mkdir(secret);
    await writeFile(path.join(secret, 'octavo.config.yaml'), 'title: Secret\nlang: en\ndescription: OCTAVO-SECRET-DESCRIPTION\n');
    await symlink(path.join('..', 'secret', 'octavo.config.yaml'), path.join(dir, 'octavo.config.yaml'));
    await writeFile(path.join(dir, '01.md'), '# One\n\nText.\n');
    const run = await octavoGuarded(['build', 'linked-config', '--out', 'linked-out', '--format', 'html', '--json'], tmp);
    expect(run.code).toBe(1);
    expect(messagesOf(run.stdout).map((m) => [m.file, m.ruleId, m.reason])).toEqual([
      [path.join('linked-config', 'octavo.config.yaml'), 'config-outside', `The config is a link to \`${path.join(await realpath(secret), 'octavo.config.yaml')}\`, outside the folder it was found in; it was not read`],
    ]);
    // No artifact was written, so none holds the secret.
    await expect(readdir(path.join(tmp, 'linked-out'))).rejects.toThrow(/ENOENT/);

    // The user's own choice, on the command line, is read where it is.
    const named = await octavoGuarded(['build', 'linked-config', '--config', 'secret/octavo.config.yaml', '--out', 'named-out', '--format', 'html'], tmp);
    expect(named.code, named.stderr).toBe(0);
    expect(await readdir(path.join(tmp, 'named-out'))).toEqual(['linked-config.html']);
    expect(await readFile(path.join(tmp, 'named-out', 'linked-config.html'), 'utf8')).toContain('OCTAVO-SECRET-DESCRIPTION');
  });
});

describe('7: an output folder that cannot be one', () => {
  it('`--out /dev/null` and `--out FILE/sub` are placed refusals, not EEXIST from mkdir', async () => {
    const manuscript = path.join(tmp, 'out-null.md');
    await writeFile(manuscript, '---\ntitle: T\nlang: en\n---\n\n# One\n\nText.\n');
    await writeFile(path.join(tmp, 'a-file'), 'mine');
    const devNull = await octavoGuarded(['build', 'out-null.md', '--out', '/dev/null', '--format', 'html', '--json'], tmp);
    expect(devNull.code).toBe(1);
    expect(messagesOf(devNull.stdout).map((m) => [m.file, m.ruleId, m.reason])).toEqual([
      ['out-null.md', 'output-unsafe', 'The output folder `/dev/null` is a device, not a folder; nothing can be written into it'],
    ]);
    const underFile = await octavoGuarded(['build', 'out-null.md', '--out', 'a-file/sub', '--format', 'html', '--json'], tmp);
    expect(underFile.code).toBe(1);
    expect(messagesOf(underFile.stdout).map((m) => [m.file, m.ruleId, m.reason])).toEqual([
      ['out-null.md', 'output-unsafe', 'The output folder `a-file/sub` cannot be made: `a-file` is a file, not a folder'],
    ]);
    expect(await readFile(path.join(tmp, 'a-file'), 'utf8')).toBe('mine');
  });
});
