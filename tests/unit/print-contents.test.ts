import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printDocument } from '../../src/writers/pdf/print-document.ts';
import { printContentsLinks } from '../../src/writers/pdf/print-contents.ts';
import { load } from '../helpers/publication.ts';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'octavo-print-contents-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function printed(name: string, body: string) {
  const file = path.join(work, `${name}.md`);
  await writeFile(file, `---\ntitle: Many headings\nlang: en\n---\n\n${body}`);
  const { publication, context } = await load(file);
  const html = printDocument(publication, context);
  const nav = /<nav class="toc"[^]*?<\/nav>/.exec(html)?.[0] ?? '';
  const messages = publication.files[0].messages.map((message) => message.ruleId);
  return { html, nav, links: nav.match(/<a href="#/g)?.length ?? 0, messages };
}

/**
 * Case 8 of issue 24: Chromium's tagged PDF with bookmarks takes time that grows with internal
 * links times targets (5,000 headings each linked from the contents: 14.8 s, unlinked 4.3 s;
 * 20,000 passed the print deadline). The printed contents holds at most `printContentsLinks`
 * links: counted here, as work, not seconds.
 */
describe('the printed contents of a text with thousands of headings', () => {
  it('lists only the levels that fit, keeping every top-level entry', async () => {
    // 400 entries at the top and 800 under them: 1,200 links, past the bound.
    const sections = Array.from({ length: 400 }, (_, i) => `## Section ${i}\n\n### Part ${i}a\n\nText.\n\n### Part ${i}b\n\nText.\n`).join('\n');
    expect(400 * 3).toBeGreaterThan(printContentsLinks);
    const { nav, links, messages, html } = await printed('nested', sections);
    expect(links).toBe(400);
    expect(nav).toContain('Section 399');
    expect(nav).not.toContain('Part 0a');
    expect(html.match(/<h3 /g)).toHaveLength(800);
    expect(messages).toEqual(['contents-too-long']);
  });

  it('keeps a flat contents of more entries than fit as text without links', async () => {
    // One entry past the bound.
    const entries = printContentsLinks + 1;
    const { nav, links, messages } = await printed('flat', Array.from({ length: entries }, (_, i) => `## Heading ${i}\n\nText ${i}.\n`).join('\n'));
    expect(links).toBe(0);
    expect(nav.match(/class="toc-entry"/g)).toHaveLength(entries);
    expect(messages).toEqual(['contents-too-long']);
  });

  it('leaves a contents within the bound as it is', async () => {
    const { links, messages } = await printed('few', Array.from({ length: 300 }, (_, i) => `## Heading ${i}\n\nText ${i}.\n`).join('\n'));
    expect(links).toBe(300);
    expect(links).toBeLessThanOrEqual(printContentsLinks);
    expect(messages).toEqual([]);
  });
});
