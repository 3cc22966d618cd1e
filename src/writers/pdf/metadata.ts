import { createHash } from 'node:crypto';
import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import type { Metadata } from '../../config/metadata.ts';
import { publicationIdentifier } from '../shared/identifier.ts';
import { documentTitle } from '../shared/metadata.ts';
import { addPrintMarks } from './print-marks.ts';
import { xmpPacket } from './xmp.ts';

export interface PdfInfoOptions {
  /** Creation and modification date (the publication's `modified`). */
  date: Date;
  /** Octavo's name and version. */
  creator: string;
  producer: string;
  /** Crop marks and bleed; `bleedRendered` when the pages already include the bleed. */
  printMarks?: { bleedRendered: boolean };
}

const md5 = (data: string | Uint8Array) => createHash('md5').update(data).digest('hex');

/** Chromium's PDF without what changes from run to run (its own dates and file ID): the same page content gives the same string. */
function stableBytes(pdf: Uint8Array): string {
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength)
    .toString('latin1')
    .replace(/\/(CreationDate|ModDate)\s*\([^)]*\)/g, '')
    .replace(/\/ID\s*\[[^\]]*\]/g, '');
}

/** A UUID-shaped string from a hex digest, for XMP's InstanceID. */
const uuidFrom = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

/**
 * Finishes Chromium's PDF: the document information it leaves out or gets wrong (Title with
 * subtitle, Author only when given, Subject, Keywords, Creator, Producer, fixed dates, the
 * language), the same facts as XMP, a file identifier derived from the publication and the
 * bytes (so equal input gives equal files), and print marks on request. Page content, tags
 * and outline stay as Chromium wrote them.
 */
export async function setPdfMetadata(pdf: Uint8Array, meta: Metadata, options: PdfInfoOptions): Promise<Uint8Array> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  document.setTitle(documentTitle(meta), { showInWindowTitleBar: true });
  if (meta.author?.length) document.setAuthor(meta.author.join(', '));
  if (meta.description) document.setSubject(meta.description);
  const keywords = [...meta.keywords, ...meta.subjects];
  // One comma-separated string: pdf-lib joins a list with spaces, which merges multi-word keywords.
  if (keywords.length > 0) document.setKeywords([keywords.join(', ')]);
  document.setCreator(options.creator);
  document.setProducer(options.producer);
  document.setCreationDate(options.date);
  document.setModificationDate(options.date);
  document.catalog.set(PDFName.of('Lang'), PDFString.of(meta.lang));
  if (options.printMarks) addPrintMarks(document, options.printMarks);

  const identifier = publicationIdentifier(meta);
  // The first ID names the document across revisions, the second this rendition (ISO 32000 14.4).
  const permanent = md5(identifier);
  const instance = md5(permanent + md5(stableBytes(pdf)));
  const xmp = xmpPacket(meta, { identifier, instanceId: uuidFrom(instance), date: options.date, creatorTool: options.creator, producer: options.producer });
  const stream = document.context.stream(new TextEncoder().encode(xmp), { Type: 'Metadata', Subtype: 'XML' });
  document.catalog.set(PDFName.of('Metadata'), document.context.register(stream));
  document.context.trailerInfo.ID = document.context.obj([PDFHexString.of(permanent), PDFHexString.of(instance)]);
  return document.save({ useObjectStreams: false });
}
