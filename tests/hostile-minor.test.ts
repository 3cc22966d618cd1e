import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { until } from './helpers/processes.ts';
import type { JsonMessage } from './helpers/hostile.ts';

const bin = path.resolve('bin/octavo.js');
const messagesOf = (stdout: string): JsonMessage[] => JSON.parse(stdout).messages;
const relative = (file: string) => path.relative(process.cwd(), file);

/** Case 12 of issue 13: the minor ones, each said at its place or ended with the right status. */
describe('12: minor cases', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-minor-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('says where a `file:` link lost its href, in Markdown and in raw HTML', async () => {
    const file = path.join(tmp, 'links.md');
    await writeFile(file, '---\ntitle: Links\n---\n\nA [file link](file:///etc/passwd), a [data link](data:text/html,hi)\nand <a href="file:///etc/hosts">raw</a>.\n');
    const result = await octavo(['check', file, '--json']);
    expect(messagesOf(result.stdout).map((m) => [m.line, m.column, m.ruleId, m.reason])).toEqual([
      [5, 3, 'link-scheme', 'Link `file:///etc/passwd` uses a scheme Octavo does not keep (only http, https, mailto, tel); it became plain text'],
      [5, 38, 'link-scheme', 'Link `data:text/html,hi` uses a scheme Octavo does not keep (only http, https, mailto, tel); it became plain text'],
      [6, 5, 'link-scheme', 'Link `file:///etc/hosts` uses a scheme Octavo does not keep (only http, https, mailto, tel); it became plain text'],
    ]);
  });

  it('calls a loop of links a loop, for a chapter and for an image', async () => {
    const dir = path.join(tmp, 'loops');
    await mkdir(dir);
    await writeFile(path.join(dir, '01.md'), '---\ntitle: Loops\n---\n\n# One\n\n![a picture](loop.png)\n');
    await symlink('loop-b.png', path.join(dir, 'loop.png'));
    await symlink('loop.png', path.join(dir, 'loop-b.png'));
    await symlink('02-b.md', path.join(dir, '02.md'));
    await symlink('02.md', path.join(dir, '02-b.md'));
    const result = await octavo(['check', dir, '--json']);
    const messages = messagesOf(result.stdout);
    expect(messages).toContainEqual(expect.objectContaining({ file: relative(path.join(dir, '02.md')), ruleId: 'read-failed', reason: 'Cannot read the file: it is a link to `02-b.md` that loops (the links lead back to each other)' }));
    expect(messages.filter((m) => /does not exist/.test(m.reason))).toEqual([]);

    const image = await octavo(['check', path.join(dir, '01.md'), '--json']);
    expect(messagesOf(image.stdout)).toEqual([expect.objectContaining({ line: 7, column: 1, ruleId: 'missing-image', reason: expect.stringContaining('is a link that loops') })]);
  });

  it('reads a file with old Mac line ends (CR alone), front matter and all', async () => {
    const file = path.join(tmp, 'cr.md');
    await writeFile(file, '---\rtitle: Carriage returns\rauthor: Ada\r---\r\r# Heading\r\rText, and a [broken](#nowhere) link.\r');
    const result = await octavo(['build', file, '--out', path.join(tmp, 'cr-out'), '--format', 'html', '--json']);
    expect(result.code).toBe(0);
    // The one message is the broken link, at its true line: the line ends count.
    expect(messagesOf(result.stdout).map((m) => [m.line, m.ruleId])).toEqual([[8, 'broken-link']]);
    const html = await readFile(path.join(tmp, 'cr-out/cr.html'), 'utf8');
    expect(html).toContain('<title>Carriage returns</title>');
    expect(html).toContain('Ada');
  });

  it('says a config’s unusable `cover:` at the config’s line, not in the manuscript', async () => {
    const root = path.join(tmp, 'cover');
    await mkdir(path.join(root, 'book'), { recursive: true });
    await writeFile(path.join(root, 'book/book.md'), '---\ntitle: Covered\n---\n\nText.\n');
    await writeFile(path.join(root, 'octavo.config.yaml'), 'formats: [html]\npublications:\n  - input: book\n    cover: missing.png\n');
    const result = await octavo(['check', '--json'], { cwd: root });
    expect(messagesOf(result.stdout)).toEqual([expect.objectContaining({ file: 'octavo.config.yaml', line: 4, column: 12, ruleId: 'missing-image' })]);
  });

  it('exits 143 when --watch is ended by SIGTERM (Ctrl-C, SIGINT, still stops it with 0)', async () => {
    const file = path.join(tmp, 'watched.md');
    await writeFile(file, '---\ntitle: Watched\n---\n\nText.\n');
    for (const [signal, status] of [['SIGTERM', 143], ['SIGINT', 0]] as const) {
      const child = spawn(process.execPath, [bin, 'build', file, '--out', path.join(tmp, 'watch-out'), '--format', 'html', '--watch'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      await until(() => stderr.includes('watching for changes'), 60_000, 'the first build');
      child.kill(signal);
      expect(await closed, `${signal}: ${stderr}`).toBe(status);
    }
  });

  it('exits 0 when SIGTERM comes after every artifact was written: the status says they are there', async () => {
    const file = path.join(tmp, 'late.md');
    await writeFile(file, '---\ntitle: Late\n---\n\nText.\n');
    const out = path.join(tmp, 'late-out');
    const child = spawn(process.execPath, [bin, 'build', file, '--out', out, '--format', 'html', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const closed = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    // The result is printed once the artifacts are written: the signal goes the moment it starts.
    child.stdout.on('data', (chunk) => {
      if (!stdout) child.kill('SIGTERM');
      stdout += chunk;
    });
    expect(await closed, stderr).toEqual({ code: 0, signal: null });
    expect(JSON.parse(stdout).ok).toBe(true);
    expect(await readFile(path.join(out, 'late.html'), 'utf8')).toMatch(/<\/html>\s*$/);
  });
});
