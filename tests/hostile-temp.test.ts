import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { living, until, untilPrinting, userDataDir } from './helpers/processes.ts';

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
    tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-temp-'));
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
