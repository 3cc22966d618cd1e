import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Words per A4 page of Octavo's default handout template, measured with pdfinfo on generated
 * books (see BENCHMARKS.md for the page counts each run actually got).
 */
export const WORDS_PER_PAGE = 458;

/** Pages per chapter file: a 1000-page book is 100 files, as a long manuscript would be. */
export const PAGES_PER_CHAPTER = 10;

export interface BookOptions {
  /** Pages the book should fill in Octavo's handout PDF (A4). */
  pages: number;
  /** Seed of the pseudo-random text (default: 7). */
  seed?: number;
}

export interface Chapter {
  /** File name, sorted in reading order (`001-chapter.md`). */
  name: string;
  markdown: string;
}

// mulberry32: tiny, seedable, same sequence on every platform; Math.random is neither.
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const vocabulary = (
  'the a of and to in that it was for on are as with his they at be this from have or by one had not but what all were when we there can an your which their said if do will each about how up out them then she many some so these would other into has more her two like him see time could no make than first been its who now people my made over did down only way find use may water long little very after words called just where most know get through back much before go good new write our used me man too any day same right look think also around another came come work three word must because does part even place well such here take why things help put years different away again off went old number great tell men say small every found still between name should home big give air line set own under read last never us left end along while might next sound below saw something thought both few those always looked show large often together asked house world going want school important until form food keep children feet land side without boy once animals life enough took sometimes four head above kind began almost live page got earth need far hand high year mother light parts country father let night following picture being study second eyes soon times story boys since white days ever paper hard near sentence better best across during today others however sure means knew try told young miles sun ways thing whole hear example heard several change answer room sea against top turned learn point city play toward five using himself usually money seen car morning river stage dancer camera scene ballet studio rehearsal critic audience theatre silence winter harbour lantern orchard'
).split(' ');

const titles = ['Arrival', 'The Studio', 'Rehearsal', 'Winter Light', 'The Harbour', 'Letters', 'A Quiet Room', 'Opening Night', 'The Orchard', 'Departures', 'Second Movement', 'The Critics', 'Snow', 'Lanterns', 'Return'];

/** Makes the chapters of a book of about `pages` pages; the same options give the same text. */
export function generateBook(options: BookOptions): Chapter[] {
  const { pages, seed = 7 } = options;
  const next = random(seed * 1000 + pages);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const between = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));

  const sentence = (): string => {
    const words = Array.from({ length: between(6, 22) }, () => pick(vocabulary));
    if (next() < 0.25) words[between(0, words.length - 1)] = `*${pick(vocabulary)}*`;
    if (next() < 0.1) words[between(0, words.length - 1)] = `**${pick(vocabulary)}**`;
    if (words.length > 10 && next() < 0.4) words[between(3, words.length - 4)] += ',';
    const text = words.join(' ');
    return text[0].toUpperCase() + text.slice(1) + (next() < 0.08 ? '?' : '.');
  };
  const paragraph = (sentences: number) => Array.from({ length: sentences }, sentence).join(' ');
  const countWords = (text: string) => text.split(/\s+/).filter((word) => /[A-Za-z]/.test(word)).length;

  const chapterCount = Math.max(1, Math.ceil(pages / PAGES_PER_CHAPTER));
  const totalWords = pages * WORDS_PER_PAGE;
  const chapters: Chapter[] = [];
  for (let index = 0; index < chapterCount; index++) {
    const n = index + 1;
    const budget = Math.round(totalWords / chapterCount);
    const blocks: string[] = [];
    if (index === 0) blocks.push(`---\ntitle: A Generated Book of ${pages} Pages\nlang: en\n---`);
    blocks.push(`# Chapter ${n}: ${pick(titles)}`);
    const notes: string[] = [];
    let words = 0;
    let section = 0;
    let tableDone = false;
    while (words < budget) {
      const roll = next();
      let block: string;
      if (words > budget / 6 && roll < 0.07) {
        section++;
        block = `## ${pick(titles)} ${section}`;
      } else if (roll < 0.13) {
        block = Array.from({ length: between(3, 6) }, () => `- ${sentence()}`).join('\n');
      } else if (roll < 0.16) {
        block = Array.from({ length: between(3, 5) }, (_, i) => `${i + 1}. ${sentence()}`).join('\n');
      } else if (!tableDone && words > budget / 2) {
        tableDone = true;
        const rows = Array.from({ length: between(4, 7) }, () => `| ${pick(vocabulary)} ${pick(vocabulary)} | ${between(1, 999)} | ${pick(vocabulary)} |`);
        block = ['| scene | minutes | note |', '| --- | ---: | --- |', ...rows].join('\n');
      } else {
        block = paragraph(between(3, 8));
        if (next() < 0.12) {
          // Labels carry the chapter number: the chapters are also concatenated into one file.
          const label = `c${n}n${notes.length + 1}`;
          block += `[^${label}]`;
          notes.push(`[^${label}]: ${paragraph(between(1, 2))}`);
        }
      }
      words += countWords(block);
      blocks.push(block);
    }
    blocks.push(...notes);
    chapters.push({ name: `${String(n).padStart(3, '0')}-chapter.md`, markdown: `${blocks.join('\n\n')}\n` });
  }
  return chapters;
}

/** One Markdown file of the whole book, for tools that take a single input. */
export function concatenate(chapters: Chapter[]): string {
  return chapters.map((chapter) => chapter.markdown).join('\n');
}

/** Writes the chapters into `dir` (emptied first) and the concatenation to `singleFile`. */
export async function writeBook(chapters: Chapter[], options: { dir: string; singleFile: string }): Promise<void> {
  await rm(options.dir, { recursive: true, force: true });
  await mkdir(options.dir, { recursive: true });
  await Promise.all(chapters.map((chapter) => writeFile(join(options.dir, chapter.name), chapter.markdown)));
  await writeFile(options.singleFile, concatenate(chapters));
}
