import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cssReferences } from '../src/css/references.ts';
import { loadHtmlParser } from '../src/document/html-parser.ts';
import { sanitizeSvg } from '../src/document/svg.ts';
import { confineCss } from '../src/templates/confine-css.ts';
import { octavo } from './helpers/cli.ts';
import { listen, type JsonMessage, type Listener } from './helpers/hostile.ts';
import { epubcheck } from './helpers/validators.ts';

/**
 * Case 9 of the hostile review: CSS that names a remote URL in a way a regex misses, yet a
 * browser fetches. Each line of `bypasses` is one way; the origin is a real listener.
 */
const bypasses = (origin: string) => [
  `@import"${origin}/import-no-space.css";`,
  `@\\69mport url(${origin}/import-escaped.css);`,
  `.a { background: \\75 rl(${origin}/escaped-url.png) }`,
  `.b { background: image-set("${origin}/image-set.png" 1x) }`,
  `.c { background: -webkit-image-set("${origin}/webkit-image-set.png" 1x) }`,
  `@font-face { font-family: Sneaky; src: \\75\\72\\6c(${origin}/escaped-font.woff2) format("woff2") }`,
  `.d { background: URL(${origin}/upper-case.png) }`,
  `.e { background: u\\rl("${origin}/escaped-function.png") }`,
  `.f { --remote: url(${origin}/custom-property.png); background: var(--remote) }`,
  `.g { background: image-set(url("${origin}/image-set-url.png") 1x, "${origin}/image-set-2x.png" 2x) }`,
  `.h { background: url(${origin.replace('http', 'h\\74tp')}/escaped-scheme.png) }`,
];

describe('CSS references are found as a browser reads them', () => {
  const origin = 'http://127.0.0.1:9';
  it('finds every bypass, one reference a line, with its URL decoded', () => {
    for (const line of bypasses(origin)) {
      const urls = cssReferences(line).map((reference) => reference.url);
      expect(urls.length, line).toBeGreaterThan(0);
      for (const url of urls) expect(url, line).toMatch(/^http:\/\/127\.0\.0\.1:9\//);
    }
  });

  it('leaves comments and ordinary strings alone', () => {
    expect(cssReferences(`/* url(${origin}/x) */ p::before { content: "url(${origin}/y)" } q { font-family: "image-set" }`)).toEqual([]);
  });

  it('keeps its bearings in broken CSS: a stray bracket does not hide the URL after it', () => {
    expect(cssReferences(`.x { background: image-set(} "${origin}/after-brace.png" 1x) } }}} .y{ background: url(${origin}/later.png)`).map((r) => r.url)).toEqual([
      `${origin}/after-brace.png`,
      `${origin}/later.png`,
    ]);
  });

  it('finds every reference in deeply nested and long input', () => {
    const references = cssReferences(`${'image-set('.repeat(50_000)}"x"${')'.repeat(50_000)} ${'.p{background:url(a.png)}'.repeat(20_000)}`);
    expect(references.filter((reference) => reference.url === 'a.png')).toHaveLength(20_000);
  });

  it('confineCss removes every one and places each at its line', () => {
    const css = bypasses(origin).join('\n');
    const { css: out, problems } = confineCss(css, { file: '/t/base.css', dir: '/t' });
    expect(out).not.toContain('127.0.0.1');
    expect(problems.map((problem) => problem.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 11]);
    expect(new Set(problems.map((problem) => problem.ruleId))).toEqual(new Set(['remote-resource']));
    expect(cssReferences(out).every((reference) => reference.url === '' || reference.url.startsWith('data:'))).toBe(true);
  });

  it('the SVG filter removes them from a <style>, a style attribute and a presentation attribute', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">
  <style>@import"${origin}/svg-import.css"; rect { fill: \\75 rl(${origin}/svg-fill.svg#p) }</style>
  <rect width="10" height="10" style="background: image-set('${origin}/svg-style-attr.png' 1x)"/>
  <circle r="2" fill="u\\rl(${origin}/svg-presentation.svg#p)"/>
  <use XLINK:HREF="${origin}/svg-use.svg#x"/>
  <image href=" ${origin}/svg-image.png" width="1" height="1"/>
  <feImage xlink:href="${origin}/svg-feimage.png"/>
  <rect width="1" height="1" fill="url(#local)"/>
</svg>`;
    const { data, problems } = sanitizeSvg(new TextEncoder().encode(svg), await loadHtmlParser());
    const text = new TextDecoder().decode(data);
    expect(text).not.toContain('127.0.0.1');
    expect(text).toContain('url(#local)');
    expect(problems.filter((problem) => problem.ruleId === 'svg-remote').length).toBeGreaterThanOrEqual(6);
  });
});

describe('a template with every bypass, built', () => {
  let listener: Listener;
  let dir: string;
  let out: string;
  let code: number | null;
  let messages: JsonMessage[];
  beforeAll(async () => {
    listener = await listen();
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-css-bypass-'));
    const template = path.join(dir, 'templates/bypass');
    await mkdir(template, { recursive: true });
    await cp(path.resolve('templates/handout'), template, { recursive: true });
    await writeFile(path.join(template, 'template.json'), (await readFile(path.join(template, 'template.json'), 'utf8')).replace('"handout"', '"bypass"'));
    await writeFile(path.join(template, 'base.css'), `${bypasses(listener.origin).join('\n')}\n${await readFile(path.join(template, 'base.css'), 'utf8')}`);
    await writeFile(path.join(dir, 'book.md'), '---\ntitle: Bypasses\nlang: en\ntemplate: bypass\n---\n\n# Bypasses\n\nEvery way a stylesheet can name a remote file.\n');
    out = path.join(dir, 'out');
    const result = await octavo(['build', path.join(dir, 'book.md'), '--out', out, '--format', 'html,epub', '--json']);
    code = result.code;
    messages = JSON.parse(result.stdout).messages;
  }, 120_000);
  afterAll(async () => {
    await listener.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves no remote URL in the HTML or the EPUB, says each at its line, and fetches nothing', async () => {
    expect(code).toBe(0);
    expect(await readFile(path.join(out, 'book.html'), 'utf8')).not.toContain(listener.origin.slice('http://'.length));
    for (const [name, bytes] of Object.entries(unzipSync(await readFile(path.join(out, 'book.epub'))))) {
      expect(new TextDecoder().decode(bytes), name).not.toContain(listener.origin.slice('http://'.length));
    }
    const css = messages.filter((message) => message.file.endsWith(path.join('bypass', 'base.css')));
    expect(css.map((message) => message.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 11]);
    expect(listener.requests).toEqual([]);
  });

  it('passes EPUBCheck with no error', async () => {
    const findings = await epubcheck(path.join(out, 'book.epub'));
    expect(findings.filter((finding) => finding.severity === 'ERROR' || finding.severity === 'FATAL')).toEqual([]);
  }, 120_000);
});
