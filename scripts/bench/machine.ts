import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { promisify } from 'node:util';
import type { Command } from './measure.ts';

const run = promisify(execFile);

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  chromium: { path: string; version: string; how: string };
  /** Tool id → the first line its version command printed. */
  versions: Record<string, string>;
}

/** The first non-empty line a command prints, or why it printed nothing. */
export async function firstLine(command: Command): Promise<string> {
  try {
    const { stdout, stderr } = await run(command.argv[0], command.argv.slice(1), { cwd: command.cwd, env: command.env, timeout: 60_000 });
    return (
      `${stdout}\n${stderr}`
        .split('\n')
        .map((line) => line.trim())
        .find(Boolean)
        ?.slice(0, 120) ?? '(printed nothing)'
    );
  } catch (error) {
    return `(failed: ${(error as Error).message.split('\n')[0]})`;
  }
}

export async function describeMachine(chromium: Machine['chromium'], versions: Record<string, string>): Promise<Machine> {
  const debian = await readFile('/etc/debian_version', 'utf8').then(
    (text) => `Debian ${text.trim()}, `,
    () => '',
  );
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${debian}Linux ${release()}`,
    node: process.version,
    chromium,
    versions,
  };
}

/** The 1-minute load average now. */
export function load(): number {
  return loadavg()[0];
}
