import path from 'node:path';
import { limits, readRegularFile } from '../regular-file.ts';

const packages = new Map<string, Promise<string | undefined>>();

/** `name@version` of the package.json in `dir`, or undefined when it has none with both. */
function packageIn(dir: string): Promise<string | undefined> {
  let found = packages.get(dir);
  if (!found) {
    found = readRegularFile(path.join(dir, 'package.json'), { maxBytes: limits.text })
      .then((bytes) => {
        const { name, version } = JSON.parse(bytes.toString('utf8')) as { name?: unknown; version?: unknown };
        return typeof name === 'string' && typeof version === 'string' && name && version ? `${name}@${version}` : undefined;
      })
      .catch(() => undefined);
    packages.set(dir, found);
  }
  return found;
}

/**
 * A font file of a package installed in a node_modules/ folder, named by that package's name and
 * version and its path in it (`@fontsource/literata@5.2.8/files/literata-latin-400-normal.woff2`),
 * or undefined for any other file (a project's own, which may change under the same version).
 * A published version's files do not change, so the name can key what is kept of the file
 * between builds without reading the file: reading and hashing every face the fallback search
 * asks about cost a build about 0.2 s (docs/fonts.md).
 */
export async function installedFontName(file: string): Promise<string | undefined> {
  // Fontsource keeps its faces in files/ of the package; others sit at the package's top.
  for (const dir of [path.dirname(path.dirname(file)), path.dirname(file)]) {
    if (!path.dirname(dir).split(path.sep).includes('node_modules')) continue;
    const id = await packageIn(dir);
    if (id) return `${id}/${path.relative(dir, file).split(path.sep).join('/')}`;
  }
  return undefined;
}
