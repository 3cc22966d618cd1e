// `npm run vendor`: copies the browser builds Octavo serves or injects (Paged.js, pdf.js,
// epub.js, JSZip, pdf-lib, Mermaid) from their npm packages, installed as devDependencies, into vendor/, with
// their licences. The published package ships vendor/ and depends on none of these packages:
// each would bring a tree the browser builds do not need (Paged.js: Babel's polyfills, about
// 30 MB; pdf.js: @napi-rs/canvas, 33 MB). tests/vendor.test.ts keeps vendor/ equal to them.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
};

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
    console.log(`vendor/${name}: ${files.map((file) => path.basename(file)).join(', ')} (${packageVersion(name)})`);
  }
}
