// Octavo's CLI as one pre-bundled ESM file, made with esbuild from src/ and remade whenever
// a source changes. Loading one file instead of compiling each `.ts` through a module hook (and
// resolving hundreds of small ESM modules of the unified ecosystem one by one) is most of the
// difference between a cold build and the bare puppeteer floor; see README.md "How Octavo starts".
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where bundles are kept: git-ignored, beside the subset fonts and covers of `src/cache.ts`. */
export const bundleDir = path.join(root, 'node_modules', '.cache', 'octavo', 'bundle');

/**
 * Packages left out of the bundle and imported from node_modules as they are. Each either finds
 * its own files at run time (WebAssembly, fonts, workers, a browser) or is big and loaded only
 * when a build needs it (code, math, the PDF), so bundling it would only add to every start.
 */
export const external = [
  '@sparticuz/chromium', // unpacks the Chromium shipped beside it
  '@wooorm/starry-night', // Oniguruma's .wasm via import.meta.url; only for code blocks
  'katex', // only for math
  'pagedjs', // read as a script file, never imported
  'pdf-lib',
  'pdfjs-dist', // its worker and fonts beside it
  'puppeteer-core',
  'subset-font', // HarfBuzz's .wasm via require.resolve
  'hyphen', // patterns required by a computed name
];

/**
 * What the bundle is made from, as one short hash: the path, size, change and modification
 * time of every file and folder under src/, and of this file and the lockfile npm writes into
 * node_modules (a dependency that changed is a changed input too, since most are bundled).
 * Any edit, even one that restores an older mtime, changes a ctime, so a stale bundle is never run.
 */
export function sourcesKey() {
  const hash = createHash('sha256');
  const add = (file) => {
    const info = statSync(file, { throwIfNoEntry: false });
    hash.update(`${path.relative(root, file)}\0${info ? `${info.size}:${info.mtimeMs}:${info.ctimeMs}` : '-'}\n`);
    return info;
  };
  const walk = (dir) => {
    add(dir);
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else add(file);
    }
  };
  walk(path.join(root, 'src'));
  add(fileURLToPath(import.meta.url));
  add(path.join(root, 'package.json'));
  add(path.join(root, 'node_modules', '.package-lock.json'));
  hash.update(process.version);
  return hash.digest('hex').slice(0, 16);
}

/**
 * The file URL of a bundle of `src/cli.ts` made from the sources as they are now: the one
 * already built, or a new one. Written to a temporary name and renamed into place, so a
 * process never imports half a file, and two processes building at once each rename a whole
 * one. Throws when esbuild fails or the folder cannot be written; the bin then runs the sources.
 */
export async function bundledCli() {
  const key = sourcesKey();
  const file = path.join(bundleDir, `cli-${key}.mjs`);
  if (existsSync(file)) return file;
  const { build } = await import('esbuild');
  const temporary = path.join(bundleDir, `.cli-${key}.${process.pid}.${Date.now()}.tmp.mjs`);
  try {
    await build({
      entryPoints: [path.join(root, 'src', 'cli.ts')],
      outfile: temporary,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external,
      // Bundled CommonJS (yaml's Node build) calls require() for built-ins; ESM has none, so give it one.
      banner: { js: "import { createRequire as __octavoCreateRequire } from 'node:module'; const require = __octavoCreateRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
  prune(file);
  return file;
}

/** Removes bundles of older sources (best effort): a process still starting from one has read it already. */
function prune(keep) {
  const hour = 60 * 60 * 1000;
  for (const name of readdirSync(bundleDir)) {
    const file = path.join(bundleDir, name);
    if (file === keep) continue;
    try {
      if (Date.now() - statSync(file).mtimeMs > hour || name.startsWith('cli-')) rmSync(file, { force: true });
    } catch {
      // Removed by another process meanwhile.
    }
  }
}
