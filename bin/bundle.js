// Octavo's CLI pre-bundled with esbuild into one CommonJS file from src/ and its dependencies,
// remade whenever a source changes, for a checkout of the repository: loading one file is faster
// than compiling each `.ts` through a module hook and resolving hundreds of small ESM modules one
// by one (measured in docs/internals.md, "How Octavo starts"). It is compiled with V8's code
// cache, kept beside it: Node 20 has no compile cache for ES modules (docs/benchmarks.md).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

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
  'sharp', // its native libvips binding, required by a computed name
];

/**
 * unist-util-visit-parents and unist-util-visit, the walk under nearly every transform (remark's,
 * rehype's, Octavo's plugins, the print document, the EPUB: a build walks each tree some forty
 * times), made a function for every node they visited (named after the node, for stack traces: a
 * string and an `Object.defineProperty` each) and, for `visit`, a copy of the ancestors at every
 * parent. The bundle has bin/unist-visit.js in their place: the same calls and results, one call
 * a node (docs/benchmarks.md). Only for the major versions it was written against: another
 * version keeps its own code (tests/unit/lean-visits.test.ts notices).
 */
export const leanVisitVersions = { 'unist-util-visit-parents': 6, 'unist-util-visit': 5 };

/** The package whose `lib/index.js` `file` is, when bin/unist-visit.js stands in for that version of it. */
export function leanVisitFor(file) {
  const match = /[\\/]node_modules[\\/](unist-util-visit(?:-parents)?)[\\/]lib[\\/]index\.js$/.exec(file);
  if (!match) return undefined;
  const manifest = JSON.parse(readFileSync(path.join(path.dirname(path.dirname(file)), 'package.json'), 'utf8'));
  return Number(String(manifest.version).split('.')[0]) === leanVisitVersions[match[1]] ? match[1] : undefined;
}

