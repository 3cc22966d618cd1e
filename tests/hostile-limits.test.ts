import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { toString } from 'hast-util-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPublication } from '../src/document/read.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-limits-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `unit` repeated to `size` characters, after front matter, as a chapter file. */
async function chapter(name: string, body: string): Promise<string> {
  const file = path.join(dir, `${name}.md`);
  await writeFile(file, `---\ntitle: Limits\nlang: en\n---\n\n${body}\n`);
  return file;
}
const repeat = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

describe('inline parsing stays linear (case 6)', () => {
  // The same size of prose, read first (which also loads every plugin): the measure on this machine, however loaded.
  let prose: number;
  beforeAll(async () => {
    await readPublication(await chapter('warm', repeat('The quick brown fox. ', 80_000)));
    const started = performance.now();
    await readPublication(await chapter('prose', repeat('The quick brown fox. ', 80_000)));
    prose = performance.now() - started;
  }, 60_000);
  // micromark resolves emphasis, strikethrough and labels in quadratic time: 80 KB of `*a**` took 14 s on an idle machine.
  for (const [name, unit] of [['emphasis', '*a**'], ['links', '[a]('], ['strikethrough', '~~a']] as const) {
    it(`reads 80 KB of \`${unit}\` in a few seconds, keeps every character and says where`, async () => {
      const started = performance.now();
      const { publication, files } = await readPublication(await chapter(name, repeat(unit, 80_000)));
      const elapsed = performance.now() - started;
      // Linear: a small multiple of prose (it was 56 times, and grows with the square of the size).
      expect(elapsed).toBeLessThan(Math.max(5_000, 8 * prose));
      const text = toString(publication!.chapters[0].tree);
      expect(text.replace(/\s/g, '')).toBe(repeat(unit, 80_000));
      const [message] = files[0].messages.filter((m) => m.ruleId === 'inline-markup-limit');
      expect(message).toMatchObject({ line: 6, column: 1, fatal: false, source: 'octavo' });
    }, 60_000);
  }

  it('leaves an ordinary paragraph with emphasis, and fenced code full of markers, as they are', async () => {
    const code = `\`\`\`\n${repeat('*a**', 40_000)}\n\`\`\``;
    const { publication, files } = await readPublication(await chapter('ordinary', `Some *emphasis*, ~~struck~~ and a [link](#x).\n\n${code}\n`));
    expect(files[0].messages.filter((m) => m.ruleId === 'inline-markup-limit')).toEqual([]);
    const tree = publication!.chapters[0].tree;
    expect(JSON.stringify(tree)).toContain('"tagName":"em"');
    expect(JSON.stringify(tree)).toContain('"tagName":"del"');
    expect(toString(tree)).toContain(repeat('*a**', 40_000));
  }, 60_000);
});
