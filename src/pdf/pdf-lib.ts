import { pathToFileURL } from 'node:url';
import type * as PdfLib from 'pdf-lib';
import { vendorFile } from '../paths.ts';

let loaded: Promise<typeof PdfLib> | undefined;

/**
 * pdf-lib, from its own one-file ESM build shipped in vendor/ (0.5 MB) rather than the npm
 * package (24 MB of CommonJS, ES modules, UMD builds and their source maps, with pako and its
 * fonts). Loaded only when a PDF needs it: print marks, or a PDF Chromium did not write.
 */
export function loadPdfLib(): Promise<typeof PdfLib> {
  loaded ??= import(pathToFileURL(vendorFile('pdf-lib', 'pdf-lib.esm.min.js')).href) as Promise<typeof PdfLib>;
  return loaded;
}
