import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PNG } from 'pngjs';
import { random } from '../../scripts/bench/generate-book.ts';

/**
 * A generated book of README-like chapters, as many as a page count asks for: each opens with
 * a `# name` and its badges (remote images in a link, as on GitHub), then prose with inline
 * code and links, a local screenshot, an install and usage code block, an options table, a
 * folded `<details>` section, a list and emoji shortcodes. No front matter, no config. The
 * same options give the same text. Used by scripts/readme-book.ts and tests/readme-book.test.ts.
 */

export interface ReadmeBookOptions {
  /** Pages the book should about fill in the default (handout, A4) PDF. */
  pages: number;
  /** Seed of the pseudo-random text (default: 12). */
  seed?: number;
}

/** Measured on a generated book of 100 pages (86 pages from 29 chapters): a chapter fills about this many A4 pages. */
export const pagesPerChapter = 3.0;

const words = (
  'parse options value argument string number flag default command line input output stream buffer file path folder module package install version release build test run server client request response error message handler callback promise async await event listener config setting environment variable cache memory size limit timeout retry queue worker thread process signal exit code status result object array map set key type schema validate format encode decode compress read write open close start stop create delete update list find match pattern glob regex token lexer tree node visit transform plugin preset loader bundle export import require default named'
).split(' ');
const names = ['arg', 'glob-lite', 'tiny-queue', 'fast-parse', 'quick-cache', 'path-walker', 'env-guard', 'stream-tee', 'lex-it', 'tree-visit', 'retry-please', 'signal-exit-lite'];

/** A 24 × 16 PNG of two colours: the chapters' "screenshot", written beside them. */
function screenshot(): Buffer {
  const png = new PNG({ width: 24, height: 16 });
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 24; x++) {
      const at = (y * 24 + x) * 4;
      const dark = (x >> 2) % 2 === (y >> 2) % 2;
      png.data.set(dark ? [40, 60, 90, 255] : [230, 235, 240, 255], at);
    }
  }
  return PNG.sync.write(png);
}

export interface ReadmeChapter {
  name: string;
  markdown: string;
}

/** The chapters of a README book of about `pages` pages. */
export function readmeBook(options: ReadmeBookOptions): ReadmeChapter[] {
  const next = random((options.seed ?? 12) * 7919 + options.pages);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const between = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  const sentence = () => {
    const text = Array.from({ length: between(7, 20) }, () => (next() < 0.07 ? `\`${pick(words)}()\`` : pick(words))).join(' ');
    return `${text[0].toUpperCase()}${text.slice(1)}.`;
  };
  const paragraph = () => Array.from({ length: between(3, 7) }, sentence).join(' ');
  const count = Math.max(1, Math.round(options.pages / pagesPerChapter));
  const chapters: ReadmeChapter[] = [];
  for (let index = 1; index <= count; index++) {
    const name = `${pick(names)}-${index}`;
    const lines = [
      `# ${name} [![npm](https://img.shields.io/npm/v/${name}.svg)](https://www.npmjs.com/package/${name}) [![CI](https://github.com/example/${name}/actions/workflows/ci.yml/badge.svg)](https://github.com/example/${name}/actions)`,
      '',
      `> ${sentence()} :sparkles:`,
      '',
      paragraph(),
      '',
      `![A screenshot of ${name} at work](images/screenshot.png)`,
      '',
      '## Install',
      '',
      '```sh',
      `npm install ${name}`,
      '```',
      '',
      '## Usage',
      '',
      paragraph(),
      '',
      '```js',
      `import ${name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()).replace(/\d+$/, '')} from '${name}';`,
      ...Array.from({ length: between(4, 12) }, () => `const ${pick(words)}${between(1, 99)} = await ${pick(words)}(${JSON.stringify(pick(words))}, { ${pick(words)}: ${between(0, 999)} });`),
      '```',
      '',
      paragraph(),
      '',
      '## Options',
      '',
      '| Option | Type | Default | Description |',
      '| --- | --- | --- | --- |',
      ...Array.from({ length: between(3, 9) }, () => `| \`${pick(words)}\` | \`${pick(['string', 'number', 'boolean', 'string[]'])}\` | \`${between(0, 100)}\` | ${sentence()} |`),
      '',
      '<details>',
      '<summary>Why use this library?</summary>',
      '',
      paragraph(),
      '',
      '</details>',
      '',
      '## Notes',
      '',
      ...Array.from({ length: between(3, 6) }, () => `- ${sentence()}`),
      '',
      `${paragraph()} Say "-" for standard input :heart:.`,
      '',
      '## License',
      '',
      `MIT © ${pick(['Ada', 'Grace', 'Linus', 'Barbara', 'Ken'])} ${pick(['Lovelace', 'Hopper', 'Torvalds', 'Liskov', 'Thompson'])}`,
      '',
    ];
    chapters.push({ name: `${String(index).padStart(4, '0')}-${name}.md`, markdown: lines.join('\n') });
  }
  return chapters;
}

/** Writes the book into `dir` (emptied first), with its image; returns `dir`. */
export async function writeReadmeBook(dir: string, options: ReadmeBookOptions): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, 'images'), { recursive: true });
  await writeFile(path.join(dir, 'images', 'screenshot.png'), screenshot());
  for (const chapter of readmeBook(options)) await writeFile(path.join(dir, chapter.name), chapter.markdown);
  return dir;
}
