import { realpathSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { placeAt, rewriteCssReferences } from '../css/references.ts';
import { warn } from '../diagnostics.ts';
import { limits, NotReadable, readRegularFileSync } from '../regular-file.ts';

/** A reference a template stylesheet made that was not kept. */
export interface CssProblem {
  /** The stylesheet. */
  file: string;
  line: number;
  column: number;
  reason: string;
  ruleId: 'remote-resource' | 'resource-outside' | 'missing-resource';
  hint: string;
}

const mediaTypes: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.otf': 'font/otf',
};

/**
 * A template stylesheet confined to its own folder: a `url()` naming a font or raster image
 * inside the template folder is inlined as a `data:` URL, so every artifact carries it; a
 * remote URL, an `@import`, an absolute or `file:` path, a path (or link) that leaves the
 * folder, or a missing file is removed, and said. References are found as a browser reads
 * them (escapes, `image-set()`, `@import"…"`: see `cssReferences`). Nothing is fetched, and
 * nothing outside the template folder is read.
 */
export function confineCss(css: string, options: { file: string; dir: string }): { css: string; problems: CssProblem[] } {
  const problems: CssProblem[] = [];
  let dirReal: string;
  try {
    dirReal = realpathSync(options.dir);
  } catch {
    dirReal = path.resolve(options.dir);
  }
  const out = rewriteCssReferences(css, (reference) => {
    const { url } = reference;
    const refuse = (ruleId: CssProblem['ruleId'], reason: string, hint: string): undefined => {
      problems.push({ file: options.file, ...placeAt(css, reference.start), reason: reason.replace('%s', url), ruleId, hint });
      return undefined;
    };
    const remote = /^([a-z][a-z0-9+.-]*:)?\/\//i.test(url) && !/^file:/i.test(url);
    if (reference.kind === 'import') {
      // Every @import goes: a stylesheet pulls in nothing the template folder does not hold as its own files.
      return refuse(remote ? 'remote-resource' : 'resource-outside', remote ? 'Template stylesheet `@import` of `%s` was removed: builds never use the network' : 'Template stylesheet `@import` of `%s` was removed', 'Put the rules into the template’s own base.css, screen.css, print.css or epub.css');
    }
    if (url.startsWith('#') || /^data:/i.test(url)) return url;
    if (remote) {
      return refuse('remote-resource', 'Template stylesheet refers to `%s`, which is not fetched: builds never use the network; it was removed', 'Put the file into the template folder and refer to it by a relative path');
    }
    const outside = () => refuse('resource-outside', 'Template stylesheet refers to `%s`, outside the template folder; it was removed', 'Copy the file into the template folder and refer to it by a relative path');
    if (url === '' || /^[a-z][a-z0-9+.-]*:/i.test(url) || path.isAbsolute(url) || url.startsWith('\\')) return outside();
    const bare = url.split(/[?#]/)[0];
    const type = mediaTypes[path.extname(bare).toLowerCase()];
    let real: string;
    try {
      real = realpathSync(path.resolve(options.dir, decodeURIComponent(bare)));
    } catch {
      return refuse('missing-resource', 'Template stylesheet refers to `%s`, which is not in the template folder; it was removed', 'Check the path: it is read relative to the stylesheet');
    }
    if (!real.startsWith(dirReal + path.sep)) return outside();
    if (!type) {
      return refuse('missing-resource', 'Template stylesheet refers to `%s`, which is not a font or image Octavo embeds (woff2, woff, ttf, otf, png, jpeg, gif, webp); it was removed', 'Convert it to one of those types');
    }
    let bytes: Buffer;
    try {
      bytes = readRegularFileSync(real, { within: dirReal, maxBytes: limits.binary });
    } catch (error) {
      if (!(error instanceof NotReadable)) throw error;
      return refuse('missing-resource', `Template stylesheet refers to \`%s\`, which cannot be read: ${error.why}; it was removed`, 'Name a regular file inside the template folder');
    }
    return `data:${type};base64,${bytes.toString('base64')}`;
  });
  return { css: out, problems };
}

/**
 * Adds each problem as a warning on its stylesheet, at its line and column, to the build's
 * files: reported with the manuscript's own messages, and errors under `--strict`.
 */
export function reportCssProblems(problems: readonly CssProblem[], files: VFile[]): void {
  for (const problem of problems) {
    let file = files.find((candidate) => candidate.path === problem.file);
    if (!file) {
      file = new VFile({ path: problem.file, cwd: process.cwd() });
      files.push(file);
    }
    warn(file, problem.reason, { place: { line: problem.line, column: problem.column }, ruleId: problem.ruleId, hint: problem.hint });
  }
}
