import type { Root as HastRoot } from 'hast';
import type { VFile } from 'vfile';
import type { Metadata } from '../config/metadata.ts';

/** One chapter: a source file's body as a hast tree, ready for every writer. */
export interface Chapter {
  /** Stable id, unique in the publication (`chapter-1`, …); also the EPUB file's base name. */
  id: string;
  /** The chapter's title: its first `h1`, else (a chapter file) its front matter's `title` or its file's name, or the publication title for a one-file manuscript. */
  title: string;
  /** Whether the chapter's own text carries its title as an `h1` (else writers print one). */
  hasOwnHeading: boolean;
  /** The chapter's content, without the front matter. Writers must not mutate it. */
  tree: HastRoot;
  /** The source file, for messages. */
  file: VFile;
}

/** A heading, nested under the heading it belongs to. */
export interface OutlineEntry {
  /** Heading rank: 1 for `h1` … 6 for `h6`. */
  depth: number;
  /** Plain text of the heading. */
  title: string;
  /** The id of the heading element (unique across the publication). */
  id: string;
  /** Index into `Publication.chapters` (a part's: its first chapter). */
  chapter: number;
  /** Set on a part's own entry: its index in `Publication.parts`. */
  part?: number;
  children: OutlineEntry[];
}

/** A part of a book: a title over a run of chapters. */
export interface Part {
  title: string;
  /** Index of its first chapter in `Publication.chapters`. */
  first: number;
  /** How many chapters it holds. */
  count: number;
}

/** A file the text uses (an image), read from inside the manuscript folder. */
export interface Asset {
  /** Unique id, usable as an XML id. */
  id: string;
  /** Where writers put it, relative to the publication root; chapter `src` attributes hold this. */
  href: string;
  mediaType: string;
  data: Uint8Array;
}

/**
 * The document model in the middle: the reader makes it once, every writer reads it.
 * Nothing here knows about HTML, EPUB or PDF.
 */
export interface Publication {
  /** Output base name, e.g. `ballerina` → `ballerina.epub`. */
  name: string;
  /** The manuscript folder: assets and project templates are looked for only inside it. */
  root: string;
  meta: Metadata;
  chapters: Chapter[];
  /** Headings of all chapters, nested by rank, chapters in reading order. */
  outline: OutlineEntry[];
  /** Parts grouping chapters, in order (empty for most publications). */
  parts: Part[];
  /** Images and other files the chapters reference, each once. */
  assets: Asset[];
  /** The cover image the front matter names (`cover:`), if any. */
  cover?: Asset;
  /** The moment the publication was last changed: `SOURCE_DATE_EPOCH`, else the newest source file's mtime. */
  modified: Date;
  /** Every source file read, each holding its messages. */
  files: VFile[];
}
