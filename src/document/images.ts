import type { SaxesParser } from 'saxes';
import { NotReadable, openRegularFile } from '../regular-file.ts';
import { imageSize } from '../writers/shared/image-size.ts';

/**
 * What any one image may be. Bytes and pixels are checked from `fstat` and the header before
 * the file is read or decoded, so a 3 GB file costs nothing; SVG depth is checked while its
 * XML is parsed, before any recursive walk (docs/input-limits.md says why each).
 */
export const imageLimits = {
  /** A file's size in bytes. */
  bytes: 50 * 1024 * 1024,
  /** Width × height: 50 million pixels is 200 MB decoded; a full A3 page at 300 dpi is 17 million. */
  pixels: 50_000_000,
  /** Elements nested in an SVG: libxml2, the XML parser of most reading systems, refuses past 256. */
  svgDepth: 200,
};

/** How much of the file is read first, for its type and its pixel size. */
const headerBytes = 64 * 1024;

/** Image types every reading system and browser shows, by their first bytes. */
export function sniff(bytes: Uint8Array, name: string): string | undefined {
  const starts = (...sig: number[]) => sig.every((byte, i) => bytes[i] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && new TextDecoder().decode(bytes.subarray(8, 12)) === 'WEBP') return 'image/webp';
  if (/\.svg$/i.test(name) && /<svg[\s>]/.test(new TextDecoder().decode(bytes.subarray(0, 4096)))) return 'image/svg+xml';
  return undefined;
}

/** Why an image cannot be used: `image-type` (not an image), `image-broken` (does not decode), `image-too-large` (past a limit). */
export interface ImageRefusal {
  ruleId: 'image-type' | 'image-broken' | 'image-too-large' | 'read-failed';
  /** Finishes "`src` …": what is wrong with it. */
  reason: string;
  hint: string;
}

export type ReadImage = { data: Uint8Array; mediaType: string } | { refused: ImageRefusal };

