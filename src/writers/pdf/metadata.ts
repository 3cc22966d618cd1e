import { createHash } from 'node:crypto';
import type { Metadata } from '../../config/metadata.ts';
import type { PdfFile } from '../../pdf/file.ts';
import { PdfName, PdfRef, PdfString, dateString, textString, type PdfDict, type PdfValue } from '../../pdf/objects.ts';
import { openPdf } from '../../pdf/open.ts';
import { repairedToUnicodeMaps } from '../../pdf/to-unicode.ts';
import { rewritePdf, type NewObject } from '../../pdf/write.ts';
import { publicationIdentifier } from '../shared/identifier.ts';
import { documentTitle } from '../shared/metadata.ts';
import { xmpPacket } from './xmp.ts';
import { outlineTitleFixes } from './outline-titles.ts';

export interface PdfInfoOptions {
  /** Creation and modification date (the publication's `modified`). */
  date: Date;
  /** Octavo's name and version. */
  creator: string;
  producer: string;
  /** The headings' text in print order: bookmark titles are set to it (default: left as Chromium wrote them). */
  headings?: readonly string[];
  /** Crop marks and bleed; `bleedRendered` when the pages already include the bleed. */
  printMarks?: { bleedRendered: boolean };
  /** `pdf` as already opened and read (`readPdf`), so it is not read again; not used when print marks change the file. */
  read?: { file: PdfFile; ligatures: ReadonlyMap<PdfDict, ReadonlyMap<number, string>> };
}

const md5 = (data: string | Uint8Array) => createHash('md5').update(data).digest('hex');

/**
 * A digest of Chromium's PDF without what changes from run to run (its document information,
 * with its dates, and the trailer's file ID): the same page content gives the same digest.
 */
function contentDigest(file: PdfFile, info: number | undefined): string {
  const hash = createHash('md5');
  for (const { num, start, end } of file.spans()) if (num !== info) hash.update(file.bytes.subarray(start, end));
  return hash.digest('hex');
}

/** A UUID-shaped string from a hex digest, for XMP's InstanceID. */
const uuidFrom = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
const hexBytes = (hex: string) => new PdfString(Buffer.from(hex, 'hex').toString('latin1'), true);

/**
 * Finishes Chromium's PDF: the document information it leaves out or gets wrong (Title with
 * subtitle, Author only when given, Subject, Keywords, Creator, Producer, fixed dates, the
 * language), the same facts as XMP, a file identifier derived from the publication and the
 * bytes (so equal input gives equal files), and print marks on request. Page content, tags
 * and outline stay byte for byte as Chromium wrote them: the file is copied, not re-encoded,
 * which costs what a copy costs (pdf-lib's parse and save, by docs/internals.md, far more).
 */
export async function setPdfMetadata(pdf: Uint8Array, meta: Metadata, options: PdfInfoOptions): Promise<Uint8Array> {
  const content = options.printMarks ? await (await import('./print-marks.ts')).withPrintMarks(pdf, options.printMarks) : pdf;
  const read = content === pdf ? options.read : undefined;
  const file = read?.file ?? (await openPdf(content));
  const rootRef = file.trailer.get('Root');
  const catalog = file.dict(rootRef);
  if (!(rootRef instanceof PdfRef) || !catalog) throw new Error('The printed PDF has no document catalog');
  const infoRef = file.trailer.get('Info');
  const infoNum = infoRef instanceof PdfRef ? infoRef.num : undefined;
  // A loop, not `Math.max(...keys)`: a long book's hundreds of thousands of objects overflow the call stack as arguments.
  let next = 1;
  for (const num of file.offsets.keys()) next = Math.max(next, num + 1);
  const metadataNum = next++;
  const newInfoNum = infoNum ?? next++;

  const info: PdfDict = new Map<string, PdfValue>([['Title', textString(documentTitle(meta))]]);
  if (meta.author?.length) info.set('Author', textString(meta.author.join(', ')));
  if (meta.description) info.set('Subject', textString(meta.description));
  const keywords = [...meta.keywords, ...meta.subjects];
  // One comma-separated string, so multi-word keywords stay whole.
  if (keywords.length > 0) info.set('Keywords', textString(keywords.join(', ')));
  info.set('Creator', textString(options.creator));
  info.set('Producer', textString(options.producer));
  info.set('CreationDate', dateString(options.date));
  info.set('ModDate', dateString(options.date));

  const viewerPreferences: PdfDict = new Map(file.dict(catalog.get('ViewerPreferences')) ?? []);
  // Readers show the title, not the file name, in their window.
  viewerPreferences.set('DisplayDocTitle', true);
  const newCatalog: PdfDict = new Map(catalog);
  newCatalog.set('Lang', textString(meta.lang));
  newCatalog.set('ViewerPreferences', viewerPreferences);
  newCatalog.set('Metadata', new PdfRef(metadataNum, 0));

  const identifier = publicationIdentifier(meta);
  // The first ID names the document across revisions, the second this rendition (ISO 32000 14.4).
  const permanent = md5(identifier);
  const instance = md5(permanent + contentDigest(file, infoNum));
  const xmp = xmpPacket(meta, { identifier, instanceId: uuidFrom(instance), date: options.date, creatorTool: options.creator, producer: options.producer });

  const objects = new Map<number, NewObject>([
    ...(options.headings ? outlineTitleFixes(file, options.headings) : []),
    ...repairedToUnicodeMaps(file, read?.ligatures),
    [rootRef.num, newCatalog],
    [newInfoNum, info],
    [metadataNum, { dict: new Map<string, PdfValue>([['Type', new PdfName('Metadata')], ['Subtype', new PdfName('XML')]]), data: new TextEncoder().encode(xmp) }],
  ]);
  const trailer: PdfDict = new Map<string, PdfValue>([
    ['Root', rootRef],
    ['Info', new PdfRef(newInfoNum, 0)],
    ['ID', [hexBytes(permanent), hexBytes(instance)]],
  ]);
  return rewritePdf(file, objects, trailer);
}
