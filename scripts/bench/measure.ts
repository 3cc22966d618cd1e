import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

export interface Command {
  /** Program and arguments; run without a shell unless the program is `sh`. */
  argv: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export interface Measurement {
  /** Wall-clock seconds from spawn to exit. */
  seconds: number;
  /** Highest sum of resident set sizes over the process tree, in bytes (sampled). */
  peakRss: number;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** The last lines the command wrote to stderr and stdout, for reporting failures. */
  output: string;
}

interface ProcessInfo {
  pid: number;
  ppid: number;
  session: number;
}

/**
 * Each process's parent and session, read once: the sampler runs beside the command it times,
 * and reading every process's stat ten times a second took 6 ms of CPU a sample, which a tool
 * that keeps both cores busy (Octavo and Chromium) paid for and a one-core tool did not.
 */
const known = new Map<number, ProcessInfo>();
let statsRead = 0;
/** Processes' stat files read so far: the sampler's work, which a test bounds. */
export const processStatsRead = () => statsRead;

async function listProcesses(): Promise<ProcessInfo[]> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry)).map(Number);
  const alive = new Set(pids);
  for (const pid of known.keys()) if (!alive.has(pid)) known.delete(pid);
  await Promise.all(
    pids
      .filter((pid) => !known.has(pid))
      .map(async (pid) => {
        try {
          statsRead++;
          const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
          // The command name may hold spaces and parentheses: fields start after the last ')'.
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          known.set(pid, { pid, ppid: Number(fields[1]), session: Number(fields[3]) });
        } catch {
          // gone between readdir and read
        }
      }),
  );
  return pids.flatMap((pid) => known.get(pid) ?? []);
}

/**
 * The process and its descendants. Chromium is started detached (its own session) by
 * puppeteer, so the tree is followed by parent id, plus anything left in the root's session.
 */
export async function processTree(root: number): Promise<number[]> {
  const processes = await listProcesses();
  const children = new Map<number, number[]>();
  for (const p of processes) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const tree = new Set<number>();
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    if (tree.has(pid)) continue;
    tree.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  for (const p of processes) if (p.session === root) tree.add(p.pid);
  return [...tree];
}

async function rssOf(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export interface MeasureOptions {
  /** Milliseconds before the whole tree is killed (default: 600 000). */
  timeoutMs?: number;
  /** Milliseconds between memory samples (default: 100). */
  sampleMs?: number;
}

/** Runs a command once as a fresh process, timing it and sampling the tree's memory. */
export async function measure(command: Command, options: MeasureOptions = {}): Promise<Measurement> {
  const { timeoutMs = 600_000, sampleMs = 100 } = options;
  const started = performance.now();
  // Detached: its own process group, so a timeout can end the whole tree.
  const child = spawn(command.argv[0], command.argv.slice(1), {
    cwd: command.cwd,
    env: command.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  let peakRss = 0;
  let lastTree: number[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling && child.pid !== undefined) {
      lastTree = await processTree(child.pid);
      const rss = (await Promise.all(lastTree.map(rssOf))).reduce((sum, value) => sum + value, 0);
      peakRss = Math.max(peakRss, rss);
      await new Promise((resolve) => setTimeout(resolve, sampleMs));
    }
  })();

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    for (const pid of lastTree) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, timeoutMs);

  const { code, signal } = await new Promise<{ code: number | null; signal: string | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
  });
  const seconds = (performance.now() - started) / 1000;
  clearTimeout(timer);
  sampling = false;
  await sampler;
  return { seconds, peakRss, exitCode: code, signal, timedOut, output: output.trim() };
}
