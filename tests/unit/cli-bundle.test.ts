import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error bin/ is plain JavaScript with no types
import { bundledCli } from '../../bin/bundle.js';

/**
 * A checkout runs the esbuild bundle of its sources (bin/bundle.js). A build loads the bundle's
 * chunks as it needs them until it ends, so a bundle still in use must outlive other checkouts'
 * and edits' pruning: each start dates its bundle anew (try-real-docs once lost a build to it).
 */
describe('the bundle a checkout runs', () => {
  it('is dated anew by each start that uses it, so pruning keeps it', async () => {
    const folder = path.dirname(await bundledCli());
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    utimesSync(folder, twoDaysAgo, twoDaysAgo);
    expect(path.dirname(await bundledCli())).toBe(folder);
    expect(statSync(folder).mtimeMs).toBeGreaterThan(Date.now() - 60 * 60 * 1000);
  }, 60_000);
});

/**
 * The bundle is one CommonJS file compiled with V8's code cache (Node 20 has no compile cache
 * for ES modules): issue 21, the review's start. A script compiled from a code cache cannot call
 * `import()` in Node 20, so the bundle's dynamic imports of what it leaves out (starry-night,
 * KaTeX, the vendor builds) are made by the loader.
 */
describe('the bundle compiled with its code cache', () => {
  it('makes each dynamic import a real import() by the loader, leaving strings alone', async () => {
    // @ts-expect-error bin/ is plain JavaScript with no types
    const { withNativeImports } = await import('../../bin/bundle.js');
    const esbuilt = 'const a = await Promise.resolve().then(() => __toESM(require("katex")));\nconst b = "Promise.resolve().then(() => import(x))";\nvar c = __toESM(require("node:fs"));\nconst d = await Promise.resolve().then(() => __toESM(require("sharp"), 1));';
    expect(withNativeImports(esbuilt)).toEqual({
      source: 'const a = await Promise.resolve().then(() => __octavoImport(("katex")));\nconst b = "Promise.resolve().then(() => import(x))";\nvar c = __toESM(require("node:fs"));\nconst d = await Promise.resolve().then(() => __octavoImport(("sharp"), 1));',
      count: 2,
    });
    const bundle = readFileSync(await bundledCli(), 'utf8');
    // Those of src/: the Chromium package, the browsers' and citation-js's builds, subset-font (2), sharp (2), starry-night and its grammars, KaTeX, harfbuzzjs, jiti, a config module.
    expect(bundle.match(/__octavoImport\(/g)?.length).toBeGreaterThanOrEqual(12);
    expect(bundle).not.toContain('then(() => __toESM(require(');
  }, 60_000);

  it('is made by the first build, then used by the next, whose dynamic imports (code highlighting) still load', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'octavo-code-cache-'));
    try {
      writeFileSync(path.join(dir, 'text.md'), '# Code\n\n```js\nconst answer = 42;\n```\n');
      const cache = `${realpathSync(await bundledCli())}.v8-cache`;
      rmSync(cache, { force: true });
      const build = () => spawnSync(process.execPath, [path.resolve('bin/octavo.js'), 'build', path.join(dir, 'text.md'), '--format', 'html', '--out', dir, '--debug'], { encoding: 'utf8' });
      const first = build();
      expect(first.status).toBe(0);
      expect(existsSync(cache)).toBe(true);
      // Used, not refused (V8 refuses a cache made with other flags or another source). Asked of the
      // build itself: the file's date would say nothing, since another test's build may write it meanwhile.
      const second = build();
      expect(second.status).toBe(0);
      expect(second.stderr).toContain("the bundle's code cache: used");
      const html = readFileSync(path.join(dir, 'text.html'), 'utf8');
      // starry-night, imported dynamically, coloured the code.
      expect(html).toMatch(/<span class="pl-k">const<\/span>/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('holds the vendor builds every PDF needs (puppeteer-core, pdf-lib), so that the code cache holds them too', async () => {
    // @ts-expect-error bin/ is plain JavaScript with no types
    const { withVendorPaths } = await import('../../bin/bundle.js');
    const rewritten: string = withVendorPaths("const a = import(pathToFileURL(vendorFile('puppeteer-core', 'index.js')).href);\nconst b = import(pathToFileURL(vendorFile('@citation-js/core', 'index.js')).href);");
    expect(rewritten).toMatch(/^const a = import\(".*[\\/]vendor[\\/]puppeteer-core[\\/]index\.js"\);\n/);
    expect(rewritten).toContain("import(pathToFileURL(vendorFile('@citation-js/core', 'index.js')).href)");
    const bundle = readFileSync(await bundledCli(), 'utf8');
    expect(bundle).not.toMatch(/vendorFile\("(puppeteer-core|pdf-lib)"/);
    expect(bundle).toContain('isPuppeteerCore');
    expect(bundle).toContain('PDFDocument');
  }, 60_000);

  it('holds the css-tree parts every build loads (its tokenizer, for the assets check), so that no build starts by reading them from node_modules', async () => {
    const bundle = readFileSync(await bundledCli(), 'utf8');
    // As a package left out of the bundle, its modules were read and compiled by every start (about 45 ms of CPU).
    expect(bundle).not.toMatch(/require\("css-tree[/"]/);
    expect(bundle).toContain('OffsetToLocation');
  }, 60_000);

  it('is made anew by a run that did much more than the run that made it (a PDF build after an HTML one), not by each run', async () => {
    // @ts-expect-error bin/ is plain JavaScript with no types
    const { cacheStale } = await import('../../bin/bundle.js');
    expect(cacheStale({ cached: false, rejected: false, madeWithMs: 0, ranMs: 300 })).toBe(true);
    expect(cacheStale({ cached: true, rejected: true, madeWithMs: 600, ranMs: 300 })).toBe(true);
    expect(cacheStale({ cached: true, rejected: false, madeWithMs: 300, ranMs: 900 })).toBe(true);
    expect(cacheStale({ cached: true, rejected: false, madeWithMs: 600, ranMs: 800 })).toBe(false);
    expect(cacheStale({ cached: true, rejected: false, madeWithMs: 600, ranMs: 300 })).toBe(false);
  });

  it('is ASCII, read as Latin-1, and means what the code it was made from means', async () => {
    // @ts-expect-error bin/ is plain JavaScript with no types
    const { asAscii } = await import('../../bin/bundle.js');
    // Values are the same; a regular expression's `source` reads escaped, as esbuild's own escapes already do.
    const code = 'const a = "é🪦"; const r = /[à-ÿ]/u; const t = `ü${1}`; // ”\n[a, r.test("ñ"), /🪦/.test("x🪦"), t]';
    const ascii: string = asAscii(code);
    expect(ascii).toMatch(/^[\x00-\x7f]*$/);
    expect((0, eval)(ascii)).toEqual((0, eval)(code));
    expect(readFileSync(await bundledCli(), 'latin1')).toMatch(/^[\x00-\x7f]*$/);
  }, 60_000);
});
