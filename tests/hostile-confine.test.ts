import { randomUUID } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { materialize, type JsonMessage } from './helpers/hostile.ts';
import { expandPdf, pdftotext } from './helpers/validators.ts';

/** A PNG of one pixel carrying `text` in a tEXt chunk: if its bytes reach an artifact, the marker does. */
function pngWith(text: string): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('tEXt', Buffer.from(`Comment\0${text}`)),
    chunk('IDAT', zlib.deflateSync(Buffer.from([0, 255, 0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Item 2 of "hostile input": assets resolve only inside the manuscript and template folders.
 * A secret folder beside the manuscript holds files that carry a unique marker; the manuscript,
 * an SVG in its folder, two symbolic links and the template name them every way. The marker
 * must reach no artifact, and every reference must be reported at its place.
 */
describe('confined to its folders', () => {
  const marker = `OCTAVO-SECRET-${randomUUID()}`;
  let dir: string;
  let secret: string;
  let manuscript: string;
  let out: string;
  let messages: JsonMessage[];
  let code: number | null;

  beforeAll(async () => {
    dir = await materialize('confine', (at) => ({ SECRET: path.join(at, 'secret') }));
    secret = path.join(dir, 'secret');
    await mkdir(secret);
    await writeFile(path.join(secret, 'secret.png'), pngWith(marker));
    await writeFile(path.join(secret, 'secret.svg'), `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text id="shape" x="0" y="20">${marker}</text></svg>`);
    await writeFile(path.join(secret, 'secret.txt'), `${marker}\n`);
    await writeFile(path.join(secret, 'secret.css'), `body::before { content: "${marker}" }`);
    await writeFile(path.join(secret, 'secret.woff2'), marker);
    const ms = path.join(dir, 'manuscript');
    await symlink('../secret/secret.png', path.join(ms, 'inside-link.png'));
    const template = path.join(ms, 'templates/confined');
    await mkdir(template, { recursive: true });
    await cp(path.resolve('templates/handout'), template, { recursive: true });
    await writeFile(path.join(template, 'template.json'), (await readFile(path.join(template, 'template.json'), 'utf8')).replace('"handout"', '"confined"'));
    await writeFile(path.join(template, 'base.css'), (await readFile(path.join(dir, 'template-base-prefix.css'), 'utf8')) + (await readFile(path.join(template, 'base.css'), 'utf8')));
    await symlink('../../../secret/secret.png', path.join(template, 'outside-link.png'));
    manuscript = await readFile(path.join(ms, 'book.md'), 'utf8');
    out = path.join(dir, 'out');
    const result = await octavo(['build', ms, '--out', out, '--json']);
    code = result.code;
    messages = JSON.parse(result.stdout).messages;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('builds all three formats', async () => {
    expect(code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['manuscript.epub', 'manuscript.html', 'manuscript.pdf']);
  });

  it('puts the secret in no EPUB entry', async () => {
    const entries = unzipSync(new Uint8Array(await readFile(path.join(out, 'manuscript.epub'))));
    expect(Object.keys(entries).length).toBeGreaterThan(5);
    const secretPng = await readFile(path.join(secret, 'secret.png'));
    for (const [name, data] of Object.entries(entries)) {
      expect(Buffer.from(data).includes(marker), name).toBe(false);
      expect(Buffer.from(data).includes(secretPng), name).toBe(false);
    }
    // The SVG inside the folder went in, cleaned.
    const svg = Object.entries(entries).find(([name]) => name.endsWith('.svg'));
    expect(svg).toBeDefined();
    const text = new TextDecoder().decode(svg![1]);
    expect(text).not.toMatch(/<script|onload|onclick|foreignObject|DOCTYPE|ENTITY|secret\.(png|svg|txt|css)|file:|javascript:/i);
    expect(text).toContain('href="#box"');
  });

  it('puts the secret in no part of the HTML page, data URLs decoded', async () => {
    const html = await readFile(path.join(out, 'manuscript.html'), 'utf8');
    expect(html).not.toContain(marker);
    expect(html).not.toContain(secret);
    for (const [, type, data] of html.matchAll(/data:([\w/+.-]+);base64,([A-Za-z0-9+/=]+)/g)) {
      expect(Buffer.from(data, 'base64').includes(marker), type).toBe(false);
    }
  });

  it('puts the secret in no part of the PDF: its text, its raw bytes, its uncompressed streams', async () => {
    const pdf = path.join(out, 'manuscript.pdf');
    expect(await pdftotext(pdf)).not.toContain(marker);
    expect((await readFile(pdf)).includes(marker)).toBe(false);
    const expanded = await expandPdf(pdf);
    expect(expanded.length).toBeGreaterThan(1000);
    expect(expanded.includes(marker)).toBe(false);
  });

  it('reports every reference to the secret at its line, with a rule', () => {
    const file = path.relative(process.cwd(), path.join(dir, 'manuscript/book.md'));
    const lines = manuscript.split('\n').flatMap((text, index) => (/secret|inside-link/i.test(text) && !text.startsWith('A secret file') ? [index + 1] : []));
    expect(lines.length).toBe(16);
    for (const line of lines) {
      const found = messages.filter((m) => m.file === file && m.line === line && m.column !== null);
      expect(found.length, `line ${line}: ${manuscript.split('\n')[line - 1]}`).toBeGreaterThan(0);
      expect(found.every((m) => /image-outside|resource-outside|broken-link|link-scheme|html-/.test(m.ruleId ?? '')), `line ${line}: ${found.map((m) => m.ruleId)}`).toBe(true);
    }
    // The inside SVG: each unsafe part and outside reference named at the image's line.
    const svgLine = manuscript.split('\n').findIndex((text) => text.includes('sneaky.svg')) + 1;
    const svg = messages.filter((m) => m.file === file && m.line === svgLine);
    // DOCTYPE, onload, script, foreignObject, javascript:, onclick; @import, two images, a use.
    expect(svg.map((m) => m.ruleId).sort()).toEqual([...Array(4).fill('svg-reference'), ...Array(6).fill('svg-unsafe')]);
    // The template's three, in its stylesheet.
    const css = messages.filter((m) => m.file.endsWith(path.join('templates', 'confined', 'base.css')));
    expect(css.map((m) => [m.line, m.ruleId])).toEqual([[1, 'resource-outside'], [2, 'resource-outside'], [3, 'resource-outside']]);
  });

  it('makes them errors under --strict, and writes nothing', async () => {
    const strictOut = path.join(dir, 'strict');
    const strict = await octavo(['build', path.join(dir, 'manuscript'), '--out', strictOut, '--format', 'html', '--strict']);
    expect(strict.code).toBe(1);
    await expect(readdir(strictOut)).rejects.toThrow();
  });
});
