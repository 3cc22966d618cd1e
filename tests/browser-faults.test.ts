import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOf, living, printing, userDataDir, type ProcessInfo } from './helpers/processes.ts';
import { checkPdf } from './helpers/validators.ts';

const bin = path.resolve('bin/octavo.js');

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
 * Builds the book fixture's PDF in a child process and, whenever one of its browsers is laying
 * out the page it prints (see `printing`), does `fault` to that browser's main process: up to
 * `times` browsers.
 */
function buildWithFault(out: string, fault: 'SIGKILL' | 'SIGSTOP', times: number, timeoutSeconds: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'build', 'tests/fixtures/book/input', '--out', out, '--format', 'pdf', '--browser-timeout', String(timeoutSeconds)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const victims: ProcessInfo[] = [];
    let first = 0;
    let last = 0;
    const poll = setInterval(() => {
      if (victims.length >= times) return;
      const found = chromiumOf(child.pid!);
      if (!found.browser || !printing(found) || victims.some((victim) => victim.pid === found.browser!.pid)) return;
      process.kill(found.browser.pid, fault);
      victims.push(found.browser);
      last = performance.now();
      first ||= last;
    }, 25);
    child.on('close', (code) => {
      clearInterval(poll);
      const end = performance.now();
      resolve({ code, stderr, victims, afterFault: end - first, afterLastFault: end - last });
    });
  });
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
