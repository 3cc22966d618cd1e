import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { toString } from 'hast-util-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visit } from 'unist-util-visit';
import { paragraphLimit } from '../src/document/limits.ts';
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
  // micromark resolves emphasis, strikethrough and labels in quadratic time: 80 KB of `*a**` took 14 s on an idle machine.
  // The work that was quadratic is the resolution of the markers into elements: none may be
  // resolved (no element at all), and every marker is kept as text. How long it takes is `npm run bench`'s.
  for (const [name, unit] of [['emphasis', '*a**'], ['links', '[a]('], ['strikethrough', '~~a']] as const) {
    it(`reads 80 KB of \`${unit}\` with no marker resolved, keeps every character and says where`, async () => {
      const { publication, files } = await readPublication(await chapter(name, repeat(unit, 80_000)));
      const tree = publication!.chapters[0].tree;
      const elements = new Set<string>();
      visit(tree, 'element', (node) => void elements.add(node.tagName));
      expect([...elements].filter((tag) => ['em', 'strong', 'del', 'a'].includes(tag))).toEqual([]);
      const text = toString(tree);
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

describe('deep nesting ends in a placed error (case 5)', () => {
  const deep: Array<[string, string, number, number]> = [
    // name, body, line and column where the limit is crossed: 100 block quotes and list items, 400 levels of elements, 100 braces
    ['block quotes', `${'>'.repeat(50_000)} deep`, 6, 101],
    ['a list 1,000 deep', Array.from({ length: 1_000 }, (_, depth) => `${'  '.repeat(depth)}- item`).join('\n'), 106, 201],
    ['a list 50,000 deep on one line', `${'- '.repeat(50_000)}item`, 6, 201],
    // One a line (a line of 20,000 `<div>` is a 100 KB paragraph to the length check): parse5 would nest them 20,000 deep.
    ['HTML elements 20,000 deep', `${'<div>\n'.repeat(20_000)}x\n${'</div>\n'.repeat(20_000)}`, 406, 1],
    ['HTML elements 1,000 deep', `${'<div>'.repeat(1_000)}x${'</div>'.repeat(1_000)}`, 6, 2001],
    ['emphasis 600 deep', `${'*a _'.repeat(600)}x${'_ a*'.repeat(600)}`, 6, 798],
    ['braces in math', `$$\n${'{'.repeat(5_000)}x${'}'.repeat(5_000)}\n$$`, 7, 101],
  ];
  for (const [name, body, line, column] of deep) {
    it(`${name}: refused at the place the limit is crossed, at once`, async () => {
      const { publication, files } = await readPublication(await chapter(name.replace(/\W+/g, '-'), body));
      expect(publication).toBeUndefined();
      const errors = files[0].messages.filter((m) => m.fatal);
      expect(errors.map((m) => [m.ruleId, m.line, m.column, m.source])).toEqual([['nesting-too-deep', line, column, 'octavo']]);
      expect(errors[0].note).toBeTruthy();
    }, 30_000);
  }

  it('reads each kind up to its limit (99 containers and braces, 400 elements)', async () => {
    for (const body of [`${'>'.repeat(99)} deep`, Array.from({ length: 99 }, (_, depth) => `${'  '.repeat(depth)}- item`).join('\n'), `${'<div>'.repeat(99)}x${'</div>'.repeat(99)}`, `${'<div>'.repeat(400)}x${'</div>'.repeat(400)}`, `$$\n${'{'.repeat(99)}x${'}'.repeat(99)}\n$$`]) {
      const { publication, files } = await readPublication(await chapter('deep-99', body));
      expect(files[0].messages.filter((m) => m.fatal)).toEqual([]);
      expect(publication).toBeDefined();
    }
  }, 60_000);

  it('a YAML alias bomb in front matter is an error at its first alias', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefg'.split('').map((name, index) => `${name}: &${name} [${Array(9).fill(`*${'abcdefg'[index]}`).join(',')}]`), `h: [${Array(9).fill('*g').join(',')}]`];
    const file = path.join(dir, 'bomb.md');
    await writeFile(file, `---\ntitle: Bomb\nlang: en\n${levels.join('\n')}\n---\n\nText.\n`);
    const { publication, files } = await readPublication(file);
    expect(publication).toBeUndefined();
    expect(files[0].messages.filter((m) => m.fatal).map((m) => [m.ruleId, m.line, m.column])).toEqual([['yaml-alias', 5, 8]]);
  });
});

describe('a paragraph too long to lay out ends in a placed error (issue 12, any size)', () => {
  it('a 20 MB paragraph is refused at its first line before its inline text is parsed or anything printed: rule, hint, exit 1, no stack trace, nothing written', async () => {
    const { octavo } = await import('./helpers/cli.ts');
    // Lines of prose with no blank line between them: one paragraph (the parse alone took 315 s on a loaded machine, and the print came out cut short).
    const line = 'The quick brown fox jumps over the lazy dog, and the dog sleeps on. ';
    const file = await chapter('huge-paragraph', `# Huge\n\nA short paragraph first.\n\n${Array.from({ length: Math.ceil(20e6 / line.length) }, () => line).join('\n')}`);
    const out = path.join(dir, 'huge-out');
    const result = await octavo(['build', file, '--out', out, '--format', 'pdf,html', '--timings']);
    expect(result.code).toBe(1);
    // Front matter (4 lines), a blank, the heading, a blank, the short paragraph, a blank: the long one starts at line 10.
    expect(result.stderr).toMatch(/\n10:1 +error +This paragraph is longer than 500,000 characters \(lines 10 to \d+\), the most Octavo lays out as one paragraph +paragraph-too-long +octavo\n/);
    expect(result.stderr).toContain('Split it with blank lines');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toContain('octavo: pdf:');
    expect(existsSync(out)).toBe(false);
    // Refused by micromark as it hands the paragraph to its inline tokenizer (whose parse of it took minutes; that it never
    // reads it is tests/unit/inline-limits.test.ts's), and before any writer: no such stage ran.
    expect(result.stdout).toMatch(/^ {2}read: parse and transform \(unified\) /m);
    expect(result.stdout).not.toMatch(/writer|layout and print/);
  }, 120_000);

  it('the limit is 500,000 characters', () => {
    // How a paragraph is counted, one character past the limit: tests/unit/inline-limits.test.ts.
    expect(paragraphLimit).toBe(500_000);
  });
});

describe('--json prints JSON whatever happens', () => {
  it('on a setup failure (an unknown template) and on a manuscript error', async () => {
    const { octavo } = await import('./helpers/cli.ts');
    const file = await chapter('json', `${'>'.repeat(50_000)} deep`);
    const refused = await octavo(['build', file, '--out', path.join(dir, 'out'), '--format', 'html', '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).messages.map((m: { ruleId: string }) => m.ruleId)).toEqual(['nesting-too-deep']);
    const plain = await chapter('plain', 'Text.');
    const setup = await octavo(['build', plain, '--out', path.join(dir, 'out'), '--format', 'html', '--template', 'no-such-template', '--json']);
    expect(setup.code).toBe(1);
    expect(JSON.parse(setup.stdout)).toMatchObject({ ok: false, error: expect.stringContaining('no-such-template') });
    expect(setup.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe('signals while chapters are parsed (case 5)', () => {
  it('SIGINT during the read of a long book stops it between chapters, with 130', async () => {
    const { spawn } = await import('node:child_process');
    const { mkdir } = await import('node:fs/promises');
    const book = path.join(dir, 'long-book');
    await mkdir(book);
    const prose = repeat('The quick brown fox jumps over the lazy dog. ', 150_000);
    for (let index = 1; index <= 40; index++) await writeFile(path.join(book, `${String(index).padStart(2, '0')}.md`), `${index === 1 ? '---\ntitle: Long\nlang: en\n---\n\n' : ''}# Chapter ${index}\n\n${prose}\n`);
    const child = spawn(process.execPath, [path.resolve('bin/octavo.js'), 'build', book, '--out', path.join(dir, 'long-out'), '--format', 'html'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Well into the read: 40 chapters of 150 KB take far longer than this.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    child.kill('SIGINT');
    const code = await exited;
    expect(code).toBe(130);
    expect(stderr).toContain('Interrupted');
  }, 120_000);

  it('an abort during the read stops it at the next chapter: no chapter is begun after it', async () => {
    const { mkdir } = await import('node:fs/promises');
    const book = path.join(dir, 'aborted-book');
    await mkdir(book);
    for (let index = 1; index <= 10; index++) await writeFile(path.join(book, `${String(index).padStart(2, '0')}.md`), `${index === 1 ? '---\ntitle: Long\nlang: en\n---\n\n' : ''}# Chapter ${index}\n\nText.\n`);
    const controller = new AbortController();
    const begun: number[] = [];
    const reading = readPublication(book, { signal: controller.signal, onChapter: (done) => (begun.push(done), done === 3 && controller.abort()) });
    await expect(reading).rejects.toThrow();
    expect(begun).toEqual([1, 2, 3]);
  });
});
