import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeEpub } from '../../src/writers/epub/index.ts';
import { fixture, load } from '../helpers/publication.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Local file headers in order, read straight from the zip bytes (unzipSync hides order and method). */
function zipEntries(zip: Uint8Array): Array<{ name: string; method: number; extraLength: number }> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const entries = [];
  let offset = 0;
  while (view.getUint32(offset, true) === 0x04034b50) {
    const method = view.getUint16(offset + 8, true);
    const compressed = view.getUint32(offset + 18, true);
    const nameLength = view.getUint16(offset + 26, true);
    const extraLength = view.getUint16(offset + 28, true);
    const name = text(zip.subarray(offset + 30, offset + 30 + nameLength));
    entries.push({ name, method, extraLength });
    offset += 30 + nameLength + extraLength + compressed;
  }
  return entries;
}

describe('EPUB writer, a book of three chapters', () => {
  let epub: Uint8Array;
  let files: Record<string, Uint8Array>;

  beforeAll(async () => {
    const { publication, context, close } = await load(fixture('chapters', 'input'));
    epub = await writeEpub(publication, context);
    await close();
    files = unzipSync(epub);
  });

  it('stores mimetype first, uncompressed and without extra field', () => {
    const [first] = zipEntries(epub);
    expect(first).toEqual({ name: 'mimetype', method: 0, extraLength: 0 });
    expect(text(files.mimetype)).toBe('application/epub+zip');
  });

  it('lists every chapter in the manifest and, after the title page and contents, in the spine', () => {
    const opf = text(files['EPUB/package.opf']);
    const spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => m[1]);
    expect(spine).toEqual(['cover', 'titlepage', 'nav', 'chapter-1', 'chapter-2', 'chapter-3']);
    for (const id of ['chapter-1', 'chapter-2', 'chapter-3']) expect(opf).toContain(`href="text/${id}.xhtml"`);
    expect(opf).toContain('<dc:creator id="creator-1">Ada Example</dc:creator>');
    expect(opf).toContain('<dc:creator id="creator-2">Grace Sample</dc:creator>');
    expect(opf).toContain('<dc:language>en-GB</dc:language>');
    expect(opf).toContain('<meta property="dcterms:modified">2023-11-14T22:13:20Z</meta>');
  });

  it('has a manifest entry for every file in the container and a file for every entry', () => {
    const opf = text(files['EPUB/package.opf']);
    const hrefs = [...opf.matchAll(/<item [^>]*href="([^"]+)"/g)].map((m) => `EPUB/${m[1]}`).sort();
    const stored = Object.keys(files).filter((name) => name.startsWith('EPUB/') && name !== 'EPUB/package.opf').sort();
    expect(hrefs).toEqual(stored);
  });

  it('resolves every nav and NCX link to a file and an id in it', () => {
    const nav = text(files['EPUB/nav.xhtml']);
    const ncx = text(files['EPUB/toc.ncx']);
    const links = [...nav.matchAll(/href="([^"]+)"/g), ...ncx.matchAll(/src="([^"]+)"/g)].map((m) => m[1]).filter((href) => !href.endsWith('.css'));
    expect(links.length).toBeGreaterThanOrEqual(5);
    for (const link of links) {
      const [file, id] = link.split('#');
      const target = files[`EPUB/${file}`];
      expect(target, link).toBeDefined();
      if (id) expect(text(target), link).toContain(`id="${id}"`);
    }
    expect(nav).toContain('epub:type="toc"');
    expect(nav).toContain('epub:type="landmarks"');
    expect(nav).toMatch(/<a epub:type="bodymatter" href="text\/chapter-1.xhtml">/);
    // The cover page is named by the EPUB 2 guide, where Calibre looks (it then takes the page out: a cover landmark would dangle).
    expect(nav).not.toContain('epub:type="cover"');
    expect(text(files['EPUB/package.opf'])).toContain('<guide><reference type="cover" title="Cover" href="text/cover.xhtml" /></guide>');
  });

  it('asks Apple Books to use the embedded fonts, in the package document and in Apple’s display options', () => {
    const opf = text(files['EPUB/package.opf']);
    expect(opf).toContain('prefix="ibooks: http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/"');
    expect(opf).toContain('<meta property="ibooks:specified-fonts">true</meta>');
    expect(text(files['META-INF/com.apple.ibooks.display-options.xml'])).toContain('<option name="specified-fonts">true</option>');
  });

  it('opens with a generated 1600 × 2560 cover, marked cover-image and described', () => {
    const opf = text(files['EPUB/package.opf']);
    expect(opf).toContain('<item id="cover-image" href="images/cover.jpg" media-type="image/jpeg" properties="cover-image" />');
    expect(opf).toContain('<meta name="cover" content="cover-image" />');
    const jpeg = files['EPUB/images/cover.jpg'];
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    // The frame size sits in the SOF0 segment: height then width, big-endian.
    const sof = jpeg.findIndex((byte, i) => byte === 0xff && jpeg[i + 1] === 0xc0);
    expect([(jpeg[sof + 7] << 8) | jpeg[sof + 8], (jpeg[sof + 5] << 8) | jpeg[sof + 6]]).toEqual([1600, 2560]);
    const page = text(files['EPUB/text/cover.xhtml']);
    expect(page).toContain('<img src="../images/cover.jpg" alt="Cover: A Book in Three Chapters by Ada Example and Grace Sample" role="doc-cover" />');
  });

  it('sends links between chapters to the file that holds their target, and every chapter link resolves', () => {
    const middle = text(files['EPUB/text/chapter-2.xhtml']);
    expect(middle).toContain('<a href="chapter-1.xhtml">the opening</a>');
    expect(middle).toContain('<a href="chapter-3.xhtml#end">the end</a>');
    expect(middle).toContain('<a href="chapter-1.xhtml#a-section">the first section</a>');
    expect(middle).toContain('<a href="#a-section-1">this chapter');
    expect(middle).toContain('a missing place,');
    expect(middle).not.toContain('javascript:');
    for (const name of Object.keys(files).filter((file) => file.startsWith('EPUB/text/'))) {
      for (const [, href] of text(files[name]).matchAll(/<a [^>]*href="([^"]+)"/g)) {
        if (/^https?:/.test(href)) continue;
        const [file, id] = href.split('#');
        const target = file ? files[`EPUB/text/${file}`] : files[name];
        expect(target, `${name} → ${href}`).toBeDefined();
        if (id) expect(text(target), `${name} → ${href}`).toContain(`id="${id}"`);
      }
    }
  });

  it('embeds the template fonts as TrueType, referenced from the stylesheet', () => {
    const css = text(files['EPUB/styles/book.css']);
    const fonts = Object.keys(files).filter((name) => name.startsWith('EPUB/fonts/'));
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(css).toContain(`url("../${font.slice('EPUB/'.length)}")`);
  });
});

