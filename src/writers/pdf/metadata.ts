import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import type { Metadata } from '../../config/metadata.ts';
import { documentTitle } from '../shared/metadata.ts';

export interface PdfInfoOptions {
  /** Creation and modification date (the publication's `modified`). */
  date: Date;
  /** Octavo's name and version. */
  creator: string;
  producer: string;
}

/**
 * Writes the document information Chromium leaves out or gets wrong: Title (with subtitle),
 * Author only when given, Subject from the description, Keywords, Creator, Producer, fixed
 * dates and the language. The page content, tags and outline are kept as Chromium wrote them.
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
  return document.save({ useObjectStreams: false });
}
