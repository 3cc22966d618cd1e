import type { Asset, Publication } from '../../document/publication.ts';
import { cached } from '../../cache.ts';
import { dataUrl } from '../../data-url.ts';
import type { WriterContext } from '../context.ts';
import { imageSize } from '../shared/image-size.ts';

/** Image types EPUB 3.2 reading systems must show; anything else needs a fallback in one of them. */
export const coreImageTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/svg+xml']);

export interface ImageFallback {
  /** The image that needs it. */
  asset: Asset;
  /** A PNG of the same pixels, for the manifest's `fallback`. */
  png: Uint8Array;
}

/**
 * WebP is a core media type only since EPUB 3.3: EPUB 3.2 reading systems (and EPUBCheck 4)
 * need a manifest fallback in a core type. Each WebP image is drawn at its own size by the
 * build's Chromium and saved as PNG; the WebP stays for readers that show it. Kept in the cache.
 */
export async function imageFallbacks(publication: Publication, context: WriterContext): Promise<ImageFallback[]> {
  const foreign = publication.assets.filter((asset) => !coreImageTypes.has(asset.mediaType));
  return Promise.all(
    foreign.map(async (asset) => {
      const { width, height } = imageSize(asset.data) ?? { width: 800, height: 600 };
      const html = `<!doctype html><html><head><style>html, body { margin: 0; background: transparent; } img { display: block; }</style></head><body><img src="${dataUrl(asset.mediaType, asset.data)}" width="${width}" height="${height}" alt=""></body></html>`;
      const png = await cached('fallbacks', asset.data, 'png', async () => (await context.browser()).screenshot(html, { width, height, type: 'png', signal: context.signal }));
      return { asset, png };
    }),
  );
}
