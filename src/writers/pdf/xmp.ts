import type { Metadata } from '../../config/metadata.ts';
import { withoutForbidden } from '../../text/characters.ts';
import { documentTitle } from '../shared/metadata.ts';

// Characters XML cannot hold are left out; `>` escaped, so `]]>` cannot appear.
const escape = (text: string) => withoutForbidden(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const alt = (text: string, lang: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${escape(text)}</rdf:li><rdf:li xml:lang="${escape(lang)}">${escape(text)}</rdf:li></rdf:Alt>`;
const list = (kind: 'Seq' | 'Bag', items: readonly string[]) => `<rdf:${kind}>${items.map((item) => `<rdf:li>${escape(item)}</rdf:li>`).join('')}</rdf:${kind}>`;

export interface XmpOptions {
  /** The publication's identifier (`urn:uuid:…`, `urn:isbn:…`). */
  identifier: string;
  /** A UUID for this rendition: changes when the bytes do. */
  instanceId: string;
  date: Date;
  creatorTool: string;
  producer: string;
}

/**
 * The XMP packet (ISO 16684-1) that carries the same facts as the PDF's info dictionary,
 * where PDF/A validators, DAM systems and Acrobat's "Additional metadata" read them.
 */
export function xmpPacket(meta: Metadata, options: XmpOptions): string {
  const when = options.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const keywords = [...meta.keywords, ...meta.subjects];
  const documentId = options.identifier.startsWith('urn:uuid:') ? `uuid:${options.identifier.slice(9)}` : options.identifier;
  const dc = [
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${alt(documentTitle(meta), meta.lang)}</dc:title>`,
    meta.author?.length ? `<dc:creator>${list('Seq', meta.author)}</dc:creator>` : '',
    meta.description ? `<dc:description>${alt(meta.description, meta.lang)}</dc:description>` : '',
    keywords.length ? `<dc:subject>${list('Bag', keywords)}</dc:subject>` : '',
    `<dc:language>${list('Bag', [meta.lang])}</dc:language>`,
    meta.publisher ? `<dc:publisher>${list('Bag', [meta.publisher])}</dc:publisher>` : '',
    meta.rights ? `<dc:rights>${alt(meta.rights, meta.lang)}</dc:rights>` : '',
    meta.date ? `<dc:date>${list('Seq', [meta.date])}</dc:date>` : '',
    `<dc:identifier>${escape(options.identifier)}</dc:identifier>`,
  ];
  const description = [
    '<rdf:Description rdf:about=""',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
    ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    ' xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">',
    ...dc.filter(Boolean),
    keywords.length ? `<pdf:Keywords>${escape(keywords.join(', '))}</pdf:Keywords>` : '',
    `<pdf:Producer>${escape(options.producer)}</pdf:Producer>`,
    `<xmp:CreatorTool>${escape(options.creatorTool)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${when}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${when}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${when}</xmp:MetadataDate>`,
    `<xmpMM:DocumentID>${escape(documentId)}</xmpMM:DocumentID>`,
    `<xmpMM:InstanceID>uuid:${options.instanceId}</xmpMM:InstanceID>`,
    '</rdf:Description>',
  ].filter(Boolean);
  return [
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    ...description,
    '</rdf:RDF>',
    '</x:xmpmeta>',
    // Room for editors to update the packet in place.
    ' '.repeat(100),
    '<?xpacket end="w"?>',
  ].join('\n');
}
