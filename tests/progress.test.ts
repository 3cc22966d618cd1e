import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listedPerRule } from '../src/report.ts';
import { octavo } from './helpers/cli.ts';

const bin = path.resolve('bin/octavo.js');

/** A book of `chapters` chapter files of a few paragraphs each, with `warnings` missing images spread over them. */
async function writeBook(dir: string, chapters: number, warnings = 0): Promise<string> {
  await mkdir(dir, { recursive: true });
  const paragraph = 'The stage was dark and the orchestra tuned; a ballerina waited in the wings for the first bars of the overture, counting. '.repeat(6);
  for (let index = 1; index <= chapters; index++) {
    const missing = Array.from({ length: Math.ceil(warnings / chapters) }, (_, k) => index + k * chapters <= warnings ? `![Picture ${k}](missing-${index}-${k}.png)\n\n` : '').join('');
    const front = index === 1 ? '---\ntitle: Progress\nlang: en\n---\n\n' : '';
    await writeFile(path.join(dir, `${String(index).padStart(2, '0')}.md`), `${front}# Chapter ${index}\n\n${paragraph}\n\n${missing}${paragraph}\n\n${paragraph}\n`);
  }
  return dir;
}

describe('warnings: --quiet, --max-warnings and the summary by rule', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-progress-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('--quiet prints errors only: no warnings, and nothing on success', async () => {
    const loud = await octavo(['build', 'tests/fixtures/images/input', '--out', path.join(tmp, 'loud'), '--format', 'html']);
    expect(loud.code).toBe(0);
    expect(loud.stderr).toContain('missing-image');
    const quiet = await octavo(['build', 'tests/fixtures/images/input', '--out', path.join(tmp, 'quiet'), '--format', 'html', '--quiet']);
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await readFile(path.join(tmp, 'quiet', 'input.html'), 'utf8')).toContain('<html');
    const checked = await octavo(['check', 'tests/fixtures/images/input', '-q']);
    expect(checked).toEqual({ code: 0, stdout: '', stderr: '' });
    // An error is still printed in full.
    const broken = await octavo(['build', 'tests/fixtures/bad-lang/input.md', '--out', path.join(tmp, 'bad'), '--quiet']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/3:7 +error +Front matter `lang` is not a BCP 47 language tag/);
  });

  it('--max-warnings 0 fails a build and a check with a warning, saying so, and passes one with none', async () => {
    const warned = await octavo(['build', 'tests/fixtures/images/input', '--out', path.join(tmp, 'max'), '--format', 'html', '--max-warnings', '0']);
    expect(warned.code).toBe(1);
    expect(warned.stderr).toMatch(/^octavo: 8 warnings, more than --max-warnings 0 allows$/m);
    // Like ESLint's: the work is done (the artifact is written); the exit status fails it.
    expect(warned.stdout).toMatch(/input\.html/);
    const enough = await octavo(['build', 'tests/fixtures/images/input', '--out', path.join(tmp, 'max'), '--format', 'html', '--max-warnings', '8']);
    expect(enough.code).toBe(0);
    const clean = await octavo(['build', 'tests/fixtures/minimal/input.md', '--out', path.join(tmp, 'clean'), '--format', 'html', '--max-warnings', '0']);
    expect(clean.code, clean.stderr).toBe(0);
    const checked = await octavo(['check', 'tests/fixtures/images/input', '--max-warnings', '0', '--quiet']);
    expect(checked).toMatchObject({ code: 1, stderr: 'octavo: 8 warnings, more than --max-warnings 0 allows\n' });
    const json = await octavo(['check', 'tests/fixtures/images/input', '--max-warnings', '2', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, maxWarnings: { limit: 2, warnings: 8 } });
  });

  it('--max-warnings takes a whole number, 0 or more: anything else is a usage error', async () => {
    for (const value of ['-1', 'ten', '1.5', '']) {
      const result = await octavo(['build', 'tests/fixtures/minimal/input.md', '--out', path.join(tmp, 'usage'), `--max-warnings=${value}`]);
      expect(result.code, value).toBe(2);
      expect(result.stderr).toContain('--max-warnings takes a whole number of warnings, 0 or more');
    }
  });

  it('lists many warnings a few of each rule, and counts them all by rule', async () => {
    const book = await writeBook(path.join(tmp, 'many'), 6, 40);
    // A broken link in every chapter: a second rule.
    for (let index = 1; index <= 6; index++) await writeFile(path.join(book, `0${index}.md`), `${await readFile(path.join(book, `0${index}.md`), 'utf8')}\nSee [nothing](#nowhere).\n`);
    const result = await octavo(['build', book, '--out', path.join(tmp, 'many-out'), '--format', 'html']);
    expect(result.code, result.stderr).toBe(0);
    const listed = result.stderr.split('\n').filter((line) => / warning /.test(line));
    expect(listed.filter((line) => line.includes('missing-image'))).toHaveLength(listedPerRule);
    expect(listed.filter((line) => line.includes('broken-link'))).toHaveLength(listedPerRule);
    expect(result.stderr).toContain(['⚠ 46 warnings, by rule:', '  ⚠ 40  missing-image  … and 35 more not listed', '  ⚠  6  broken-link    … and 1 more not listed'].join('\n'));
    // The same counts as --json's every message.
    const json = JSON.parse((await octavo(['build', book, '--out', path.join(tmp, 'many-out'), '--format', 'html', '--json'])).stdout);
    expect(json.messages.filter((message: { ruleId: string }) => message.ruleId === 'missing-image')).toHaveLength(40);
  });
});

