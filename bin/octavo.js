#!/usr/bin/env node
// Starts Octavo. An installed package runs lib/, compiled from src/ by `npm pack` (prepack).
// A checkout of the repository runs its sources: from an esbuild bundle of them (bin/bundle.js,
// remade whenever a source under src/ changed, compiled with V8's code cache), or, should that
// fail, compiled one by one on load (bin/typescript-loader.js). esbuild is a devDependency,
// there only in a checkout.
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { setFlagsFromString } from 'node:v8';

/**
 * How much a function runs before V8 optimizes it: 4.5 times V8's default. V8 is tuned for
 * programs that run for long; a command runs for seconds, and its optimizing compiler
 * (TurboFan, on other threads) took as much CPU as the command itself, mostly for code used
 * briefly, competing with Chromium and this thread for the cores (docs/benchmarks.md). Set
 * before any of Octavo's code is loaded; a budget given to node itself is kept.
 */
const interruptBudget = 600_000;
const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((arg) => /^--interrupt[-_]budget=/.test(arg));
if (!given) setFlagsFromString(`--interrupt-budget=${interruptBudget}`);

/** The CLI's module, and what to do once it has run (write the bundle's code cache, the first time). */
async function fromSources() {
  try {
    const { loadBundledCli } = await import('./bundle.js');
    const loaded = await loadBundledCli();
    if (process.argv.includes('--debug')) process.stderr.write(`octavo: the bundle's code cache: ${loaded.cacheUse}\n`);
    return loaded;
  } catch (error) {
    // No bundle (a read-only checkout, a source esbuild cannot parse): the sources, compiled one by one, say the same.
    if (process.argv.includes('--debug')) process.stderr.write(`octavo: running the sources, without the bundle: ${error.message}\n`);
    register('./typescript-loader.js', import.meta.url);
    return { cli: await import('../src/cli.ts') };
  }
}

const checkout = existsSync(new URL('../src/cli.ts', import.meta.url)) && existsSync(new URL('./bundle.js', import.meta.url));
// A package packed without compiling (`npm pack` with scripts ignored skips prepack) has neither.
if (!checkout && !existsSync(new URL('../lib/cli.js', import.meta.url))) {
  process.stderr.write('octavo: this copy of Octavo has no compiled code (lib/): it was packed without running `npm run compile`. Pack it with `npm pack` in a checkout where scripts are not ignored, or with `npm run pack`.\n');
  process.exit(1);
}
const { cli, saveCache } = checkout ? await fromSources() : { cli: await import('../lib/cli.js') };
const code = await cli.main(process.argv.slice(2));
// The code cache holds what the run compiled: made by a build that worked, not by `--version`.
if (code === 0 && !process.argv.slice(2).some((arg) => /^(-v|--version|-h|--help|help|init)$/.test(arg))) saveCache?.();
// When main returns, everything is written and the browser closed. Nothing left may keep the
// process up: not work that cannot be cancelled after an interrupt (a font being subset), nor a
// timer a library left behind (puppeteer's launch timeout after a browser died starting, 30 s).
process.exitCode = code;
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
