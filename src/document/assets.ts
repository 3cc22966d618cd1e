import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { warn } from '../diagnostics.ts';
import type { Asset } from './publication.ts';
import { readImage } from './images.ts';
import { loadHtmlParser } from './html-parser.ts';
import { sanitizeSvg } from './svg.ts';

const extensions: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'image/svg+xml': 'svg' };

export interface ResolveAssetsOptions {
  /** The folder assets must stay inside: the manuscript's folder. */
  root: string;
  /** Assets found so far, by real path; shared between chapters so each file is stored once. */
  assets: Map<string, Asset>;
}

/** What an image becomes when it cannot be shown: its alt text, linked to a remote source. */
function fallback(node: Element, url?: string): ElementContent {
  const alt = String(node.properties.alt ?? '');
  const text = alt || '[image]';
  return url ? h('a', { href: url }, text) : h('span.missing-image', text);
}

type Place = Element['position'] | { line: number; column: number };

/**
 * Reads one local image named by `src` (relative to `file`) into an asset, or says why not
 * with a warning at `place`: remote, absolute, `file:`, outside the manuscript folder (through
 * `..` or a link), missing, or not an image. Builds never fetch.
 */
export async function resolveAsset(
  src: string,
  file: VFile,
  place: Place,
  options: ResolveAssetsOptions & { instead?: string },
): Promise<{ asset?: Asset; remote?: boolean }> {
  const instead = options.instead ?? 'its alt text stands in for it';
  if (/^(https?:)?\/\//i.test(src)) {
    warn(file, `Remote image \`${src}\` is not fetched (builds never use the network); its alt text links to it instead`, {
      place,
      ruleId: 'remote-image',
      hint: 'Download the image into the manuscript folder and refer to it by a relative path',
    });
    return { remote: true };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || path.isAbsolute(src) || src === '') {
    warn(file, `Image \`${src}\` is not a path inside the manuscript folder; it was left out`, {
      place,
      ruleId: 'image-outside',
      hint: 'Copy the image into the manuscript folder and refer to it by a relative path',
    });
    return {};
  }
  let real: string;
  try {
    real = await realpath(path.resolve(path.dirname(file.path), decodeURIComponent(src.split(/[?#]/)[0])));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      warn(file, `Image \`${src}\` is a link that loops (the links lead back to each other); ${instead}`, {
        place,
        ruleId: 'missing-image',
        hint: 'Replace the link with the image file itself',
      });
      return {};
    }
    warn(file, `Image \`${src}\` not found; ${instead}`, {
      place,
      ruleId: 'missing-image',
      hint: `Check the path: it is read relative to ${path.basename(file.path)}, and names are case-sensitive`,
    });
    return {};
  }
  const rootReal = await realpath(options.root);
  if (real !== rootReal && !real.startsWith(rootReal + path.sep)) {
    warn(file, `Image \`${src}\` is outside the manuscript folder (through \`..\` or a link); it was left out`, {
      place,
      ruleId: 'image-outside',
      hint: 'Copy the image into the manuscript folder: builds read nothing outside it',
    });
    return {};
  }
  const known = options.assets.get(real);
  if (known) return { asset: known };
  const read = await readImage(real, real);
  if ('refused' in read) {
    const { ruleId, reason, hint } = read.refused;
    warn(file, ruleId === 'image-type' ? `\`${src}\` ${reason}; it was left out` : `Image \`${src}\` ${reason}; ${instead}`, { place, ruleId, hint });
    return {};
  }
  const { mediaType } = read;
  let { data } = read;
  if (mediaType === 'image/svg+xml') {
    // An SVG is a document: it may script, or refer to remote or local files. Only an inert, self-contained copy goes on.
    const clean = sanitizeSvg(data, await loadHtmlParser());
    for (const problem of clean.problems) {
      warn(file, `SVG image \`${src}\`: ${problem.reason}`, {
        place,
        ruleId: problem.ruleId,
        hint: problem.ruleId === 'svg-unsafe' ? 'Export the SVG as a plain drawing (no scripts, no embedded HTML)' : 'Embed what the SVG draws in the SVG itself, or export it as PNG',
      });
    }
    if (clean.data) data = clean.data;
  }
  const stem = path.basename(real, path.extname(real)).replace(/[^a-z0-9_-]+/gi, '-').toLowerCase() || 'image';
  const hash = createHash('sha256').update(data).digest('hex').slice(0, 8);
  const asset: Asset = { id: `img-${stem}-${hash}`, href: `images/${stem}-${hash}.${extensions[mediaType]}`, mediaType, data };
  options.assets.set(real, asset);
  return { asset };
}

/**
 * Resolves every `<img>` of a chapter: a local image inside the manuscript folder becomes an
 * asset (read once, its type checked from its bytes) and its `src` the asset's `href`;
 * anything else is replaced by its alt text (linked, for a remote image), with a warning.
 */
export async function resolveAssets(tree: HastRoot, file: VFile, options: ResolveAssetsOptions): Promise<void> {
  const images: Array<{ node: Element; parent: Element | HastRoot; inLink: boolean }> = [];
  visitParents(tree, 'element', (node, ancestors) => {
    if (node.tagName !== 'img') return;
    // A badge (`[![alt](remote)](link)`) is already a link; its stand-in must not be another.
    const inLink = ancestors.some((ancestor) => ancestor.type === 'element' && ancestor.tagName === 'a');
    images.push({ node, parent: ancestors[ancestors.length - 1] as Element | HastRoot, inLink });
  });
  for (const { node, parent, inLink } of images) {
    const src = String(node.properties.src ?? '');
    if (!node.properties.alt) {
      // HTML requires the attribute; empty, it tells readers there is nothing to read (as the warning tells the author).
      node.properties.alt ??= '';
      warn(file, `Image \`${src}\` has no alt text`, {
        place: node.position,
        ruleId: 'missing-alt',
        hint: `Describe it for readers who cannot see it: \`![what it shows](${src})\`, or \`![](…)\` only for a purely decorative image`,
      });
    }
    const { asset, remote } = await resolveAsset(src, file, node.position, options);
    if (asset) node.properties.src = asset.href;
    else parent.children.splice(parent.children.indexOf(node), 1, fallback(node, remote && !inLink ? src : undefined));
  }
}
