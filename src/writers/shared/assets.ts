import type { Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { Asset, Publication } from '../../document/publication.ts';
import { dataUrl } from '../../data-url.ts';
import { copyTree } from './copy-tree.ts';

/**
 * A chapter tree whose image sources point where this format keeps its assets (a data URL
 * in the one-file page, `../images/…` in the EPUB). Works on a copy: the model stays as read.
 */
export function withAssetUrls(tree: Root, publication: Publication, url: (asset: Asset) => string): Root {
  if (publication.assets.length === 0) return tree;
  const byHref = new Map(publication.assets.map((asset) => [asset.href, asset]));
  const copy = copyTree(tree);
  visit(copy, 'element', (node) => {
    const asset = node.tagName === 'img' ? byHref.get(String(node.properties.src)) : undefined;
    if (asset) node.properties.src = url(asset);
  });
  return copy;
}

export function assetDataUrl(asset: Asset): string {
  return dataUrl(asset.mediaType, asset.data);
}
