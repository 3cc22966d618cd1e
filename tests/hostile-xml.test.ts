import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import type { JsonMessage } from './helpers/hostile.ts';
import { epubcheck, expandPdf } from './helpers/validators.ts';

/** Each file through a strict XML 1.0 parser (Java's SAX): `OK file` or `ERROR file: reason` a line. */
function wellFormed(files: string[]): string[] {
  return execFileSync('java', [path.resolve('tests/helpers/java/WellFormed.java'), ...files], { encoding: 'utf8' }).trim().split('\n');
}

/**
 * Case 7 of issue 13: `]]>` in a title and headings, and characters XML cannot hold written as
 * YAML escapes in the front matter and the config (U+0007, U+FFFE, U+FFFF). Every XML file of
 * the EPUB and the PDF's XMP packet must parse; EPUBCheck must find nothing; each removed
 * character is a warning at the value that held it.
 */
describe('7: well-formed XML whatever the characters', () => {
  let dir: string;
  let messages: JsonMessage[];
  let code: number | null;
  const manuscript = [
    '---',
    'title: "Title ]]> with <b> & \\a bell"',
    'subtitle: "Non\\uFFFEcharacter"',
    'author: "Ada ]]> Lovelace\\a"',
    'description: "A description ]]> \\uFFFF"',
    'subjects: ["subject ]]> \\a"]',
    '---',
    '',
    '# Heading ]]> here',
    '',
    'Text ]]> more, and <![CDATA[ raw ]]> in prose.',
    '',
    '## Second ]]> heading',
    '',
    'Body.',
    '',
  ].join('\n');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-xml-'));
    await mkdir(path.join(dir, 'book'));
    await writeFile(path.join(dir, 'book/book.md'), manuscript);
    await writeFile(path.join(dir, 'book/octavo.config.yaml'), 'publisher: "Press\\u0007 ]]> House"\n');
    const result = await octavo(['build', path.join(dir, 'book'), '--out', path.join(dir, 'out'), '--json']);
    code = result.code;
    messages = JSON.parse(result.stdout).messages;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('builds, with each removed character a warning at its value', () => {
    expect(code).toBe(0);
    const found = messages.filter((message) => message.ruleId === 'forbidden-character').map((message) => [path.basename(message.file), message.line, message.column, message.severity]);
    expect(found).toEqual([
      ['octavo.config.yaml', 1, 12, 'warning'],
      ['book.md', 2, 8, 'warning'],
      ['book.md', 3, 11, 'warning'],
      ['book.md', 4, 9, 'warning'],
      ['book.md', 5, 14, 'warning'],
      ['book.md', 6, 12, 'warning'],
    ]);
  });

  it('gives an EPUB whose every XML file parses, and that EPUBCheck passes', async () => {
    const epub = path.join(dir, 'out/book.epub');
    expect((await epubcheck(epub)).filter((finding) => finding.severity === 'ERROR' || finding.severity === 'FATAL')).toEqual([]);
    const entries = unzipSync(new Uint8Array(await readFile(epub)));
    const unpacked = path.join(dir, 'unpacked');
    const xml: string[] = [];
    for (const [name, data] of Object.entries(entries)) {
      if (!/\.(opf|ncx|xhtml|xml)$/.test(name)) continue;
      await mkdir(path.dirname(path.join(unpacked, name)), { recursive: true });
      await writeFile(path.join(unpacked, name), data);
      xml.push(path.join(unpacked, name));
    }
    expect(xml.length).toBeGreaterThan(5);
    expect(wellFormed(xml)).toEqual(xml.map((file) => `OK ${file}`));
    // The text is all there: `]]>` written as `]]&gt;`, the rest escaped as usual.
    const opf = new TextDecoder().decode(entries['EPUB/package.opf']);
    expect(opf).toContain('<dc:title id="title">Title ]]&gt; with &#x3C;b> &#x26;  bell</dc:title>');
    expect(opf).toContain('<dc:publisher>Press ]]&gt; House</dc:publisher>');
    expect(new TextDecoder().decode(entries['EPUB/toc.ncx'])).toContain('Second ]]&gt; heading');
  });

  it('gives a PDF whose XMP packet parses', async () => {
    const expanded = (await expandPdf(path.join(dir, 'out/book.pdf'))).toString('utf8');
    const start = expanded.indexOf('<x:xmpmeta');
    const end = expanded.indexOf('</x:xmpmeta>');
    expect(start).toBeGreaterThan(0);
    const packet = path.join(dir, 'xmp.xml');
    await writeFile(packet, expanded.slice(start, end + '</x:xmpmeta>'.length));
    expect(wellFormed([packet])).toEqual([`OK ${packet}`]);
    expect(await readFile(packet, 'utf8')).toContain('Title ]]&gt; with &lt;b&gt; &amp;  bell');
  });
});
