import { execFile, spawn } from 'node:child_process';
import { appendFile, cp, mkdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
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
export interface WarmSubject {
  /** The manuscript folder to copy and watch. */
  source: string;
  /** The file in it that each round edits. */
  edit: string;
  /** The artifacts' base name. */
  name: string;
  /** A folder name for the copy. */
  id: string;
}

export async function measureWarmRebuild(options: { root: string; work: string; rounds: number; env: NodeJS.ProcessEnv; subject?: WarmSubject }): Promise<WarmRebuild> {
  const { root, work, env } = options;
  const subject = options.subject ?? { source: join(root, 'manuscript'), edit: 'ballerina.md', name: 'manuscript', id: 'watch' };
  const bin = join(root, 'bin/octavo.js');
  const { stdout } = await run('node', [bin, '--help'], { cwd: root, env });
  if (!stdout.includes('--watch')) return { measured: false, reason: 'not measured: no --watch yet (`octavo --help` does not list it)' };

  // Named as the original: a folder of chapters names the artifacts.
  const manuscript = join(work, subject.id, basename(subject.source));
  const out = join(work, subject.id, 'out');
  await rm(join(work, subject.id), { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await cp(subject.source, manuscript, { recursive: true });
  const artifacts = ['epub', 'pdf', 'html'].map((format) => join(out, `${subject.name}.${format}`));
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
      await appendFile(join(manuscript, subject.edit), `\nEdited for the warm rebuild, round ${round + 1}.\n`);
      if (!(await waitFor(since, 120_000))) return { measured: false, reason: `not measured: no rebuild within 120 s after edit ${round + 1}` };
      seconds.push((performance.now() - started) / 1000);
    }
    return { measured: true, seconds, command: `node bin/octavo.js build ${subject.id === 'watch' ? 'manuscript' : 'INPUT'} --watch --out OUT` };
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
