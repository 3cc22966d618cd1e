import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Root } from 'hast';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { webAddressProblem } from '../src/document/links.ts';
import { readPublication } from '../src/document/read.ts';

describe('web addresses in links', () => {
  it('rejects hosts and escapes that EPUBCheck and the Nu checker reject, and nothing else', () => {
    expect(webAddressProblem('https://../')).toMatch(/host/);
    expect(webAddressProblem('https://foo.bar.%60baz')).toMatch(/host/);
    expect(webAddressProblem('https://a..b/')).toMatch(/host/);
    expect(webAddressProblem('https://example.com/100%')).toMatch(/%/);
    for (const good of ['https://example.com/a%20b?q=1#x', 'http://localhost:8080/', 'http://[::1]/', 'https://example.com./', 'https://例え.jp/', 'mailto:a@b.c']) {
      expect(webAddressProblem(good), good).toBeUndefined();
    }
  });

  it('a link to an invalid address becomes its text, with a warning at its place (CommonMark examples 346, 600)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-links-'));
    try {
      const file = path.join(dir, 'links.md');
      await writeFile(file, '---\ntitle: Links\n---\n\n<https://foo.bar.`baz>`\n\n[up](https://../) and [fine](https://example.com/)\n\n<a href="https://example.com/a b">a space</a>\n');
      const { publication, files } = await readPublication(file, { sourceDateEpoch: '0' });
      const hrefs: unknown[] = [];
      visit(publication!.chapters[0].tree as Root, 'element', (node) => {
        if (node.tagName === 'a') hrefs.push(node.properties.href);
      });
      expect(hrefs).toEqual(['https://example.com/', 'https://example.com/a%20b']);
      expect(files[0].messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(['5:1 link-invalid', '7:1 link-invalid']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
