import { execFile, spawn } from 'node:child_process';
import { appendFile, cp, mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { WarmRebuild } from './results.ts';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function mtime(file: string): Promise<number> {
  return stat(file).then(
    (s) => s.mtimeMs,
    () => 0,
  );
}

/**
 * Times a rebuild by Octavo's watch mode, if the CLI has one: a copy of the manuscript is
 * edited and the time runs until all three artifacts are rewritten.
 */
export async function measureWarmRebuild(options: { root: string; work: string; rounds: number; env: NodeJS.ProcessEnv }): Promise<WarmRebuild> {
  const { root, work, env } = options;
  const bin = join(root, 'bin/octavo.js');
  const { stdout } = await run('node', [bin, '--help'], { cwd: root, env });
  if (!stdout.includes('--watch')) return { measured: false, reason: 'not measured: no --watch yet (`octavo --help` does not list it)' };

  const manuscript = join(work, 'watch', 'manuscript');
  const out = join(work, 'watch', 'out');
  await rm(join(work, 'watch'), { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await cp(join(root, 'manuscript'), manuscript, { recursive: true });
  const artifacts = ['epub', 'pdf', 'html'].map((format) => join(out, `ballerina.${format}`));
  const child = spawn('node', [bin, 'build', manuscript, '--watch', '--out', out], { cwd: root, env, stdio: 'ignore', detached: true });
  const waitFor = async (since: number, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const times = await Promise.all(artifacts.map(mtime));
      if (times.every((t) => t > since)) return true;
      if (child.exitCode !== null) return false;
      await sleep(20);
    }
    return false;
  };
  try {
    if (!(await waitFor(0, 120_000))) return { measured: false, reason: 'not measured: `octavo build --watch` wrote no first build within 120 s' };
    const seconds: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      await sleep(1000); // mtimes must be able to move past the last build's
      const since = Date.now();
      const started = performance.now();
      await appendFile(join(manuscript, 'ballerina.md'), `\nEdited for the warm rebuild, round ${round + 1}.\n`);
      if (!(await waitFor(since, 120_000))) return { measured: false, reason: `not measured: no rebuild within 120 s after edit ${round + 1}` };
      seconds.push((performance.now() - started) / 1000);
    }
    return { measured: true, seconds, command: 'node bin/octavo.js build manuscript --watch --out OUT' };
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