describe('progress', () => {
  let tmp: string;
  let book: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-progress-run-'));
    book = await writeBook(path.join(tmp, 'book'), 12);
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('in CI, one plain line a stage on stderr: no carriage return, nothing per chapter or page', async () => {
    const result = await octavo(['build', book, '--out', path.join(tmp, 'ci'), '--format', 'pdf', '--template', 'book'], { env: { CI: '1' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('\r');
    const lines = result.stderr.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^ *\d+\.\d s {2}(book: \S.*|✓ book)$/);
    const stages = lines.map((line) => /book: (.*)$/.exec(line)?.[1]).filter(Boolean);
    expect(new Set(stages).size).toBe(stages.length);
    expect(stages).toEqual(expect.arrayContaining(['read', 'template and fonts', 'pdf writer', 'pdf: layout and print (Chromium, Paged.js)']));
    expect(result.stderr).not.toMatch(/chapter \d|\d+ pages?\b/);
    expect(lines.at(-1)).toMatch(/✓ book$/);
  });

  it('in CI, a check says the same of its one stage, the read', async () => {
    const result = await octavo(['check', book], { env: { CI: '1' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^ *\d+\.\d s {2}book: read\n *\d+\.\d s {2}✓ book\n$/);
    expect(result.stdout).toBe('ok: book (12 chapters)\n');
  });

  it('on a terminal, one line rewritten in place: chapter k/n, then the pages Paged.js has laid out; cleared before the result', async () => {
    // `script` (util-linux, in every Debian) runs the build on a pseudo-terminal, as a person's shell would.
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', COLUMNS: '100', TERM: 'xterm' };
    delete env.CI;
    const command = `${process.execPath} ${bin} build ${book} --out ${path.join(tmp, 'tty')} --format pdf --template book`;
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (chunk) => (text += chunk));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`script exited ${code}:\n${text}`))));
    });
    const redraws = output.split('\r').map((part) => part.replace('\x1b[2K', ''));
    expect(redraws.some((line) => /^book {2}read {2}chapter 1\/12 {2}\d+\.\d s$/.test(line))).toBe(true);
    expect(redraws.some((line) => /^book {2}pdf: layout and print {2}1 page {2}\d+\.\d s$/.test(line))).toBe(true);
    const laidOut = redraws.map((line) => /^book {2}pdf: layout and print {2}(\d+) pages laid out, printing {2}\d/.exec(line)?.[1]).find(Boolean);
    expect(Number(laidOut)).toBeGreaterThan(12);
    // The line is cleared, and what stays is the publication's line and the artifact's.
    expect(output).toMatch(/\r\x1b\[2K✓ book {2}\d+\.\d s\r?\n/);
    expect(output).toMatch(/\r?\n.*book\.pdf +\d+(\.\d)? kB {2}\d+\.\d\d s\r?\n/);
  });
});

describe('--json --watch', () => {
  it('prints one compact JSON object a line, one a build, each parseable alone', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-ndjson-'));
    try {
      const dir = path.join(tmp, 'text');
      await mkdir(dir);
      await cp('tests/fixtures/minimal/input.md', path.join(dir, 'input.md'));
      const child = spawn(process.execPath, [bin, 'build', dir, '--out', path.join(tmp, 'out'), '--format', 'html', '--json', '--watch'], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const lines = () => stdout.split('\n').filter((line) => line !== '');
      const until = async (test: () => boolean, what: string) => {
        const deadline = Date.now() + 60_000;
        while (!test()) {
          if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no ${what}; stdout:\n${stdout}\nstderr:\n${stderr}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        await until(() => lines().length >= 1 && /watching for changes/.test(stderr), 'first build');
        await writeFile(path.join(dir, 'input.md'), `${await readFile(path.join(dir, 'input.md'), 'utf8')}\nOne more line, and ![](nowhere.png).\n`);
        await until(() => lines().length >= 2, 'second build');
      } finally {
        child.kill('SIGINT');
      }
      expect(await exited).toBe(0);
      expect(stdout.endsWith('\n')).toBe(true);
      const records = lines().map((line) => JSON.parse(line));
      expect(records).toHaveLength(2);
      expect(records[0]).toMatchObject({ ok: true, artifacts: [{ format: 'html' }], messages: [] });
      expect(records[1].messages.map((message: { ruleId: string }) => message.ruleId)).toContain('missing-image');
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