/** The esbuild plugin that puts bin/unist-visit.js in place of the walks `leanVisitFor` names. */
const leanVisits = {
  name: 'lean-visits',
  setup(build) {
    build.onLoad({ filter: /[\\/]unist-util-visit(-parents)?[\\/]lib[\\/]index\.js$/ }, (args) => {
      if (!leanVisitFor(args.path)) return undefined;
      // Resolved from the package's folder, as its own imports are (unist-util-is).
      return { contents: readFileSync(new URL('./unist-visit.js', import.meta.url), 'utf8'), loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

/**
 * The vendor builds every build with a PDF imports (puppeteer-core to print, pdf-lib to finish
 * the PDF), bundled in from vendor/ so that the code cache holds them too (compiled apart,
 * puppeteer-core's was 15 ms of the review's start). src/ imports each by a URL made at run time
 * (`vendorFile`), which esbuild cannot follow: here that import is made one of a literal path.
 * The rest (citation-js, @puppeteer/browsers) are seldom needed and stay imported by URL.
 */
export const inlinedVendor = ['puppeteer-core', 'pdf-lib'];

/** `import(pathToFileURL(vendorFile(NAME, FILE)).href)` in a source, for the builds in `inlinedVendor`, as an import of the file's path. */
export function withVendorPaths(source) {
  return source.replace(/import\(pathToFileURL\(vendorFile\('([^']+)', '([^']+)'\)\)\.href\)/g, (whole, name, file) =>
    inlinedVendor.includes(name) ? `import(${JSON.stringify(path.join(root, 'vendor', name, file))})` : whole,
  );
}

/** The esbuild plugin that applies `withVendorPaths` to Octavo's sources. */
const vendorPaths = {
  name: 'vendor-paths',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const rewritten = withVendorPaths(source);
      return rewritten === source ? undefined : { contents: rewritten, loader: 'ts', resolveDir: path.dirname(args.path) };
    });
  },
};

/**
 * What the bundle is made from, as one short hash: the path, size, change and modification
 * time of every file and folder under src/ and the vendor builds it holds, and of this file and the lockfile npm writes into
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
  for (const name of inlinedVendor) walk(path.join(root, 'vendor', name));
  add(fileURLToPath(import.meta.url));
  add(fileURLToPath(new URL('./unist-visit.js', import.meta.url)));
  add(path.join(root, 'package.json'));
  add(path.join(root, 'node_modules', '.package-lock.json'));
  hash.update(process.version);
  return hash.digest('hex').slice(0, 16);
}

/**
 * The bundle's dynamic imports of packages it leaves out (`external`) and of files by URL (the
 * vendor builds): esbuild, told that the target has no `import()`, writes each as
 * `Promise.resolve().then(() => __toESM(require(X)))` (or `…(X), 1)`); here each becomes
 * `__octavoImport((X))` (`…((X), 1)`), a real `import()` made by this module that takes the
 * module's namespace as ES modules do (parentheses as many). A script compiled from V8's
 * code cache cannot call `import()` itself in Node 20 ("A dynamic import callback was not
 * specified"), and `require` cannot load an ES module. Text in strings (the PDF reader's worker
 * source) is not touched: esbuild rewrites only code. Returns the source and how many it changed.
 */
export function withNativeImports(source) {
  let count = 0;
  const rewritten = source.replaceAll('Promise.resolve().then(() => __toESM(require(', () => {
    count += 1;
    return 'Promise.resolve().then(() => __octavoImport((';
  });
  return { source: rewritten, count };
}

/**
 * The bundle as ASCII, so that it is read as Latin-1 (5–11 ms of CPU for its 5 MB, against 21
 * ms as UTF-8, on every start): esbuild escapes every other character of its code already, but
 * keeps some comments of the packages it bundles as they were. Each UTF-16 unit past ASCII
 * becomes `\uXXXX`, which means the same in a string, a template or a regular expression, and
 * only reads otherwise in a comment.
 */
export function asAscii(source) {
  return source.replace(/[^\x00-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** What the bundle's code is wrapped in (on its first line, so that its line numbers are the file's): CommonJS's, and what ES modules had. */
const wrapperParameters = ['exports', 'require', 'module', '__filename', '__dirname', '__octavoUrl', '__octavoImport', '__octavoResolve'];

/**
 * The path of `cli.cjs` in a bundle of `src/cli.ts` made from the sources as they are now: the
 * one already built, or a new one. One file: the code a command does not run (the build for
 * `--version`) is compiled but not run, and V8's code cache makes compiling it cheap. The folder
 * is written under a temporary name and renamed into place whole, so a process never sees half
 * a bundle; when two processes build at once, the first rename wins and the other uses it.
 * Throws when esbuild fails or the folder cannot be written; the bin then runs the sources.
 */
export async function bundledCli() {
  const key = sourcesKey();
  const folder = path.join(bundleDir, key);
  const entry = path.join(folder, 'cli.cjs');
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
      outExtension: { '.js': '.cjs' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      // Each import() as a require() in a promise, made a real import() again by withNativeImports.
      supported: { 'dynamic-import': false },
      // What ES modules find on import.meta, given by the loader (loadBundledCli) as the chunks had it.
      define: { 'import.meta.url': '__octavoUrl', 'import.meta.resolve': '__octavoResolve' },
      external,
      plugins: [leanVisits, vendorPaths],
      logLevel: 'silent',
    });
    const file = path.join(temporary, 'cli.cjs');
    writeFileSync(file, asAscii(withNativeImports(readFileSync(file, 'utf8')).source));
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

/**
 * Whether a run writes the code cache anew: there was none, V8 refused it, or this run took more
 * than half as much CPU again as the run that made it (the cache holds what its maker compiled:
 * one made by an HTML build lacks the print's code, which a later PDF build's then compiles).
 */
export function cacheStale({ cached, rejected, madeWithMs, ranMs }) {
  return !cached || rejected || !(ranMs <= madeWithMs * 1.5);
}

/**
 * The bundled CLI's exports (`main`), compiled with the code cache beside it when there is one,
 * and `saveCache`: called once the command has run, it writes the cache when `cacheStale` says
 * so, with the functions that ran compiled, and the CPU that run took beside it. The bundle's
 * own path is the one its code sees (as an ES module's `import.meta.url` was: the real path,
 * not a symlink's).
 */
export async function loadBundledCli() {
  const entry = realpathSync(await bundledCli());
  const cacheFile = `${entry}.v8-cache`;
  let cachedData;
  let madeWithMs = 0;
  try {
    cachedData = readFileSync(cacheFile);
    madeWithMs = Number(readFileSync(`${cacheFile}.cpu`, 'utf8')) || 0;
  } catch {
    // Not made yet: this run makes it.
  }
  // Strict, as every ES module is (and the chunks' code was).
  const script = new vm.Script(`(function (${wrapperParameters.join(', ')}) {'use strict';${readFileSync(entry, 'latin1')}\n})`, { filename: entry, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(entry), module, entry, path.dirname(entry), pathToFileURL(entry).href, (specifier) => import(specifier), (specifier) => import.meta.resolve(specifier));
  const saveCache = () => {
    const used = process.cpuUsage();
    const ranMs = (used.user + used.system) / 1000;
    if (cacheStale({ cached: cachedData !== undefined, rejected: script.cachedDataRejected === true, madeWithMs, ranMs })) saveCodeCache(script, cacheFile, ranMs);
  };
  // What became of the code cache, for --debug: none yet, refused by V8, or compiled from.
  const cacheUse = cachedData === undefined ? 'none' : script.cachedDataRejected === true ? 'rejected' : 'used';
  return { cli: module.exports, saveCache, cacheUse };
}

/** Writes a script's code cache whole (a temporary renamed into place), and the CPU of the run that made it; or nothing: a later start makes it then. */
function saveCodeCache(script, cacheFile, ranMs) {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile);
    writeFileSync(temporary, String(Math.round(ranMs)));
    renameSync(temporary, `${cacheFile}.cpu`);
  } catch {
    rmSync(temporary, { force: true });
  }
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
