// `npm run vendor`: copies the browser builds Octavo serves or injects (Paged.js, pdf.js,
// epub.js, JSZip, pdf-lib, Mermaid) from their npm packages, installed as devDependencies, into vendor/, with
// their licences, and bundles with esbuild the Node libraries that ship no one-file build
// (puppeteer-core's browser-agnostic entry, @puppeteer/browsers, citation-js's BibTeX reader). The published package
// ships vendor/ and depends on none of these packages: each would bring a tree Octavo does not
// use (Paged.js: Babel's polyfills, about 30 MB; pdf.js: @napi-rs/canvas, 33 MB; puppeteer-core:
// WebDriver BiDi's chromium-bidi with its own zod, 37 MB; citation-js: node-fetch's stream
// polyfill, 10 MB; @puppeteer/browsers: 68 packages, 20 MB, for a 1.4 MB bundle). tests/unit/vendor.test.ts keeps vendor/ equal to them.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Each vendored package: the files copied, from the package's folder, to vendor/NAME/ under their own names. */
export const vendored: Record<string, string[]> = {
  pagedjs: ['dist/paged.polyfill.min.js', 'LICENSE.md'],
  'pdfjs-dist': ['legacy/build/pdf.min.mjs', 'legacy/build/pdf.worker.min.mjs', 'LICENSE'],
  epubjs: ['dist/epub.min.js', 'license'],
  jszip: ['dist/jszip.min.js', 'LICENSE.markdown'],
  'pdf-lib': ['dist/pdf-lib.esm.min.js', 'LICENSE.md'],
  mermaid: ['dist/mermaid.min.js', 'LICENSE'],
  // MIT (its package.json); the package ships no licence file.
  'tex-linebreak': ['dist/lib.js'],
  // Apache-2.0; these packages have no licence file, and their modules' own notices are kept in the bundle.
  'puppeteer-core': [],
  '@puppeteer/browsers': [],
  '@citation-js/core': ['LICENSE.md'],
  '@citation-js/plugin-csl': ['lib/styles.json', 'lib/locales.json', 'LICENSE.md'],
};

/**
 * Each package bundled by esbuild into vendor/NAME/ (an entry and the chunks split off at its
 * dynamic imports, so a part never used is never loaded). `stubs`: modules replaced by one that
 * throws when called, for code paths Octavo never takes (a WebSocket, WebDriver BiDi, fetching
 * a URL: builds are offline); `external`: left to be imported from node_modules, where Octavo
 * depends on it anyway.
 */
export const bundled: Record<string, { entry: string; stubs: string[]; external: string[] }> = {
  'puppeteer-core': {
    // connect() over Octavo's own pipe; not the Node entry, whose launchers Octavo does not use.
    entry: "export { default } from 'puppeteer-core/internal/puppeteer-core-browser.js';",
    stubs: ['ws', 'chromium-bidi/lib/cjs/bidiMapper/BidiMapper.js', '@puppeteer/browsers'],
    external: [],
  },
  '@puppeteer/browsers': {
    // What src/browser/find.ts calls: fetching the pinned Chromium, and finding installed ones.
    entry: "export { Browser, ChromeReleaseChannel, computeExecutablePath, computeSystemExecutablePath, detectBrowserPlatform, getInstalledBrowsers, install } from '@puppeteer/browsers';",
    stubs: [],
    external: [],
  },
  '@citation-js/core': {
    entry: "export { Cite, util } from '@citation-js/core';\nimport '@citation-js/plugin-bibtex';",
    stubs: ['node-fetch', 'sync-fetch'],
    external: [],
  },
};

/** The files of vendor/NAME/ that esbuild makes for `name`, by file name, from the installed devDependencies. */
export async function bundledFiles(name: string): Promise<Map<string, Buffer>> {
  const { entry, stubs, external } = bundled[name];
  const { build } = await import('esbuild');
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'octavo-vendor-'));
  // esbuild names chunks by a hash of the modules' paths from its working folder: the folder that
  // really holds node_modules, so that a checkout whose node_modules is a link makes the same names.
  const base = path.dirname(realpathSync('node_modules'));
  try {
    const stubbed = new RegExp(`^(${stubs.map((stub) => stub.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
    await build({
      stdin: { contents: entry, resolveDir: base, sourcefile: 'entry.js' },
      absWorkingDir: base,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      minify: true,
      legalComments: 'eof',
      outdir,
      entryNames: 'index',
      chunkNames: 'chunk-[hash]',
      external,
      logLevel: 'error',
      // Bundled CommonJS (debug, citation-js) requires Node's own modules: give the ES module a require.
      banner: { js: "import { createRequire as __octavoRequire } from 'node:module'; const require = __octavoRequire(import.meta.url);" },
      plugins: [
        {
          name: 'stubs',
          setup(builder) {
            builder.onResolve({ filter: stubbed }, (args) => ({ path: args.path, namespace: 'stub' }));
            builder.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => ({
              contents: `const unused = () => { throw new Error(${JSON.stringify(`${args.path} is not shipped with Octavo`)}); };\nmodule.exports = new Proxy(unused, { get: (target, key) => (key === '__esModule' ? false : unused) });`,
              loader: 'js',
            }));
          },
        },
      ],
    });
    return new Map(readdirSync(outdir).sort().map((file) => [file, readFileSync(path.join(outdir, file))]));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** An installed devDependency's folder (not by require.resolve: Paged.js's exports hide its package.json). */
export const packageFolder = (name: string): string => path.join('node_modules', name);

/** A file as vendored: the package's bytes, less a script's pointer to a source map that is not shipped. */
export const vendoredBytes = (name: string, file: string): Buffer => {
  const bytes = readFileSync(path.join(packageFolder(name), file));
  return /\.m?js$/.test(file) ? Buffer.from(bytes.toString('utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n')) : bytes;
};

export const packageVersion = (name: string): string => JSON.parse(readFileSync(path.join(packageFolder(name), 'package.json'), 'utf8')).version;

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [name, files] of Object.entries(vendored)) {
    const target = path.join('vendor', name);
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    for (const file of files) writeFileSync(path.join(target, path.basename(file)), vendoredBytes(name, file));
    const made = name in bundled ? await bundledFiles(name) : new Map<string, Buffer>();
    for (const [file, bytes] of made) writeFileSync(path.join(target, file), bytes);
    console.log(`vendor/${name}: ${[...files.map((file) => path.basename(file)), ...made.keys()].join(', ')} (${packageVersion(name)})`);
  }
}
