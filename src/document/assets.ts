import { createHash } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import type { Asset } from './publication.ts';

/** Image types every reading system and browser shows, by their first bytes. */
function sniff(bytes: Uint8Array, name: string): string | undefined {
  const starts = (...sig: number[]) => sig.every((byte, i) => bytes[i] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && new TextDecoder().decode(bytes.subarray(8, 12)) === 'WEBP') return 'image/webp';
  if (/\.svg$/i.test(name) && /<svg[\s>]/.test(new TextDecoder().decode(bytes.subarray(0, 4096)))) return 'image/svg+xml';
  return undefined;
}

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

/**
 * Resolves every `<img>` of a chapter: a local image inside the manuscript folder becomes an
 * asset (read once, its type checked from its bytes) and its `src` the asset's `href`;
 * anything else — remote, absolute, `file:`, outside the folder, missing, not an image —
 * is replaced by its alt text, with a warning at its place. Builds never fetch.
 */
export async function resolveAssets(tree: HastRoot, file: VFile, options: ResolveAssetsOptions): Promise<void> {
  const images: Array<{ node: Element; parent: Element | HastRoot }> = [];
  visitParents(tree, 'element', (node, ancestors) => {
    if (node.tagName === 'img') images.push({ node, parent: ancestors[ancestors.length - 1] as Element | HastRoot });
  });
  const rootReal = await realpath(options.root);

  for (const { node, parent } of images) {
    const src = String(node.properties.src ?? '');
    const place = node.position;
    const warn = (reason: string, ruleId: string) => file.message(reason, { place, ruleId, source: 'octavo' });
    const replace = (replacement: ElementContent) => parent.children.splice(parent.children.indexOf(node), 1, replacement);
    if (!node.properties.alt) warn(`Image \`${src}\` has no alt text: describe it in \`![…](${src})\` for readers who cannot see it`, 'missing-alt');

    if (/^(https?:)?\/\//i.test(src)) {
      warn(`Remote image \`${src}\` is not fetched (builds never use the network); its alt text links to it instead`, 'remote-image');
      replace(fallback(node, src));
      continue;
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(src) || path.isAbsolute(src) || src === '') {
      warn(`Image \`${src}\` is not a path inside the manuscript folder; it was left out`, 'image-outside');
      replace(fallback(node));
      continue;
    }
    let real: string;
    try {
      real = await realpath(path.resolve(path.dirname(file.path), decodeURIComponent(src.split(/[?#]/)[0])));
    } catch {
      warn(`Image \`${src}\` not found; its alt text stands in for it`, 'missing-image');
      replace(fallback(node));
      continue;
    }
    if (real !== rootReal && !real.startsWith(rootReal + path.sep)) {
      warn(`Image \`${src}\` is outside the manuscript folder (through \`..\` or a link); it was left out`, 'image-outside');
      replace(fallback(node));
      continue;
    }
    let asset = options.assets.get(real);
    if (!asset) {
      const data = await readFile(real);
      const mediaType = sniff(data, real);
      if (!mediaType) {
        warn(`\`${src}\` is not a PNG, JPEG, GIF, WebP or SVG image; it was left out`, 'image-type');
        replace(fallback(node));
        continue;
      }
      const stem = path.basename(real, path.extname(real)).replace(/[^a-z0-9_-]+/gi, '-').toLowerCase() || 'image';
      const hash = createHash('sha256').update(data).digest('hex').slice(0, 8);
      asset = { id: `img-${stem}-${hash}`, href: `images/${stem}-${hash}.${extensions[mediaType]}`, mediaType, data };
      options.assets.set(real, asset);
    }
    node.properties.src = asset.href;
  }
}
