import type { Asset, Publication } from '../../document/publication.ts';
import { cached } from '../../cache.ts';
import { dataUrl } from '../../data-url.ts';
import type { WriterContext } from '../context.ts';
import { imageSize } from '../shared/image-size.ts';

/** Image types every store and reading system shows: Kindle (KF8) takes these four only. */
export const storeImageTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/svg+xml']);

/** An image the EPUB carries in place of one in another type (WebP). */
export interface StoreImage {
  href: string;
  mediaType: 'image/png' | 'image/jpeg';
  data: Uint8Array;
}

/**
 * WebP (a core type only since EPUB 3.3) is drawn by the build's Chromium at its own size and
 * saved as JPEG (a lossy WebP: a photograph, no transparency) or PNG (lossless or with
 * alpha), and the e-book uses that instead. A manifest fallback is not enough: Calibre's AZW3
 * keeps the WebP and drops the fallback, and Kindle shows no WebP. Kept in the cache.
 */
export async function storeImages(publication: Publication, context: WriterContext): Promise<Map<Asset, StoreImage>> {
  const foreign = publication.assets.filter((asset) => !storeImageTypes.has(asset.mediaType));
  const made = await Promise.all(
    foreign.map(async (asset): Promise<[Asset, StoreImage]> => {
      const { width, height } = imageSize(asset.data) ?? { width: 800, height: 600 };
      const opaque = asset.mediaType === 'image/webp' && String.fromCharCode(...asset.data.subarray(12, 16)) === 'VP8 ';
      const type = opaque ? 'jpeg' : 'png';
      const html = `<!doctype html><html><head><style>html, body { margin: 0; background: ${opaque ? '#fff' : 'transparent'}; } img { display: block; }</style></head><body><img src="${dataUrl(asset.mediaType, asset.data)}" width="${width}" height="${height}" alt=""></body></html>`;
      const data = await cached('store-images', asset.data, type, async () => (await context.browser()).screenshot(html, { width, height, type, quality: 90, signal: context.signal }));
      const href = asset.href.replace(/\.[a-z0-9]+$/i, opaque ? '.jpg' : '.png');
      return [asset, { href, mediaType: opaque ? 'image/jpeg' : 'image/png', data }];
    }),
  );
  return new Map(made);
}
