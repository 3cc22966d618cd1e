import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * bin/octavo.js raises V8's interrupt budget (how much a function runs before it is optimized):
 * a build is a short process, and V8's optimizing compiler took as much CPU beside it as the
 * build itself (issue 21). Counted by the optimizations V8 reports (`--trace-opt`) for the same
 * small build, with the budget Octavo sets and with V8's own (132 KB, given on node's command
 * line, which Octavo then keeps).
 */
describe('the optimizing compiler in a build', () => {
  it('optimizes a fraction of the functions V8 would by default', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'octavo-jit-'));
    try {
      // Sixty sections: a tiny file left V8 so few functions to optimize (2 against 6) that one
      // more, from timing on a loaded machine, failed the ratio.
      const sections = Array.from({ length: 60 }, (_, i) =>
        `## Section ${i}\n\nSome *text* with a [link](https://example.org/${i}) and \`code ${i}\`. ${'Words flow here and there. '.repeat(8)}\n\n- one\n- two **bold**\n\n> quote ${i}\n`);
      writeFileSync(path.join(dir, 'text.md'), `# Book\n\n${sections.join('\n')}`);
      const optimized = (...flags: string[]) => {
        const output = execFileSync(process.execPath, ['--trace-opt', ...flags, path.resolve('bin/octavo.js'), 'build', path.join(dir, 'text.md'), '--format', 'html', '--out', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        return output.match(/^\[completed (optimizing|compiling) /gm)?.length ?? 0;
      };
      // Once first, so that both counted runs find the bundle (and its code cache) made.
      optimized();
      const byDefault = optimized('--interrupt-budget=135168');
      const octavo = optimized();
      expect(byDefault).toBeGreaterThan(80);
      expect(octavo).toBeLessThan(byDefault / 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
