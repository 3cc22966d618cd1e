import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { living, userDataDir, type ProcessInfo } from './helpers/processes.ts';
import { checkPdf } from './helpers/validators.ts';

interface Outcome {
  code: number | null;
  stderr: string;
  /** The browsers the fault was done to, in order. */
  victims: ProcessInfo[];
  /** Milliseconds from the first fault to the build's exit. */
  afterFault: number;
  /** Milliseconds from the last fault to the build's exit: how long the last fault took to be detected and reported. */
  afterLastFault: number;
}

/**
 * Builds the book fixture's PDF in a child process (tests/helpers/faulty-build.ts: the command
 * line, with a hook) that does `fault` to the browser of each print as the print starts to
 * paginate its loaded page: up to `times` browsers, the restarted one included. Mid-print, at a
 * point the print cannot have passed: a signal sent from here on seeing a print under way could
 * land after the PDF was made, or on a restarted browser still starting (whose start is retried
 * on its own), and the build then rightly exited 0.
 */
async function buildWithFault(out: string, fault: 'SIGKILL' | 'SIGSTOP', times: number, timeoutSeconds: number): Promise<Outcome> {
  const log = path.join(path.dirname(out), `${path.basename(out)}.faults`);
  const { code, stderr, end } = await new Promise<{ code: number | null; stderr: string; end: number }>((resolve) => {
    const child = spawn(process.execPath, ['--import', './scripts/typescript.js', 'tests/helpers/faulty-build.ts', fault, String(times), log, 'build', 'tests/fixtures/book/input', '--out', out, '--format', 'pdf', '--browser-timeout', String(timeoutSeconds)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stderr, end: Date.now() }));
  });
  const faults = existsSync(log) ? (await readFile(log, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as ProcessInfo & { at: number }) : [];
  const victims = faults.map(({ at: _at, ...victim }) => victim);
  return { code, stderr, victims, afterFault: end - (faults[0]?.at ?? end), afterLastFault: end - (faults.at(-1)?.at ?? end) };
}

/** Nothing of these browsers runs on, and their profiles are gone. */
function expectGone(victims: ProcessInfo[]): void {
  for (const victim of victims) {
    const profile = userDataDir(victim);
    expect(living(profile), profile).toEqual([]);
    expect(existsSync(profile), profile).toBe(false);
  }
}

/**
 * Item 6 of "hostile input": the browser's faults. A Chromium that crashes or hangs mid-print
 * is detected within --browser-timeout, restarted once, then reported; never a hang.
 */
describe("the browser's faults", () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'octavo-faults-'));
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('a Chromium killed mid-print is replaced once and the PDF is still made', async () => {
    const target = path.join(out, 'once');
    const result = await buildWithFault(target, 'SIGKILL', 1, 20);
    console.info(`crash once: exit ${result.code}, ${Math.round(result.afterFault)} ms from the kill to the end of the build`);
    expect(result.victims).toHaveLength(1);
    expect(result.code, result.stderr).toBe(0);
    await checkPdf(path.join(target, 'input.pdf'));
    expectGone(result.victims);
  });

  it('a Chromium that crashes again after the restart: `octavo: pdf: Chromium crashed …`, exit 1, nothing written', async () => {
    const target = path.join(out, 'twice');
    const result = await buildWithFault(target, 'SIGKILL', 2, 20);
    console.info(`crash twice: exit ${result.code}, ${Math.round(result.afterFault)} ms from the first kill to the end of the build`);
    expect(result.victims).toHaveLength(2);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^octavo: pdf: Chromium crashed( \(killed by SIGKILL\))? during the print, and again after a restart; giving up$/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(target).catch(() => [])).toEqual([]);
    expectGone(result.victims);
  });

  it('a Chromium that hangs (SIGSTOP) is killed after --browser-timeout, restarted, then reported; never a hang', async () => {
    const target = path.join(out, 'hung');
    const seconds = 3;
    const result = await buildWithFault(target, 'SIGSTOP', 2, seconds);
    console.info(`hang twice: exit ${result.code}, ${Math.round(result.afterFault)} ms from the first stop and ${Math.round(result.afterLastFault)} ms from the second to the end of the build (timeout ${seconds} s)`);
    expect(result.victims).toHaveLength(2);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^octavo: pdf: Chromium did not answer for ${seconds} s during the print .*, and again after a restart; giving up$`, 'm'));
    expect(await readdir(target).catch(() => [])).toEqual([]);
    // Stopped processes are killed too, not left frozen.
    expectGone(result.victims);
  });
});
