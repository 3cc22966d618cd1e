import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPublication } from '../src/document/read.ts';
import { octavo } from './helpers/cli.ts';


async function manuscript(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'octavo-highlight-'));
  // A marker unique to this run, so the cache cannot already hold these blocks.
  const marker = `run${process.pid}x${Date.now()}`;
  const file = path.join(dir, 'code.md');
  await writeFile(
    file,
    `---\ntitle: Code\nlang: en\n---\n\n# Code\n\n\`\`\`js\nexport const ${marker} = 1;\n\`\`\`\n\n\`\`\`klingon\nQapla' ${marker}\n\`\`\`\n\n\`\`\`text\nplain ${marker}\n\`\`\`\n`,
  );
  return file;
}

describe('build-time highlighting, kept between builds', () => {
  it('gives the same tree from the grammars, from memory and from the disk cache, with the same warnings', async () => {
    const file = await manuscript();
    // A cache of this test's own, so that builds of other tests running beside it add nothing to it.
    const env = { OCTAVO_CACHE_DIR: path.join(path.dirname(file), 'cache') };
    const cacheFolder = path.join(env.OCTAVO_CACHE_DIR, 'highlight');

    const first = await octavo(['build', file, '--format', 'html', '--out', path.join(path.dirname(file), 'first')], { env });
    expect(first.code).toBe(0);
    const added = await readdir(cacheFolder);
    expect(added).toHaveLength(1);
    expect((await stat(path.join(cacheFolder, added[0]))).size).toBeGreaterThan(0);

    // A new process finds the colours on disk: same page, same warning at the same place, no new entry.
    const second = await octavo(['build', file, '--format', 'html', '--out', path.join(path.dirname(file), 'second')], { env });
    expect(second.code).toBe(0);
    expect(await readdir(cacheFolder)).toEqual(added);
    const [html1, html2] = await Promise.all(['first', 'second'].map((out) => readFile(path.join(path.dirname(file), out, 'code.html'), 'utf8')));
    expect(html2).toBe(html1);
    expect(html1).toMatch(/<code class="language-js"><span class="pl-k">export<\/span>/);
    expect(html1).not.toMatch(/language-text">[^<]*<span/);
    for (const result of [first, second]) expect(result.stderr).toMatch(/code\.md\n12:1-14:4 warning Code language `klingon` is not known/);

    // And it is the disk that answered: an entry changed by hand shows in the next build.
    const entry = path.join(cacheFolder, added[0]);
    await writeFile(entry, (await readFile(entry, 'utf8')).replaceAll('pl-k', 'pl-from-disk'));
    const third = await octavo(['build', file, '--format', 'html', '--out', path.join(path.dirname(file), 'third')], { env });
    expect(third.code).toBe(0);
    expect(await readFile(path.join(path.dirname(file), 'third', 'code.html'), 'utf8')).toContain('<span class="pl-from-disk">export</span>');

    // The same process reading again (watch mode) gets its own copy from memory.
    const [a, b] = await Promise.all([readPublication(file), readPublication(file)]);
    const codeOf = (result: typeof a) => JSON.stringify(result.publication!.chapters[0].tree, (key, value) => (key === 'position' ? undefined : value));
    expect(codeOf(a)).toBe(codeOf(b));
    expect(a.publication!.chapters[0].tree).not.toBe(b.publication!.chapters[0].tree);
  }, 120_000);
});