describe('EPUB writer, reproducibility and identity', () => {
  it('writes the same bytes twice for the same input and date', async () => {
    const first = await load(fixture('gfm'));
    const second = await load(fixture('gfm'));
    const [a, b] = [await writeEpub(first.publication, first.context), await writeEpub(second.publication, second.context)];
    expect(Buffer.compare(a, b)).toBe(0);
  });

  it('derives a stable UUID from the metadata when no identifier is given, and uses one that is', async () => {
    const { publication, context } = await load(fixture('minimal'));
    const opf = text(unzipSync(await writeEpub(publication, context))['EPUB/package.opf']);
    expect(opf).toMatch(/<dc:identifier id="pub-id">urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}<\/dc:identifier>/);
    const other = { ...publication, meta: { ...publication.meta, title: 'Another title' } };
    const otherOpf = text(unzipSync(await writeEpub(other, context))['EPUB/package.opf']);
    expect(otherOpf.match(/urn:uuid:[^<]+/)![0]).not.toBe(opf.match(/urn:uuid:[^<]+/)![0]);
    const isbn = { ...publication, meta: { ...publication.meta, identifier: '978-3-16-148410-0' } };
    expect(text(unzipSync(await writeEpub(isbn, context))['EPUB/package.opf'])).toContain('>urn:isbn:9783161484100</dc:identifier>');
  });

  it('turns GFM footnotes into EPUB 3 pop-up notes with back links', async () => {
    const { publication, context } = await load(fixture('gfm'));
    const chapter = text(unzipSync(await writeEpub(publication, context))['EPUB/text/chapter-1.xhtml']);
    expect(chapter).toMatch(/<a href="#user-content-fn-1" id="user-content-fnref-1"[^>]* epub:type="noteref" role="doc-noteref">1<\/a>/);
    expect(chapter).toContain('<aside epub:type="footnote" role="doc-footnote" id="user-content-fn-1">');
    expect(chapter).toMatch(/<a href="#user-content-fnref-1"[^>]*role="doc-backlink">/);
    expect(chapter).not.toContain('aria-describedby="footnote-label"');
    expect(publication.outline[0].children.map((entry) => entry.title)).toEqual(['A table', 'Lists and more', 'Code and typography']);
  });

  it('puts GFM tables and task lists into XHTML (EPUBCheck judges it in tests/fixtures-epub.test.ts)', async () => {
    const { publication, context } = await load(fixture('gfm'));
    const chapter = text(unzipSync(await writeEpub(publication, context))['EPUB/text/chapter-1.xhtml']);
    // The e-book has the alignment as a class (Kobo advises against inline styles); the page keeps the style.
    expect(chapter).toContain('<th class="align-right">Year</th>');
    expect(chapter).toMatch(/<label><input type="checkbox" checked="" disabled="" \/> done<\/label>/);
  });
});

