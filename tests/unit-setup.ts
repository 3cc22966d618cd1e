import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { afterEach } from 'vitest';

/**
 * The unit tier (vitest.unit.config.ts) is the tests that need no Chromium and no Java: a test
 * there that starts either fails, saying so, instead of slowly making the tier slow.
 */
// Files share a worker (isolate: false in vitest.unit.config.ts): the functions are wrapped once.
const state = globalThis as { octavoRefusedCommands?: string[] };
const wrapped = state.octavoRefusedCommands !== undefined;
const refused: string[] = (state.octavoRefusedCommands ??= []);
const forbidden = (command: unknown) => typeof command === 'string' && /^(java|chrom(e|ium)[\w-]*|headless[\w-]*)$/i.test(path.basename(command));
for (const name of wrapped ? [] : (['spawn', 'spawnSync', 'execFile', 'execFileSync'] as const)) {
  const original = childProcess[name] as (...args: unknown[]) => unknown;
  (childProcess as unknown as Record<string, unknown>)[name] = (command: unknown, ...rest: unknown[]) => {
    if (!forbidden(command)) return original(command, ...rest);
    refused.push(String(command));
    throw new Error(`${String(command)} is not started in the unit tier`);
  };
}
// `import { spawn } from 'node:child_process'` in the modules a test loads sees the wrapped ones.
syncBuiltinESMExports();

// Said here too: the caller may have caught the error above and failed with another message.
afterEach(() => {
  if (refused.length === 0) return;
  const commands = refused.splice(0);
  throw new Error(`The test started ${commands.join(', ')}; the unit tier holds tests that need no Chromium and no Java: move the file to the full suite (npm test) only`);
});
