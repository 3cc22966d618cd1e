import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';

/**
 * Ordinary text that looks like something it is not builds (issue 21): autolinks, spaced-dash
 * thematic breaks and nesting-looking lines inside code (tests/fixtures/ordinary-markdown), and
 * a book of 300 chapters with only 256 file descriptors (macOS's default `ulimit -n`).
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-ordinary-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ordinary Markdown is not refused as nesting', () => {
  it('150 autolinks, thematic breaks of 120 spaced dashes, and `> > >`, `<div>`, `{` lines inside code: all three formats, exit 0', async () => {
    const out = path.join(dir, 'ordinary');
    const result = await octavo(['build', 'tests/fixtures/ordinary-markdown/input', '--out', out, '--strict']);
    expect(result.stderr).not.toContain('nesting-too-deep');
    expect(result.code).toBe(0);
    for (const extension of ['epub', 'pdf', 'html']) expect(existsSync(path.join(out, `input.${extension}`)), extension).toBe(true);
    const html = readFileSync(path.join(out, 'input.html'), 'utf8');
    expect(html.match(/href="https:\/\/github\.com\/nodejs\/node\/pull\/5\d{4}"/g)).toHaveLength(150);
    expect(html.match(/<hr>/g)).toHaveLength(3);
    expect(html).toContain(`${'>'.repeat(150)} quoted 150 deep`);
  }, 180_000);
});

describe('a long book under a low limit of open files', () => {
  it('300 chapters build with `ulimit -n 256`: exit 0, every chapter in the HTML, no EMFILE', async () => {
    const book = path.join(dir, 'book');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(book);
    for (let index = 1; index <= 300; index++) {
      await writeFile(path.join(book, `${String(index).padStart(3, '0')}.md`), `${index === 1 ? '---\ntitle: Three hundred\nlang: en\n---\n\n' : ''}# Chapter ${index}\n\nThe text of chapter ${index}.\n`);
    }
    const out = path.join(dir, 'book-out');
    const bin = path.resolve('bin/octavo.js');
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const { CI: _ci, ...env } = process.env;
      const child = spawn('bash', ['-c', 'ulimit -n 256 && exec "$0" "$@"', process.execPath, bin, 'build', book, '--out', out], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(stderr).not.toContain('EMFILE');
    expect(code).toBe(0);
    for (const extension of ['epub', 'pdf', 'html']) expect(existsSync(path.join(out, `book.${extension}`)), extension).toBe(true);
    const html = readFileSync(path.join(out, 'book.html'), 'utf8');
    for (let index = 1; index <= 300; index++) expect(html).toContain(`The text of chapter ${index}.`);
  }, 300_000);
});
