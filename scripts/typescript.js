// `node --import ./scripts/typescript.js scripts/x.ts`: runs a script with the same esbuild
// hook as bin/octavo.js. (tsx wraps functions in `__name(…)`, which breaks the functions
// Octavo sends to Chromium with page.evaluate.)
import { register } from 'node:module';

register('../bin/typescript-loader.js', import.meta.url);
