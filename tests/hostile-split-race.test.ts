import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFolderAtomically } from '../src/output/atomic.ts';
import { octavo } from './helpers/cli.ts';

/** Case 10 of the hostile review: split-HTML folders written by several builds at once, and by a watch over its own output. */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-split-race-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const page = (writer: number, round: number) => new TextEncoder().encode(`<!doctype html><html><head><meta name="generator" content="Octavo test"></head><body>${writer}/${round}</body></html>`);

describe('split-HTML folders written at once', () => {
  it('60 swaps by 4 writers into one folder: each succeeds, one whole folder remains, nothing left beside it', async () => {
    const out = path.join(dir, 'in-process');
    await mkdir(out);
    const target = path.join(out, 'book');
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: 4 }, async (_, writer) => {
        for (let round = 0; round < 15; round++) {
          const files = new Map([
            ['index.html', page(writer, round)],
            ['chapter-1.html', page(writer, round)],
            ['style.css', new TextEncoder().encode('body{}')],
          ]);
          await writeFolderAtomically(target, files).catch((error: Error) => failures.push(error.message));
        }
      }),
    );
    expect(failures).toEqual([]);
    expect(await readdir(out)).toEqual(['book']);
    expect((await readdir(target)).sort()).toEqual(['chapter-1.html', 'index.html', 'style.css']);
    // One writer's whole folder: both pages from the same round.
    expect(await readFile(path.join(target, 'index.html'), 'utf8')).toBe(await readFile(path.join(target, 'chapter-1.html'), 'utf8'));
  }, 60_000);

  it('4 concurrent `--html-split` builds into one folder all succeed', async () => {
    const manuscript = path.join(dir, 'book');
    await mkdir(manuscript);
    await writeFile(path.join(manuscript, '01.md'), '---\ntitle: Race\nlang: en\n---\n\n# One\n\nFirst.\n');
    await writeFile(path.join(manuscript, '02.md'), '# Two\n\nSecond.\n');
    const out = path.join(dir, 'cli-out');
    for (let round = 0; round < 2; round++) {
      const results = await Promise.all(Array.from({ length: 4 }, () => octavo(['build', manuscript, '--out', out, '--format', 'html', '--html-split'])));
      expect(results.map((result) => [result.code, result.stderr])).toEqual(Array(4).fill([0, '']));
    }
    expect(await readdir(out)).toEqual(['book']);
  }, 120_000);
});

describe('--watch --html-split with the output inside the watched folder', () => {
  it('rebuilds after each of 6 edits and stays up', async () => {
    const manuscript = path.join(dir, 'watched');
    await mkdir(manuscript);
    const chapter = path.join(manuscript, '01.md');
    await writeFile(chapter, '---\ntitle: Watched\nlang: en\n---\n\n# One\n\nEdit 0.\n');
    await writeFile(path.join(manuscript, '02.md'), '# Two\n\nSecond.\n');
    const child = spawn(process.execPath, [path.resolve('bin/octavo.js'), 'build', manuscript, '--out', path.join(manuscript, 'dist'), '--format', 'html', '--html-split', '--watch'], {
      env: { ...process.env, CI: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const builds = () => (stdout.match(/^built in /gm) ?? []).length;
    const until = async (count: number) => {
      const deadline = Date.now() + 60_000;
      while (builds() < count) {
        if (child.exitCode !== null) throw new Error(`octavo exited ${child.exitCode}:\n${stderr}`);
        if (Date.now() > deadline) throw new Error(`timed out at ${builds()} builds:\n${stdout}\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    try {
      await until(1);
      for (let edit = 1; edit <= 6; edit++) {
        await writeFile(chapter, `---\ntitle: Watched\nlang: en\n---\n\n# One\n\nEdit ${edit}.\n`);
        await until(edit + 1);
      }
      expect(await readFile(path.join(manuscript, 'dist', 'watched', 'chapter-1.html'), 'utf8')).toContain('Edit 6.');
      expect(child.exitCode).toBeNull();
      expect(stderr).not.toMatch(/Unhandled|ENOENT|\n\s+at /);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
  }, 180_000);
});