const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 1 : 0)} MB`;

/**
 * Reads one image file that exists, and proves it whole before anyone ships it: its size from
 * `fstat`, its type and pixel size from its first bytes, and then every pixel decoded (sharp,
 * i.e. libvips with libpng, libjpeg, libwebp, giflib; a file cut short is an error) or, for
 * SVG, its text parsed as strict XML. A file that is not a regular file is refused unread.
 */
export async function readImage(filePath: string, name: string): Promise<ReadImage> {
  // A regular file only (a named pipe is refused unopened, not waited on); its size is bounded below.
  let opened;
  try {
    opened = await openRegularFile(filePath, { maxBytes: Infinity });
  } catch (error) {
    if (!(error instanceof NotReadable)) throw error;
    return { refused: { ruleId: 'read-failed', reason: `cannot be read: ${error.why}`, hint: 'Give the path of a regular image file' } };
  }
  const { handle, info } = opened;
  try {
    if (info.size > imageLimits.bytes) {
      return { refused: { ruleId: 'image-too-large', reason: `is ${megabytes(info.size)}, over the ${megabytes(imageLimits.bytes)} an image may be; it was not read`, hint: 'Save it smaller: a page-wide photograph at print resolution is 1-5 MB as JPEG' } };
    }
    const header = new Uint8Array(Math.min(info.size, headerBytes));
    await handle.read(header, 0, header.length, 0);
    const mediaType = sniff(header, name);
    if (!mediaType) return { refused: { ruleId: 'image-type', reason: 'is not a PNG, JPEG, GIF, WebP or SVG image', hint: 'Convert it to PNG, JPEG, GIF, WebP or SVG' } };
    const tooLarge = mediaType === 'image/svg+xml' ? undefined : pixelRefusal(header);
    if (tooLarge) return { refused: tooLarge };
    const data = new Uint8Array(info.size);
    let filled = 0;
    while (filled < data.length) {
      const { bytesRead } = await handle.read(data, filled, data.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    const whole = data.subarray(0, filled);
    const broken = mediaType === 'image/svg+xml' ? svgRefusal(whole, await saxesParser()) : (pixelRefusal(whole) ?? (await decodeRefusal(whole)));
    return broken ? { refused: broken } : { data: whole, mediaType };
  } finally {
    await handle.close();
  }
}

function pixelRefusal(bytes: Uint8Array): ImageRefusal | undefined {
  const size = imageSize(bytes);
  if (!size || size.width * size.height <= imageLimits.pixels) return undefined;
  return {
    ruleId: 'image-too-large',
    reason: `is ${size.width} × ${size.height} pixels, over the ${imageLimits.pixels / 1e6} million an image may have; it was not decoded`,
    hint: 'Scale it down: 2000-3000 px on the longer side prints a full page sharply',
  };
}

/** Decodes every pixel (every frame of an animation), so that a file cut short or damaged is found here and not by a reader. */
async function decodeRefusal(bytes: Uint8Array): Promise<ImageRefusal | undefined> {
  // Loaded with the first image: a text without images does not pay for libvips's start.
  const { default: sharp } = await import('sharp');
  try {
    // With `animated`, the height is every frame's: the pixel limit bounds the whole decode.
    const image = sharp(bytes, { failOn: 'truncated', limitInputPixels: imageLimits.pixels, animated: true });
    const { width = 0, height = 0, pages = 1 } = await image.metadata();
    if (width * height > imageLimits.pixels) {
      return {
        ruleId: 'image-too-large',
        reason: `has ${pages} frames of ${width} × ${height / pages} pixels, over the ${imageLimits.pixels / 1e6} million an image may have in all; it was not decoded`,
        hint: 'Make the animation shorter or smaller, or use one still frame',
      };
    }
    await image.raw().toBuffer();
    return undefined;
  } catch (error) {
    const detail = (error as Error).message.replace(/^Input buffer has corrupt header: /, '').split('\n')[0];
    return {
      ruleId: 'image-broken',
      reason: `cannot be decoded: the file is damaged or cut short (${detail})`,
      hint: 'Open it in an image editor and save it again, or export it anew from its source',
    };
  }
}

/** saxes, loaded only for an SVG image: a CommonJS module, whose exports an import gives by name or (bundled) as its default. */
async function saxesParser(): Promise<typeof SaxesParser> {
  const saxes = (await import('saxes')) as unknown as { SaxesParser?: typeof SaxesParser; default?: { SaxesParser: typeof SaxesParser } };
  return saxes.SaxesParser ?? saxes.default!.SaxesParser;
}

/**
 * An SVG must be well-formed XML (reading systems parse it as XML and show nothing, or an
 * error, if it is not), and no deeper than `imageLimits.svgDepth` elements. Checked by a strict
 * streaming parser (saxes), which recurses nowhere, before the sanitiser walks the tree.
 */
function svgRefusal(bytes: Uint8Array, Parser: typeof SaxesParser): ImageRefusal | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ruleId: 'image-broken', reason: 'is not UTF-8 text, so not an SVG Octavo can read', hint: 'Save the SVG again as UTF-8' };
  }
  const parser = new Parser({ xmlns: true, position: true });
  // An entity its DOCTYPE declares is well-formed to use; it is never expanded (the sanitiser drops the DOCTYPE), so it stands for nothing here.
  for (const [, name] of text.matchAll(/<!ENTITY\s+([^\s%]+)\s/g)) parser.ENTITIES[name] = '';
  let error: string | undefined;
  let depth = 0;
  let tooDeep = false;
  parser.on('error', (problem) => {
    error ??= problem.message;
    throw problem;
  });
  parser.on('opentag', () => {
    depth += 1;
    if (depth > imageLimits.svgDepth && !tooDeep) {
      tooDeep = true;
      throw new Error('too deep');
    }
  });
  parser.on('closetag', () => (depth -= 1));
  try {
    parser.write(text).close();
  } catch {
    // The first problem is recorded; the rest of the text is not looked at.
  }
  if (tooDeep) {
    return {
      ruleId: 'image-too-large',
      reason: `nests elements more than ${imageLimits.svgDepth} deep (at ${parser.line}:${parser.column}); reading systems refuse such an SVG`,
      hint: 'Ungroup the drawing in the program that made it, or export it as PNG',
    };
  }
  if (error === undefined) return undefined;
  // saxes says `line:column: what`.
  const [, place, what] = /^(\d+:\d+): (.*)$/s.exec(error) ?? [undefined, '', error];
  return {
    ruleId: 'image-broken',
    reason: `is not well-formed XML (at ${place}: ${what.replace(/\.$/, '')}); it was not repaired or used`,
    hint: 'Open it in an SVG editor and save it again, or fix the markup at that place',
  };
}
