#!/usr/bin/env node
// Runs the TypeScript sources directly, compiled on load by esbuild (bin/typescript-loader.js),
// so `node bin/octavo.js` works right after `npm ci` with no build step.
import { register } from 'node:module';

register('./typescript-loader.js', import.meta.url);
const { main } = await import('../src/cli.ts');
const code = await main(process.argv.slice(2));
// When main returns, everything is written and the browser closed. Nothing left may keep the
// process up: not work that cannot be cancelled after an interrupt (a font being subset), nor a
// timer a library left behind (puppeteer's launch timeout after a browser died starting, 30 s).
process.exitCode = code;
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
