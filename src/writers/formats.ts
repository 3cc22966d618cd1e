import path from 'node:path';
import type { Publication } from '../document/publication.ts';
import type { WriterContext } from './context.ts';

/** Files of a many-page artifact, by path inside its folder. */
export type ArtifactFiles = Map<string, Uint8Array>;

/**
 * Everything Octavo knows about one kind of artifact, in one place: the CLI, the build, the
 * atomic writes and the preview ask the descriptor, never the format's name. The writer is
 * loaded on first use, so the CLI can list and check formats without loading any writer.
 */
export interface FormatDescriptor {
  /** What `--format` and `formats:` name. */
  format: Format;
  /** The artifact's file extension (`.epub`), or `''` for a folder of files. */
  extension: string;
  /** Served as (the preview). */
  mediaType: string;
  /** Whether the writer prints or renders with Chromium. */
  needsBrowser: boolean;
  /** One file, or a folder of files written and swapped in whole. */
  layout: 'file' | 'folder';
  /** The writer: the publication → the artifact's bytes (or files). It writes nothing itself. */
  load: () => Promise<(publication: Publication, context: WriterContext) => Promise<Uint8Array | ArtifactFiles>>;
  /** Why these bytes are not a whole artifact (a cut-off write), or undefined when they look whole. */
  incomplete: (bytes: Uint8Array) => string | undefined;
}

const latin1 = (bytes: Uint8Array, from: number, to: number) => new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, from), to));
const tail = (bytes: Uint8Array, length: number) => latin1(bytes, bytes.byteLength - length, bytes.byteLength);
const empty = (bytes: Uint8Array) => (bytes.byteLength === 0 ? 'it is empty' : undefined);
const endsAsHtml = (bytes: Uint8Array) => empty(bytes) ?? (/<\/html>\s*$/i.test(tail(bytes, 64)) ? undefined : 'it does not end as an HTML page');

/** Every output format, in the order artifacts are listed. A new format is one writer module and one entry here. */
const descriptors = {
  epub: {
    extension: '.epub',
    mediaType: 'application/epub+zip',
    // The generated cover is drawn by Chromium.
    needsBrowser: true,
    layout: 'file',
    load: async () => (await import('./epub/index.ts')).writeEpub,
    incomplete: (bytes) => {
      // A zip whose first entry is the stored `mimetype` (EPUB OCF), and that ends with a central directory.
      if (bytes.byteLength === 0) return 'it is empty';
      if (latin1(bytes, 0, 4) !== 'PK\u0003\u0004' || latin1(bytes, 30, 38) !== 'mimetype' || latin1(bytes, 38, 58) !== 'application/epub+zip') return 'it does not start as an EPUB';
      if (!tail(bytes, 65_557).includes('PK\u0005\u0006')) return 'it does not end as a zip';
      return undefined;
    },
  },
  pdf: {
    extension: '.pdf',
    mediaType: 'application/pdf',
    needsBrowser: true,
    layout: 'file',
    load: async () => (await import('./pdf/index.ts')).writePdf,
    incomplete: (bytes) => {
      if (bytes.byteLength === 0) return 'it is empty';
      if (latin1(bytes, 0, 5) !== '%PDF-') return 'it does not start as a PDF';
      if (!tail(bytes, 1024).includes('%%EOF')) return 'it does not end as a PDF';
      return undefined;
    },
  },
  html: {
    extension: '.html',
    mediaType: 'text/html; charset=utf-8',
    needsBrowser: false,
    layout: 'file',
    load: async () => (await import('./html.ts')).writeHtml,
    incomplete: endsAsHtml,
  },
} satisfies Record<string, Omit<FormatDescriptor, 'format'>>;

export type Format = keyof typeof descriptors;

/** The output formats, in the order artifacts are listed. */
export const formats = Object.keys(descriptors) as Format[];

export function isFormat(name: string): name is Format {
  return Object.hasOwn(descriptors, name);
}

/** `--html-split`: the HTML as a folder of pages, one per chapter, with `index.html` for the contents. */
const htmlPages: FormatDescriptor = {
  ...descriptors.html,
  format: 'html',
  extension: '',
  layout: 'folder',
  load: async () => (await import('./html-pages.ts')).writeHtmlPages,
};

export interface DescriptorOptions {
  /** The HTML as a folder of pages (default: one page). */
  htmlSplit?: boolean;
}

/** The descriptor of `format`, as the build's options shape it. */
export function describe(format: Format, options: DescriptorOptions = {}): FormatDescriptor {
  if (format === 'html' && options.htmlSplit) return htmlPages;
  return { format, ...descriptors[format] } as FormatDescriptor;
}

/** Where the artifact of `descriptor` for `name` goes in `outDir`. */
export function targetOf(descriptor: FormatDescriptor, outDir: string, name: string): string {
  return path.join(outDir, `${name}${descriptor.extension}`);
}

/** Whether any of `formats` is made with Chromium. */
export function needsBrowser(formats: readonly Format[]): boolean {
  return formats.some((format) => descriptors[format].needsBrowser);
}
