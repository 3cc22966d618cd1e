#!/usr/bin/env node
// Runs the TypeScript sources directly, compiled on load by esbuild (bin/typescript-loader.js),
// so `node bin/octavo.js` works right after `npm ci` with no build step.
import { register } from 'node:module';

register('./typescript-loader.js', import.meta.url);
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
// Interrupted (130, 143): the browser is closed and nothing was written; work that cannot be
// cancelled (a font being subset) is not waited for.
if (process.exitCode >= 128) process.exit();
