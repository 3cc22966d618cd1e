import { appendFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPublication, type ChapterCache } from '../src/document/read.ts';

const withoutPositions = (value: unknown) => JSON.stringify(value, (key, item) => (key === 'position' ? undefined : item));

async function book(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'octavo-chapter-cache-'));
  await writeFile(path.join(dir, '01.md'), '---\ntitle: Cached\nlang: en\n---\n\n# Opening\n\nSome "quoted" text.[^1]\n\n[^1]: A note.\n\n```klingon\nQapla\'\n```\n');
  await writeFile(path.join(dir, '02.md'), '# Opening\n\nThe same heading again: its id must still be unique.\n');
  await writeFile(path.join(dir, '03.md'), '# Closing\n\nThe end.\n');
  return dir;
}

describe('chapters kept between reads (watch mode)', () => {
  it('gives the same publication and messages from the cache, and re-reads only an edited chapter', async () => {
    const dir = await book();
    const cache: ChapterCache = new Map();
    const fresh = await readPublication(dir);
    const first = await readPublication(dir, { chapterCache: cache });
    expect(cache.size).toBe(3);
    const kept = new Map(cache);

    const second = await readPublication(dir, { chapterCache: cache });
    expect(withoutPositions(second.publication!.chapters.map((chapter) => chapter.tree))).toBe(withoutPositions(fresh.publication!.chapters.map((chapter) => chapter.tree)));
    expect(second.publication!.chapters.map((chapter) => chapter.tree.children.length)).toEqual(first.publication!.chapters.map((chapter) => chapter.tree.children.length));
    // Heading ids come from one slugger over the book on every read: the second "Opening" stays `opening-1`.
    expect(withoutPositions(second.publication!.outline)).toBe(withoutPositions(fresh.publication!.outline));
    expect(JSON.stringify(second.publication!.outline)).toContain('opening-1');
    expect(second.files[0].messages.map(String)).toEqual(fresh.files[0].messages.map(String));
    expect(second.files[0].messages.some((message) => message.ruleId === 'code-language')).toBe(true);
    expect(second.publication!.meta.title).toBe('Cached');
    // Each read gets its own tree: writers may change theirs.
    expect(second.publication!.chapters[0].tree).not.toBe(first.publication!.chapters[0].tree);

    await appendFile(path.join(dir, '02.md'), '\nAn added sentence.\n');
    const third = await readPublication(dir, { chapterCache: cache });
    const file = (name: string) => path.join(dir, name);
    expect(cache.get(file('01.md'))).toBe(kept.get(file('01.md')));
    expect(cache.get(file('03.md'))).toBe(kept.get(file('03.md')));
    expect(cache.get(file('02.md'))).not.toBe(kept.get(file('02.md')));
    expect(JSON.stringify(third.publication!.chapters[1].tree)).toContain('An added sentence.');
  });
});
