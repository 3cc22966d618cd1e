import { documentDirection } from '../../document/plugins/direction.ts';
import type { Element as XastElement } from 'xast';
import { toWellFormedXml } from '../shared/xml.ts';
import { x } from 'xastscript';
import type { Publication } from '../../document/publication.ts';
import { accessibilityMetadata } from './accessibility.ts';
import { labelsFor } from '../../text/labels.ts';

/** A file in the EPUB container, under `EPUB/`. */
export interface ManifestItem {
  id: string;
  /** Path relative to the package document. */
  href: string;
  mediaType: string;
  properties?: string[];
  /** Position in the reading order, when the item is read (not just referenced). */
  spine?: { linear: boolean };
}

/** `2026-11-25T09:30:48Z`: the form `dcterms:modified` requires. */
export function epubDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function meta(property: string, value: string, attributes: Record<string, string> = {}): XastElement {
  return x('meta', { property, ...attributes }, value);
}

/** The package document (OPF): metadata, manifest and spine. */
export interface PackageOptions {
  /** The print edition the page list follows (default: none, no page list). */
  pageSource?: string;
  /** The cover page's href, for the EPUB 2 guide that Calibre and Kindle's tools find the cover by (default: none). */
  coverPage?: string;
}

/** Apple's vocabulary, for `ibooks:specified-fonts`. */
const ibooksPrefix = 'ibooks: http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/';

/**
 * Apple Books shows embedded fonts only when the book asks for them (else only after the
 * reader picks "Original"): this file is the older way, the OPF meta the newer.
 */
export const appleDisplayOptions = `<?xml version="1.0" encoding="UTF-8"?>
<display_options>
  <platform name="*">
    <option name="specified-fonts">true</option>
  </platform>
</display_options>
`;

export function packageDocument(publication: Publication, identifier: string, items: readonly ManifestItem[], options: PackageOptions = {}): string {
  const { meta: m } = publication;
  const a11y = accessibilityMetadata(publication, { pageList: options.pageSource !== undefined });
  const metadata: XastElement[] = [
    x('dc:identifier', { id: 'pub-id' }, identifier),
    x('dc:title', { id: 'title' }, m.title),
    meta('title-type', 'main', { refines: '#title' }),
  ];
  if (m.subtitle) metadata.push(x('dc:title', { id: 'subtitle' }, m.subtitle), meta('title-type', 'subtitle', { refines: '#subtitle' }));
  metadata.push(x('dc:language', m.lang));
  (m.author ?? []).forEach((name, index) => {
    metadata.push(x('dc:creator', { id: `creator-${index + 1}` }, name), meta('role', 'aut', { refines: `#creator-${index + 1}`, scheme: 'marc:relators' }));
  });
  if (m.date) metadata.push(x('dc:date', m.date));
  if (m.description) metadata.push(x('dc:description', m.description));
  for (const subject of m.subjects) metadata.push(x('dc:subject', subject));
  if (m.publisher) metadata.push(x('dc:publisher', m.publisher));
  if (m.rights) metadata.push(x('dc:rights', m.rights));
  // Which edition the page list follows (EPUB 3.2's way; pageBreakSource is still incubating, and EPUBCheck 4 rejects it).
  if (options.pageSource) metadata.push(x('dc:source', { id: 'page-source' }, options.pageSource), meta('source-of', 'pagination', { refines: '#page-source' }));
  metadata.push(meta('dcterms:modified', epubDate(publication.modified)));
  for (const mode of a11y.accessMode) metadata.push(meta('schema:accessMode', mode));
  for (const sufficient of a11y.accessModeSufficient) metadata.push(meta('schema:accessModeSufficient', sufficient));
  for (const feature of a11y.accessibilityFeature) metadata.push(meta('schema:accessibilityFeature', feature));
  for (const hazard of a11y.accessibilityHazard) metadata.push(meta('schema:accessibilityHazard', hazard));
  // Written in English only, and said to be: a reading system or catalogue then knows which language it is in.
  metadata.push(meta('schema:accessibilitySummary', a11y.accessibilitySummary, m.lang.startsWith('en') ? {} : { 'xml:lang': 'en' }));
  metadata.push(meta('dcterms:conformsTo', a11y.conformsTo));
  const fonts = items.some((item) => item.href.startsWith('fonts/'));
  if (fonts) metadata.push(meta('ibooks:specified-fonts', 'true'));
  // EPUB 2 reading systems (and Kindle's converter) find the cover through this.
  if (items.some((item) => item.id === 'cover-image')) metadata.push(x('meta', { name: 'cover', content: 'cover-image' }));

  const manifest = items.map((item) =>
    x('item', { id: item.id, href: item.href, 'media-type': item.mediaType, properties: item.properties?.length ? item.properties.join(' ') : undefined }),
  );
  const spine = items
    .filter((item) => item.spine)
    .map((item) => x('itemref', { idref: item.id, linear: item.spine!.linear ? undefined : 'no' }));

  const tree = x(null, [
    { type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' },
    x('package', { xmlns: 'http://www.idpf.org/2007/opf', version: '3.0', 'unique-identifier': 'pub-id', 'xml:lang': m.lang, dir: documentDirection(m.lang) ?? 'ltr', prefix: fonts ? ibooksPrefix : undefined }, [
      x('metadata', { 'xmlns:dc': 'http://purl.org/dc/elements/1.1/' }, metadata),
      x('manifest', manifest),
      // A right-to-left book turns its pages from right to left in the readers that follow this.
      x('spine', { toc: 'ncx', 'page-progression-direction': documentDirection(m.lang) }, spine),
      // Without it Calibre does not know the cover page for one, and adds its own: the cover twice.
      ...(options.coverPage ? [x('guide', [x('reference', { type: 'cover', title: labelsFor(m).cover, href: options.coverPage })])] : []),
    ]),
  ]);
  return toWellFormedXml(tree) + '\n';
}
