import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octavo } from './helpers/cli.ts';
import type { JsonMessage } from './helpers/hostile.ts';
import { epubcheck, vnu } from './helpers/validators.ts';

/**
 * Item 3 of "hostile input": raw HTML made safe and valid. A manuscript of broken, obsolete,
 * scripted and misplaced markup (tests/fixtures-hostile/nasty-html) is built to EPUB and HTML;
 * EPUBCheck and the Nu checker must find nothing, and each removal or repair is a warning at its place.
 */
describe('raw HTML, made safe and valid', () => {
  const input = 'tests/fixtures-hostile/nasty-html/nasty.md';
  let out: string;
  let messages: JsonMessage[];
  let code: number | null;
  let source: string[];

  beforeAll(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'octavo-nasty-'));
    const result = await octavo(['build', input, '--out', out, '--format', 'epub,html', '--json']);
    code = result.code;
    messages = JSON.parse(result.stdout).messages;
    source = (await readFile(input, 'utf8')).split('\n');
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('builds, and EPUBCheck reports nothing at all', async () => {
    expect(code).toBe(0);
    expect(await epubcheck(path.join(out, 'nasty.epub'))).toEqual([]);
  });

  it('gives a page the Nu HTML Checker finds no error in', async () => {
    expect((await vnu(path.join(out, 'nasty.html'))).filter((finding) => finding.severity === 'ERROR')).toEqual([]);
  });

  it('leaves no script, handler, form, base, meta refresh or remote import in either', async () => {
    const html = await readFile(path.join(out, 'nasty.html'), 'utf8');
    const body = html.slice(html.indexOf('<body'));
    expect(body).not.toMatch(/<script|onclick|onmouseover|<form|<input name|<base|http-equiv|@import|javascript:|vbscript:|<iframe|<frame|<button/i);
    expect(body).not.toMatch(/[\u0001\u0008\u000b\u000c\u001f\u0085]/);
    expect(body).toContain('handlers');
  });

  it('says what it removed or repaired, at each place', () => {
    const at = (needle: string) => source.findIndex((line) => line.includes(needle)) + 1;
    const expected: Array<[string, string]> = [
      ['<script>document.write', 'html-removed'],
      ['onclick="alert(1)" onmouseover', 'html-script'],
      ['<meta http-equiv="refresh"', 'remote-resource'],
      ['<form action', 'remote-resource'],
      ['<form action', 'html-removed'],
      ['@import url("https://example.com/remote.css")', 'remote-resource'],
      ['<a href="javascript:alert(1)">script link', 'html-script'],
      ['colspan="0"', 'html-attribute'],
      ['id="has space"', 'html-attribute'],
      ['<ol start="abc">', 'html-attribute'],
      ['datetime="not a date"', 'html-attribute'],
      ['<bdo>', 'html-attribute'],
      ['width="100%"', 'html-attribute'],
      ['<details>details without', 'html-nesting'],
      ['Control characters', 'forbidden-character'],
      ['<dfn><dfn>', 'html-nesting'],
      ['<dl><dd>', 'html-nesting'],
      ['<summary>stray summary', 'html-nesting'],
    ];
    for (const [needle, ruleId] of expected) {
      const line = at(needle);
      expect(line, needle).toBeGreaterThan(0);
      expect(messages.find((m) => m.line === line && m.column !== null && m.ruleId === ruleId), `${needle} (line ${line}) → ${ruleId}`).toBeDefined();
    }
    expect(messages.every((m) => m.severity === 'warning')).toBe(true);
    // `html-invalid`, the former id of the second repair pass, stays as an alias for tools that filtered on it.
    const repairs = messages.filter((m) => m.ruleId === 'html-nesting' || m.ruleId === 'html-attribute');
    expect(repairs.length).toBeGreaterThan(10);
    for (const repair of repairs) expect(repair.aliases).toEqual(['html-invalid']);
  });
});
