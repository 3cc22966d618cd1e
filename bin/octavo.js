#!/usr/bin/env node
// Starts Octavo from its esbuild bundle (bin/bundle.js), remade whenever a source under
// src/ changed; should that fail, runs the TypeScript sources directly, compiled on load by
// esbuild (bin/typescript-loader.js). Either way `node bin/octavo.js` works right after `npm ci`.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { bundledCli } from './bundle.js';

let cli;
try {
  cli = await import(pathToFileURL(await bundledCli()).href);
} catch (error) {
  // No bundle (a read-only install, a source esbuild cannot parse): the sources, compiled one by one, say the same.
  if (process.argv.includes('--debug')) process.stderr.write(`octavo: running the sources, without the bundle: ${error.message}\n`);
  register('./typescript-loader.js', import.meta.url);
  cli = await import('../src/cli.ts');
}
const code = await cli.main(process.argv.slice(2));
// When main returns, everything is written and the browser closed. Nothing left may keep the
// process up: not work that cannot be cancelled after an interrupt (a font being subset), nor a
// timer a library left behind (puppeteer's launch timeout after a browser died starting, 30 s).
process.exitCode = code;
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
