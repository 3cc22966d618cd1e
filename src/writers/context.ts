import type { BrowserSession } from '../browser/session.ts';
import type { Publication } from '../document/publication.ts';
import type { FontFile } from '../fonts/load.ts';
import type { StageCount } from '../progress.ts';
import type { Paper } from '../templates/paper.ts';
import type { Template } from '../templates/template.ts';

export type { Paper };

/** What a writer gets besides the publication: the resolved settings and shared resources. */
export interface WriterContext {
  template: Template;
  /** The template's faces, subset to the publication's characters. */
  fonts: FontFile[];
  /** Characters of the text no embedded face covers (each a warning); undefined when not worked out. */
  uncovered?: number;
  /** Those characters themselves (each drawn as a blank or a box, so missing from the PDF's text); undefined when not worked out. */
  undrawn?: ReadonlySet<string>;
  /** The PDF's paper or trim size. */
  paper: Paper;
  /** Crop marks and 3 mm bleed around every PDF page, for a print shop. */
  printMarks: boolean;
  /** Octavo's version, for Creator/Producer/generator fields. */
  version: string;
  /** The one browser of this build, launched on first use. */
  browser: () => Promise<BrowserSession>;
  /** Computes a value once per build and shares it between writers (e.g. the HTML page the PDF prints). */
  memo: <T>(key: string, make: () => Promise<T>) => Promise<T>;
  /** Runs one stage of a writer and records how long it took (`--timings`). */
  time: <T>(stage: string, run: () => Promise<T>) => Promise<T>;
  /** Told as Chromium begins to print the PDF's laid-out pages (`onPrinting` of `printPdf`). */
  printing: () => void;
  /**
   * Settles as Chromium begins to print the PDF's pages (never, in a build that prints none):
   * work that needs no print, waiting for it, runs while Chromium prints, not before the print
   * document is made on this one thread. The build starts the writers that need no browser then.
   */
  printStarted: Promise<void>;
  /** Tells how far a stage has got (the PDF's pages laid out so far), for progress; absent when no one listens. */
  progress?: (count: StageCount) => void;
  signal?: AbortSignal;
}

/** A writer turns the publication into one artifact's bytes; it writes no files itself. */
export type Writer = (publication: Publication, context: WriterContext) => Promise<Uint8Array>;
