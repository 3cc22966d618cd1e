import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const filler = 'Typesetting a book by hand was slow work, and every line was set one letter at a time from a case of metal type before it was locked into the forme and inked for the press. ';

/**
 * A book of 16 chapters in which `paragraph` stands a little lower in each (one more short
 * sentence before it), so that in some chapter it runs on over a page: a case at a page foot
 * found without knowing where the pages break. `front` is the front file's text after its title.
 */
export async function writeSlidingBook(book: string, options: { title: string; paragraph: string; fillers: number; front?: string }): Promise<void> {
  await mkdir(book, { recursive: true });
  await writeFile(path.join(book, '00-front.md'), `---\ntitle: ${options.title}\nlang: en\n---\n${options.front ? `\n${options.front}\n` : ''}`);
  for (let k = 0; k < 16; k++) {
    const text = [`# Chapter ${k + 1}`, ...Array(options.fillers).fill(filler.repeat(2)), 'A short sentence moves the next paragraph down. '.repeat(k) + filler, options.paragraph, filler.repeat(2)];
    await writeFile(path.join(book, `${String(k + 1).padStart(2, '0')}-chapter.md`), text.join('\n\n') + '\n');
  }
}
