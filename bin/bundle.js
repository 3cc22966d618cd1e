// Octavo's CLI pre-bundled with esbuild (an entry and a few chunks) from src/ and its
// dependencies, remade whenever a source changes, for a checkout of the repository: loading a few
// files is faster than compiling each `.ts` through a module hook and resolving hundreds of small
// ESM modules one by one (measured in docs/internals.md, "How Octavo starts").
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where bundles are kept: git-ignored, beside the subset fonts and covers of `src/cache.ts`. */
export const bundleDir = path.join(root, 'node_modules', '.cache', 'octavo', 'bundle');

/**
 * Packages left out of the bundle and imported from node_modules as they are: each finds its
 * own files at run time (WebAssembly, fonts, workers, a browser), or is loaded only when a
 * build needs it and would only add to every start (code, math). Tested one by one; the rest —
 * the unified ecosystem, zod, yaml, parse5 — bundle and run as they are (puppeteer-core,
 * @puppeteer/browsers and pdf-lib come from their own builds in vendor/).
 */
export const external = [
  '@sparticuz/chromium', // unpacks the Chromium shipped beside it
  '@wooorm/starry-night', // Oniguruma's .wasm via import.meta.url; only for code blocks
  'katex', // only for math
  'subset-font', // HarfBuzz's .wasm via require.resolve
  'harfbuzzjs', // its .wasm found beside it; only to shape emoji sequences
  'hyphen', // patterns required by a computed name
  'jiti', // loads a TypeScript config; only then
  'css-tree', // its syntax data read with require() from beside it
  'sharp', // its native libvips binding, required by a computed name
];

/**
 * unist-util-visit-parents names each node's visit function after the node, for stack traces
 * (`node (element<p>)`, in ANSI colours under Node): a string built and an
 * `Object.defineProperty` for every node of every walk, four fifths of a walk's time (the spec's
 * 8,300 hast nodes: 7 ms a walk, 1.5 ms without), and a build walks each tree some forty times
 * (remark, rehype and Octavo's plugins; docs/benchmarks.md). The bundle leaves the naming out: a
 * stack trace through a walk says `visit`. Returns the source unchanged when its naming block is
 * not there as expected (tests/unit/cli-bundle.test.ts notices a new version).
 */
export function withoutVisitNames(source) {
  return source.replace(/\n( *)if \(typeof value\.type === 'string'\) \{\n[^]*?Object\.defineProperty\(visit, 'name', \{\n[^]*?\n\1\}\n/, '\n');
}

/** The esbuild plugin that applies `withoutVisitNames`. */
const unnamedVisits = {
  name: 'unnamed-visits',
  setup(build) {
    build.onLoad({ filter: /[\\/]unist-util-visit-parents[\\/]lib[\\/]index\.js$/ }, (args) => ({ contents: withoutVisitNames(readFileSync(args.path, 'utf8')), loader: 'js' }));
  },
};

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
 * The path of `cli.mjs` in a bundle of `src/cli.ts` made from the sources as they are now: the
 * one already built, or a new one. Split at each dynamic import, so a command loads only what
 * it runs (`--version` neither the build nor puppeteer-core). The folder is written under a
 * temporary name and renamed into place whole, so a process never sees half a bundle; when two
 * processes build at once, the first rename wins and the other uses it. Throws when esbuild
 * fails or the folder cannot be written; the bin then runs the sources.
 */
export async function bundledCli() {
  const key = sourcesKey();
  const folder = path.join(bundleDir, key);
  const entry = path.join(folder, 'cli.mjs');
  if (existsSync(entry)) {
    markUsed(folder);
    return entry;
  }
  const { build } = await import('esbuild');
  const temporary = path.join(bundleDir, `.${key}.${process.pid}.${Date.now()}.tmp`);
  try {
    await build({
      entryPoints: { cli: path.join(root, 'src', 'cli.ts') },
      outdir: temporary,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external,
      plugins: [unnamedVisits],
      // Bundled CommonJS (yaml's Node build, puppeteer's helpers) calls require() for built-ins; ESM has none, so give it one.
      banner: { js: "import { createRequire as __octavoCreateRequire } from 'node:module'; const require = __octavoCreateRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    try {
      renameSync(temporary, folder);
    } catch (error) {
      // Another process renamed its own copy first: use that one.
      if (!existsSync(entry)) throw error;
    }
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
  prune(folder);
  return entry;
}

/** Dates the bundle's folder now: `prune` keeps what a process has started from lately. */
function markUsed(folder) {
  try {
    const now = new Date();
    utimesSync(folder, now, now);
  } catch {
    // Pruned by another process meanwhile: the chunks this one loads later will say so.
  }
}

/**
 * Removes bundles of older sources, and temporaries a killed build left, that no process has
 * started from for a day: a build loads chunks as it needs them (parse5 for raw HTML, franc for
 * a text with no language) until it ends, so a bundle another checkout sharing node_modules, or
 * an edit of src/, made old is still in use by the builds started before.
 */
function prune(keep) {
  const old = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of readdirSync(bundleDir)) {
    const file = path.join(bundleDir, name);
    if (file === keep) continue;
    try {
      if (statSync(file).mtimeMs < old) rmSync(file, { recursive: true, force: true });
    } catch {
      // Removed by another process meanwhile.
    }
  }
}
