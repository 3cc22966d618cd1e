import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Octavo's own folder: the nearest one above this module whose package.json is Octavo's.
 * Found by walking up, not by a fixed `..`, because this code runs both from `src/paths.ts`
 * (tests, the loader) and from the bundle in `node_modules/.cache/octavo/` (the bin).
 */
function findRoot(): { root: string; manifest: { name: string; version: string } } {
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
      if (manifest.name === 'octavo') return { root: dir, manifest };
    } catch {
      // No package.json here (or not JSON): look further up.
    }
    if (path.dirname(dir) === dir) throw new Error(`Octavo's package.json was not found above ${start}`);
  }
}

const found = findRoot();

/** Octavo's folder: package.json, `templates/`, `bin/`. */
export const octavoRoot: string = found.root;

/** Octavo's package.json. */
export const octavoManifest: { name: string; version: string } = found.manifest;

/** A build Octavo ships in `vendor/` (copied or bundled from its npm package by `npm run vendor`): `vendor/NAME/FILE`. */
export const vendorFile = (name: 'pagedjs' | 'pdfjs-dist' | 'epubjs' | 'jszip' | 'pdf-lib' | 'puppeteer-core' | '@puppeteer/browsers' | '@citation-js/core' | '@citation-js/plugin-csl' | 'mermaid' | 'tex-linebreak', file: string): string => path.join(octavoRoot, 'vendor', name, file);

/** `require` as from Octavo's folder: finds Octavo's dependencies (fonts, vendor scripts) wherever this code runs from. */
export const octavoRequire: NodeJS.Require = createRequire(path.join(octavoRoot, 'package.json'));
