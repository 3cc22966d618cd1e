import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { living, until, untilPrinting, userDataDir } from './helpers/processes.ts';
import { socketPathLimit } from '../src/browser/temporary.ts';

const bin = path.resolve('bin/octavo.js');
const input = 'tests/fixtures/book/input';

/**
 * Case 11 of issue 13: every build left a Chromium folder in the temporary folder, and a
 * SIGKILLed build's profile was never removed. Here each build gets a temporary folder of its
 * own (`OCTAVO_TMPDIR`), so what it leaves can be seen apart from other tests' builds.
 */
describe("11: Chromium's temporary files live in one folder of Octavo's, removed at exit", () => {
  let tmp: string;
  let out: string;
  beforeAll(async () => {
    // Short: Octavo keeps its run folders only where Chromium's socket paths stay short (case 4 below).
    tmp = await mkdtemp(path.join('/tmp', 'ov-'));
    out = await mkdtemp(path.join(os.tmpdir(), 'octavo-temp-out-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
    await rm(out, { recursive: true, force: true });
  });

  it('gives Chromium its profile and TMPDIR inside the run folder, and a killed build’s folder is swept by the next build', async () => {
    const child = spawn(process.execPath, [bin, 'build', input, '--out', out, '--format', 'pdf'], { env: { ...process.env, OCTAVO_TMPDIR: tmp }, stdio: 'ignore' });
    const closed = new Promise<string | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    const browser = await untilPrinting(child.pid!);
    const profile = userDataDir(browser);
    const runFolder = path.join(tmp, readdirSync(tmp).find((name) => name.startsWith(`octavo-run-${child.pid}-`))!);
    expect(profile.startsWith(runFolder + path.sep), profile).toBe(true);
    const environment = readFileSync(`/proc/${browser.pid}/environ`, 'utf8').split('\0');
    const chromiumTmp = environment.find((entry) => entry.startsWith('TMPDIR='))!.slice('TMPDIR='.length);
    expect(chromiumTmp.startsWith(runFolder + path.sep), chromiumTmp).toBe(true);

    child.kill('SIGKILL');
    expect(await closed).toBe('SIGKILL');
    await until(() => living(profile).length === 0, 10_000, 'the orphaned Chromium to exit');
    // Nobody was left to remove it...
    expect(await readdir(tmp)).toEqual([path.basename(runFolder)]);

    // ...until the next build, which sweeps it and removes its own.
    const next = await octavo(['build', input, '--out', out, '--format', 'pdf'], { env: { OCTAVO_TMPDIR: tmp } });
    expect(next.code, next.stderr).toBe(0);
    expect(await readdir(tmp)).toEqual([]);
  });

  it('leaves nothing in the temporary folder after a build that ends normally, or is interrupted', async () => {
    const built = await octavo(['build', input, '--out', out, '--format', 'epub,pdf'], { env: { OCTAVO_TMPDIR: tmp } });
    expect(built.code, built.stderr).toBe(0);
    expect(await readdir(tmp)).toEqual([]);

    const child = spawn(process.execPath, [bin, 'build', input, '--out', out, '--format', 'pdf'], { env: { ...process.env, OCTAVO_TMPDIR: tmp }, stdio: 'ignore' });
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await untilPrinting(child.pid!);
    expect(await readdir(tmp)).toHaveLength(1);
    child.kill('SIGTERM');
    expect(await closed).toBe(143);
    expect(await readdir(tmp)).toEqual([]);
  });
});

/**
 * Case 4 of issue 24: with a temporary folder whose path was longer than about 18 characters,
 * Chromium's singleton socket (`…/.org.chromium.Chromium.XXXXXX/SingletonSocket` under its
 * `TMPDIR`) passed the Unix socket path limit, and a Chromium that makes one (Debian's, Chrome)
 * aborted as it started: no PDF. macOS's own temporary folder is about 49 characters long.
 * The path logic for macOS and Windows is tests/unit/runtime-paths.test.ts.
 */
describe("4: Chromium's profile and sockets live at a short path of Octavo's own, whatever TMPDIR is", () => {
  let long: string;
  let out: string;
  beforeAll(async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'octavo-long-tmp-'));
    long = path.join(base, 'x'.repeat(100 - base.length - 1));
    await mkdir(long);
    out = path.join(base, 'out');
  });
  afterAll(async () => {
    await rm(path.dirname(long), { recursive: true, force: true });
  });

  it('prints the PDF with TMPDIR a 100-character path; Chromium’s TMPDIR is a short private folder under /tmp, removed after', async () => {
    expect(long).toHaveLength(100);
    // OCTAVO_TMPDIR empty: the folder is chosen from TMPDIR, as on a user's machine.
    const child = spawn(process.execPath, [bin, 'build', input, '--out', out, '--format', 'pdf'], { env: { ...process.env, TMPDIR: long, OCTAVO_TMPDIR: '' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const browser = await untilPrinting(child.pid!);
    const environment = readFileSync(`/proc/${browser.pid}/environ`, 'utf8').split('\0');
    const chromiumTmp = environment.find((entry) => entry.startsWith('TMPDIR='))!.slice('TMPDIR='.length);
    expect(chromiumTmp.startsWith(`/tmp/octavo-run-${child.pid}-`), chromiumTmp).toBe(true);
    expect(Buffer.byteLength(path.join(chromiumTmp, '.org.chromium.Chromium.XXXXXX', 'SingletonSocket'))).toBeLessThanOrEqual(socketPathLimit);
    expect(userDataDir(browser).startsWith(chromiumTmp + path.sep)).toBe(true);

    expect(await closed, stderr).toBe(0);
    expect((await readFile(path.join(out, 'input.pdf'))).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(readdirSync('/tmp').filter((name) => name.startsWith(`octavo-run-${child.pid}-`))).toEqual([]);
    expect(existsSync(chromiumTmp)).toBe(false);
  });
});
