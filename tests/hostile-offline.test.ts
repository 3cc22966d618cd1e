import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import { lineOf, listen, materialize, type JsonMessage, type Listener } from './helpers/hostile.ts';

/**
 * Item 1 of "hostile input": no build makes a network request. A real listener on 127.0.0.1
 * is named every way a manuscript, an SVG file in its folder and its template can name a URL;
 * all three formats are built (the PDF printed by Chromium), and the listener must see nothing.
 */
describe('offline, always', () => {
  let listener: Listener;
  let dir: string;
  let manuscript: string;
  let out: string;
  let messages: JsonMessage[];
  let code: number | null;

  beforeAll(async () => {
    listener = await listen();
    dir = await materialize('offline', { ORIGIN: listener.origin });
    // The template: Octavo's handout with a remote @import and a remote font face on top.
    const template = path.join(dir, 'templates/hostile');
    await mkdir(template, { recursive: true });
    await cp(path.resolve('templates/handout'), template, { recursive: true });
    await writeFile(path.join(template, 'template.json'), (await readFile(path.join(template, 'template.json'), 'utf8')).replace('"handout"', '"hostile"'));
    await writeFile(path.join(template, 'base.css'), (await readFile(path.join(dir, 'template-base-prefix.css'), 'utf8')) + (await readFile(path.join(template, 'base.css'), 'utf8')));
    await rm(path.join(dir, 'template-base-prefix.css'));
    manuscript = await readFile(path.join(dir, 'offline.md'), 'utf8');
    out = path.join(dir, 'out');
    const result = await octavo(['build', path.join(dir, 'offline.md'), '--out', out, '--json']);
    code = result.code;
    messages = JSON.parse(result.stdout).messages;
  });
  afterAll(async () => {
    await listener.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('builds all three formats and the listener receives zero requests', async () => {
    expect(code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['offline.epub', 'offline.html', 'offline.pdf']);
    expect(listener.requests).toEqual([]);
  });

  it('says where each reference stands, with its rule', () => {
    const file = path.relative(process.cwd(), path.join(dir, 'offline.md'));
    const expected: Array<[string, string]> = [
      ['/cover.jpg', 'remote-image'],
      ['/markdown.png', 'remote-image'],
      ['/raw-img.png', 'remote-image'],
      ['/srcset-1x.png', 'remote-resource'],
      ['/srcset-2x.png', 'remote-resource'],
      ['/picture-source.webp', 'remote-resource'],
      ['/link.css', 'remote-resource'],
      ['/iframe.html', 'remote-resource'],
      ['/object.swf', 'remote-resource'],
      ['/embed.swf', 'remote-resource'],
      ['/video-poster.jpg', 'remote-resource'],
      ['/video.mp4', 'remote-resource'],
      ['/audio.mp3', 'remote-resource'],
      ['/inline-svg-image.png', 'remote-resource'],
      ['/style-attribute.png', 'remote-resource'],
      ['/style-import.css', 'remote-resource'],
      ['/style-element.png', 'remote-resource'],
      ['/manuscript-font.woff2', 'remote-resource'],
      ['/meta-refresh', 'remote-resource'],
      ['/base/', 'remote-resource'],
    ];
    for (const [url, ruleId] of expected) {
      const line = lineOf(manuscript, url);
      const found = messages.find((m) => m.file === file && m.line === line && m.ruleId === ruleId && m.reason.includes(`${listener.origin}${url}`));
      expect(found, `${url} (line ${line}) → ${ruleId}`).toBeDefined();
      expect(found!.column).toBeGreaterThan(0);
    }
    // The SVG file's own references are reported where the image is used.
    const svgLine = lineOf(manuscript, 'vector.svg');
    for (const url of ['/svg-file-style.css', '/svg-file-image.png']) {
      expect(messages.find((m) => m.file === file && m.line === svgLine && m.ruleId === 'svg-remote' && m.reason.includes(url)), url).toBeDefined();
    }
    // The template's, in its stylesheet.
    const css = messages.filter((m) => m.file.endsWith(path.join('templates', 'hostile', 'base.css')) && m.ruleId === 'remote-resource');
    expect(css.map((m) => [m.line, m.reason.includes('/template-import.css') || m.reason.includes('/template-font.woff2')])).toEqual([[1, true], [2, true]]);
    // Nothing asked the browser for anything either: it was never given a URL.
    expect(messages.filter((m) => m.ruleId === 'network-blocked')).toEqual([]);
  });

  it('keeps a plain link a link, and turns a remote image into its alt text linked to the URL', async () => {
    const html = await readFile(path.join(out, 'offline.html'), 'utf8');
    expect(html).toContain(`<a href="${listener.origin}/plain-link">link</a>`);
    expect(html).toContain(`<a href="${listener.origin}/markdown.png">A Markdown image</a>`);
    // No element in the page would fetch from the listener in a reader's browser.
    expect(html).not.toMatch(new RegExp(`(src|srcset|poster|data|url\\()=?["(]?${listener.origin.replace(/\./g, '\\.')}`));
    expect(html).not.toContain('@import');
  });

  it('makes each of them an error under --strict, and then writes nothing', async () => {
    const before = await readFile(path.join(out, 'offline.html'));
    const strict = await octavo(['build', path.join(dir, 'offline.md'), '--out', out, '--format', 'html', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/Remote resource `http:\/\/127\.0\.0\.1:\d+\/iframe\.html`/);
    expect(await readFile(path.join(out, 'offline.html'))).toEqual(before);
    expect(listener.requests).toEqual([]);
  });
});
