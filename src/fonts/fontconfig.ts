import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cacheRoot } from '../cache.ts';
import { octavoRequire as require } from '../paths.ts';
import { readRegularFile } from '../regular-file.ts';

/** Bump when the folder's contents change: a new name, so an old folder is never half reused. */
const version = 2;

/** The one face fontconfig lists: Chromium prints no text at all when fontconfig sees no font (docs/fonts.md). */
const baseFace = { package: '@fontsource/literata', file: 'literata-latin-400-normal.woff2' };

function configXml(folder: string): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- Written by Octavo for the Chromium it starts: only Octavo's own face, no system fonts. -->
<fontconfig>
  <dir>${escape(path.join(folder, 'fonts'))}</dir>
  <cachedir>${escape(path.join(folder, 'cache'))}</cachedir>
</fontconfig>
`;
}

async function writeFolder(folder: string): Promise<void> {
  const woff2 = await readRegularFile(path.join(path.dirname(require.resolve(`${baseFace.package}/package.json`)), 'files', baseFace.file));
  // fontconfig reads WOFF2 here, but Chromium's own FreeType does not (it printed no text): plain TrueType.
  const { default: subsetFont } = await import('subset-font');
  // Every character of the face's latin file (ASCII, Latin-1, general punctuation): a page that
  // brings no faces of its own (a bare HTML print) still draws Western European text.
  const ranges: Array<[number, number]> = [[0x20, 0x7e], [0xa0, 0x17f], [0x2000, 0x206f], [0x20ac, 0x20ac]];
  const latin = ranges.map(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i)).join('')).join('');
  const ttf = await subsetFont(woff2, latin, { targetFormat: 'sfnt' });
  await mkdir(path.join(folder, 'fonts'), { recursive: true });
  await writeFile(path.join(folder, 'fonts', 'octavo-base.ttf'), ttf);
  // Written last, by rename: a folder with fonts.conf is complete.
  const temporary = path.join(folder, `fonts.conf.${process.pid}.tmp`);
  await writeFile(temporary, configXml(folder));
  await rename(temporary, path.join(folder, 'fonts.conf'));
}

let prepared: Promise<string> | undefined;

/**
 * A fontconfig file that lists only a face from Octavo's npm packages, for the Chromium Octavo
 * starts (as `FONTCONFIG_FILE`): no system font is ever drawn, and none is needed. Every
 * character is drawn from the `@font-face` rules of the page; this face only lets Chromium
 * draw text at all. Made once in the cache folder (or, if that cannot be written, in the
 * temporary folder) and reused.
 */
export function chromiumFontconfig(): Promise<string> {
  prepared ??= (async () => {
    const name = `fontconfig-${version}`;
    for (const folder of [path.join(cacheRoot, name), path.join(os.tmpdir(), `octavo-${name}-${os.userInfo().uid}`)]) {
      const file = path.join(folder, 'fonts.conf');
      if (existsSync(file)) return file;
      try {
        await writeFolder(folder);
        return file;
      } catch {
        // A read-only cache: try the next place.
      }
    }
    throw new Error('Octavo could not write the fontconfig file its Chromium needs, in the cache folder or the temporary folder; set OCTAVO_CACHE_DIR to a writable folder');
  })();
  return prepared;
}