describe('EPUB writer, images', () => {
  it('stores each local image once, links it from the chapter and declares visual content', async () => {
    const { publication, context } = await load(fixture('images', 'input'));
    const epub = await writeEpub(publication, context);
    const files = unzipSync(epub);
    const images = Object.keys(files).filter((name) => name.startsWith('EPUB/images/') && !name.includes('/cover.'));
    // stage.png, mark.svg, and leaf.webp drawn as a PNG in its place (Kindle shows no WebP).
    expect(images).toHaveLength(3);
    expect(images.some((name) => /stage-[0-9a-f]{8}\.png$/.test(name))).toBe(true);
    expect(images.some((name) => name.endsWith('.svg'))).toBe(true);
    expect(images.some((name) => /leaf-[0-9a-f]{8}\.png$/.test(name))).toBe(true);
    expect(images.some((name) => name.endsWith('.webp'))).toBe(false);
    const chapter = text(files['EPUB/text/chapter-1.xhtml']);
    expect(chapter).toMatch(/<img src="\.\.\/images\/stage-[0-9a-f]{8}\.png" alt="A dark blue stage" \/>/);
    expect(chapter).toContain('<a href="https://example.com/poster.jpg">A poster</a>');
    expect(chapter).not.toMatch(/passwd|hostname|example\.com\/poster\.jpg"\s*alt/);
    const opf = text(files['EPUB/package.opf']);
    expect(opf).toContain('<meta property="schema:accessMode">visual</meta>');
    // One image has no alt text, so text alone is not sufficient and alternativeText is not claimed.
    expect(opf).toContain('<meta property="schema:accessModeSufficient">textual,visual</meta>');
    expect(opf).not.toContain('alternativeText');
  });
});

describe('EPUB writer, a cover named in the front matter', () => {
  it('uses that image as the cover instead of generating one', async () => {
    const { publication, context } = await load(fixture('cover', 'input'));
    const files = unzipSync(await writeEpub(publication, context));
    expect(text(files['EPUB/package.opf'])).toContain('<item id="cover-image" href="images/cover.png" media-type="image/png" properties="cover-image" />');
    expect(Buffer.compare(Buffer.from(files['EPUB/images/cover.png']), await readFile(fixture('cover', 'input/art.png')))).toBe(0);
  });
});
