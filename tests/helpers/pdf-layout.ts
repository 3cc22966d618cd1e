import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pdfWordsJs } from './pdfjs-tools.ts';
import { hasPoppler } from './validators.ts';

const run = promisify(execFile);

export interface Word {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Line {
  text: string;
  x0: number;
  x1: number;
  /** Top of the line, in points from the top of the page. */
  y: number;
}

export interface PageLayout {
  number: number;
  /** In points. */
  width: number;
  height: number;
  words: Word[];
  /** Words grouped into lines (same baseline band), top to bottom. */
  lines: Line[];
}

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

/** Every word of a PDF with its box, read by poppler's `pdftotext -bbox` (or pdf.js where poppler is not installed), grouped into lines. */
export async function pdfLayout(file: string): Promise<PageLayout[]> {
  if (!hasPoppler()) return (await pdfWordsJs(file)).map(({ width, height, words }, index) => ({ number: index + 1, width, height, words, lines: toLines(words) }));
  const { stdout } = await run('pdftotext', ['-bbox', file, '-'], { maxBuffer: 256 * 1024 * 1024 });
  const pages: PageLayout[] = [];
  for (const page of stdout.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
    const words = [...page[3].matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      x0: Number(m[1]),
      y0: Number(m[2]),
      x1: Number(m[3]),
      y1: Number(m[4]),
      text: m[5].replace(/&\w+;/g, (entity) => entities[entity] ?? entity),
    }));
    pages.push({ number: pages.length + 1, width: Number(page[1]), height: Number(page[2]), words, lines: toLines(words) });
  }
  return pages;
}

function toLines(words: Word[]): Line[] {
  const lines: Array<{ words: Word[]; y: number; bottom: number }> = [];
  for (const word of [...words].sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0)) {
    const middle = (word.y0 + word.y1) / 2;
    const line = lines.find((candidate) => middle > candidate.y && middle < candidate.bottom);
    if (line) line.words.push(word);
    else lines.push({ words: [word], y: word.y0, bottom: word.y1 });
  }
  return lines.map(({ words: lineWords, y }) => {
    const sorted = lineWords.sort((a, b) => a.x0 - b.x0);
    return { text: sorted.map((word) => word.text).join(' '), x0: sorted[0].x0, x1: sorted.at(-1)!.x1, y };
  });
}

export const mm = 72 / 25.4;
