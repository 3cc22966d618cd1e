import type { Asset, Publication } from '../../document/publication.ts';
import type { WriterContext } from '../context.ts';

/** Image types every store and reading system shows: Kindle (KF8) takes these four only. */
export const storeImageTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/svg+xml']);

/** An image the EPUB carries in place of one in another type (WebP). */
export interface StoreImage {
  href: string;
  mediaType: 'image/png' | 'image/jpeg';
  data: Uint8Array;
}

/**
 * WebP (a core type only since EPUB 3.3) is decoded (sharp; the reader has already decoded it
 * whole once) and saved as JPEG (a lossy WebP: a photograph, no transparency) or PNG
 * (lossless or with alpha), and the e-book uses that instead. A manifest fallback is not
 * enough: Calibre's AZW3 keeps the WebP and drops the fallback, and Kindle shows no WebP.
 */
export async function storeImages(publication: Publication, context: WriterContext): Promise<Map<Asset, StoreImage>> {
  const foreign = publication.assets.filter((asset) => !storeImageTypes.has(asset.mediaType));
  if (foreign.length === 0) return new Map();
  // Loaded only for an image to convert: most books have none, and libvips's start is not free.
  const { default: sharp } = await import('sharp');
  const made = await Promise.all(
    foreign.map(async (asset): Promise<[Asset, StoreImage]> => {
      context.signal?.throwIfAborted();
      const opaque = asset.mediaType === 'image/webp' && String.fromCharCode(...asset.data.subarray(12, 16)) === 'VP8 ';
      const image = sharp(asset.data);
      const data = new Uint8Array(await (opaque ? image.flatten({ background: '#fff' }).jpeg({ quality: 90 }) : image.png()).toBuffer());
      const href = asset.href.replace(/\.[a-z0-9]+$/i, opaque ? '.jpg' : '.png');
      return [asset, { href, mediaType: opaque ? 'image/jpeg' : 'image/png', data }];
    }),
  );
  return new Map(made);
}
