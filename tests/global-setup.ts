import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runtimeParent } from '../src/browser/temporary.ts';

const temporaryParentFor = (folder: string) => runtimeParent({ platform: process.platform, octavoTmpdir: folder, tmpdir: os.tmpdir() });

/** Every process whose command line or environment names `folder`, but this one and the test runner's own workers. */
function processesUsing(folder: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      // The pool's workers carry the folder too; a Node process a test forks (same flags) is counted.
      if (/vitest\/dist\/workers\//.test(cmdline)) continue;
      const environ = readFileSync(`/proc/${name}/environ`, 'utf8').split('\0');
      if (cmdline.includes(folder) || environ.includes(`OCTAVO_TMPDIR=${folder}`)) found.push(`${name} ${cmdline.slice(0, 200)}`);
    } catch {
      // Gone while we looked, or not ours to read.
    }
  }
  return found;
}

/**
 * The whole suite shares one temporary folder for Octavo's run folders (`OCTAVO_TMPDIR`,
 * inherited by every worker and every `octavo` the tests start). At the end it must be empty
 * and no process may still use it: a Chromium, a profile or an Octavo left behind by any test
 * fails the run. Then the folder goes. It sees only what outlives the workers: a browser left
 * open by a test file dies with its worker (its DevTools pipe closes) as the run ends, so
 * tests/setup.ts checks each file's leftovers as the file ends (docs/testing.md).
 */
export default function setup(): () => void {
  // Short, whatever TMPDIR is: Octavo puts its run folders here only while Chromium's socket paths under it stay short enough.
  const folder = mkdtempSync(path.join(process.platform === 'win32' ? os.tmpdir() : '/tmp', 'ov-'));
  if (temporaryParentFor(folder) !== folder) throw new Error(`The suite's temporary folder ${folder} is too long for Octavo's run folders`);
  process.env.OCTAVO_TMPDIR = folder;
  return () => {
    // A killed Chromium's last helpers may take a moment to go.
    let processes = processesUsing(folder);
    for (let wait = 0; wait < 50 && processes.length > 0; wait++) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
      processes = processesUsing(folder);
    }
    const left = readdirSync(folder);
    rmSync(folder, { recursive: true, force: true });
    const problems = [...left.map((name) => `folder left: ${name}`), ...processes.map((line) => `process left: ${line}`)];
    if (problems.length === 0) return;
    // Said and made the exit status: a teardown's exception alone does not always fail the run.
    process.stderr.write(`\nThe suite left Octavo's temporary folders or processes behind:\n${problems.join('\n')}\n`);
    process.exitCode = 1;
  };
}
