import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelKeys, labelTable, languageColumn, type LabelKey } from '../src/text/labels.ts';
import { octavo, type CliResult } from './helpers/cli.ts';
import { epubcheckMany } from './helpers/corpus.ts';
import { pdftotextJs } from './helpers/pdfjs-tools.ts';
import { vnuMany } from './helpers/validators.ts';

/**
 * Issue 25, item 6: a text in another language gets every word Octavo writes itself in that
 * language, in the HTML, every file of the EPUB and the PDF's text; none in English.
 */
const texts: Record<string, { title: string; body: string }> = {
  de: { title: 'Ein Buch', body: 'Ein Satz mit einer Fußnote.[^1]\n\n[^1]: Die Fußnote.\n\n> [!NOTE]\n> Ein Hinweis.\n\n> [!WARNING]\n> Eine Warnung.\n\n<details>\n\nVerborgen, aber gedruckt.\n\n</details>\n' },
  fr: { title: 'Un livre', body: 'Une phrase avec une note.[^1]\n\n[^1]: La note.\n\n> [!NOTE]\n> Une remarque.\n\n> [!WARNING]\n> Un avertissement.\n\n<details>\n\nCaché, mais imprimé.\n\n</details>\n' },
  ja: { title: '本', body: '脚注のある文です。[^1]\n\n[^1]: 脚注です。\n\n> [!NOTE]\n> 注記です。\n\n> [!WARNING]\n> 警告です。\n\n<details>\n\n隠れていますが印刷されます。\n\n</details>\n' },
  ar: { title: 'كتاب', body: 'جملة مع حاشية.[^1]\n\n[^1]: الحاشية.\n\n> [!NOTE]\n> ملاحظة هنا.\n\n> [!WARNING]\n> تحذير هنا.\n\n<details>\n\nمخفي لكنه مطبوع.\n\n</details>\n' },
  ru: { title: 'Книга', body: 'Предложение со сноской.[^1]\n\n[^1]: Сноска.\n\n> [!NOTE]\n> Примечание здесь.\n\n> [!WARNING]\n> Предупреждение здесь.\n\n<details>\n\nСкрыто, но напечатано.\n\n</details>\n' },
};

/** The English labels a text in `lang` must not show: not those its own labels use… */
function englishOnly(lang: string, written: string): string[] {
  const own = Object.values(languageColumn(lang)).join(' ');
  // …nor a word the language has too (French `Table des matières`, `une note`): only words no French text would show.
  return labelKeys
    .map((key) => labelTable.en[key])
    .filter((label) => !/\{/.test(label) && !word(label).test(own) && !word(label).test(written));
}

/** A label as a whole word (`Note`, not the `Note` in `Notes`), in any case (templates may uppercase). */
const word = (label: string) => new RegExp(`(^|[^\\p{L}])${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'iu');

describe('labels in the text’s language', () => {
  let dir: string;
  const builds = new Map<string, CliResult>();
  // EPUBCheck and the Nu HTML Checker each judge every language's file in one JVM (a JVM's start
  // costs more than checking a small book), side by side, while the tests read the artifacts.
  let epubFindings: Promise<Awaited<ReturnType<typeof epubcheckMany>>>;
  let htmlFindings: Promise<Awaited<ReturnType<typeof vnuMany>>>;
  const out = (lang: string) => path.join(dir, `${lang}-out`);
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-labels-'));
    for (const [lang, { title, body }] of Object.entries(texts)) {
      const folder = path.join(dir, lang);
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, '01.md'), `---\ntitle: ${title}\nlang: ${lang}\nauthor: A. B.\ndate: 2024-05-01\n---\n\n# ${title} 1\n\n${body}`);
      await writeFile(path.join(folder, '02.md'), `# ${title} 2\n\n${body.replace('[^1]', '[^2]').replace('[^1]:', '[^2]:')}`);
      builds.set(lang, await octavo(['build', folder, '--out', out(lang)]));
    }
    const made = Object.keys(texts).filter((lang) => builds.get(lang)!.code === 0);
    epubFindings = epubcheckMany(made.map((lang) => path.join(out(lang), `${lang}.epub`)), 1);
    htmlFindings = vnuMany(made.map((lang) => path.join(out(lang), `${lang}.html`)));
    // Their failures are the tests', which await them.
    epubFindings.catch(() => undefined);
    htmlFindings.catch(() => undefined);
  });

  it('each checker names only the files it was given (a finding elsewhere would be missed by the tests below)', async () => {
    const files = Object.keys(texts).flatMap((lang) => [path.join(out(lang), `${lang}.epub`), path.join(out(lang), `${lang}.html`)]);
    expect([...(await epubFindings), ...(await htmlFindings)].filter((finding) => !files.includes(finding.file))).toEqual([]);
  });
  afterAll(async () => {
    await Promise.allSettled([epubFindings, htmlFindings]);
    await rm(dir, { recursive: true, force: true });
  });

  for (const [lang, { title, body }] of Object.entries(texts)) {
    it(`${lang}: no English word Octavo writes in the HTML, the EPUB's files or the PDF; its own words are there`, async () => {
      const result = builds.get(lang)!;
      expect(result.stderr).not.toMatch(/ error /);
      expect(result.code).toBe(0);
      const out = path.join(dir, `${lang}-out`);

      const html = await readFile(path.join(out, `${lang}.html`), 'utf8');
      const epub = unzipSync(await readFile(path.join(out, `${lang}.epub`)));
      const epubText = Object.entries(epub)
        .filter(([name]) => /\.(xhtml|ncx|opf)$/.test(name))
        .map(([name, bytes]) => `${name}\n${new TextDecoder().decode(bytes)}`);
      const pdf = await pdftotextJs(path.join(out, `${lang}.pdf`));
      // Markup is not text: tag and attribute names (`<section>`, `epub:type="footnotes"`) are English by design; their values and text are what readers meet.
      // Style sheets and JSON-LD are not read by people either; the EPUB's accessibility summary is English, and says so (`xml:lang="en"`).
      const readable = (markup: string) => markup.replace(/<meta [^>]*xml:lang="en"[^>]*>[^<]*<\/meta>/g, ' ').replace(/<(style|script)\b[^]*?<\/\1>/g, ' ').replace(/<[^>]*?(\s(?:aria-label|title|alt)="([^"]*)")?[^>]*>/g, ' $2 ');
      const outputs = { html: readable(html), ...Object.fromEntries(epubText.map((text) => [text.split('\n')[0], readable(text.slice(text.indexOf('\n') + 1))])), pdf };
      const found = Object.entries(outputs).flatMap(([where, text]) => englishOnly(lang, `${title} ${body}`).filter((label) => word(label).test(text)).map((label) => `${where}: ${label}`));
      expect(found).toEqual([]);

      const own = languageColumn(lang);
      const expectIn = (text: string, keys: LabelKey[]) => expect(keys.filter((key) => !text.includes(own[key]))).toEqual([]);
      expectIn(html, ['contents', 'note', 'warning', 'details', 'footnotes', 'skipToText']);
      expectIn(new TextDecoder().decode(epub['EPUB/nav.xhtml']), ['contents', 'landmarks', 'startOfText']);
      // The PDF's text as pdf.js reads it: the templates set callout titles in capitals.
      // Right-to-left text comes out in pieces, some in visual order: a word counts when its letters stand together, in any order.
      const letters = (text: string) => [...text.normalize('NFKC').toLocaleUpperCase(lang).replace(/\s+/g, '')];
      const pdfLetters = letters(pdf);
      const drawn = (label: string) => {
        const wanted = letters(label).sort().join('');
        for (let at = 0; at + wanted.length <= pdfLetters.length; at++) if (pdfLetters.slice(at, at + [...letters(label)].length).sort().join('') === wanted) return true;
        return false;
      };
      const pdfMissing = (['note', 'warning', 'details'] as const).filter((key) => !drawn(own[key]));
      expect(pdfMissing, pdf).toEqual([]);
      // The handout's footer: `page 1 of N` in the language's words.
      expect(drawn(own.pageOf.replace('{page}', '1').replace(/\{pages\}.*$/, '').trim()), pdf).toBe(true);
      // The date is written in the language too.
      expect(html).toContain(new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date('2024-05-01T00:00:00Z')));

      // Every message EPUBCheck's command line reports by default (all but its feature USAGE notes).
      expect((await epubFindings).filter((finding) => finding.file === path.join(out, `${lang}.epub`) && finding.level !== 'USAGE')).toEqual([]);
      expect((await htmlFindings).filter((finding) => finding.file === path.join(out, `${lang}.html`) && finding.severity !== 'INFO')).toEqual([]);
    });
  }

  it('the config (or front matter) overrides any label', async () => {
    const folder = path.join(dir, 'override');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'octavo.config.yaml'), 'labels:\n  contents: Inhaltsübersicht\n');
    await writeFile(path.join(folder, '01.md'), '---\ntitle: Buch\nlang: de\n---\n\n# Eins\n\nText.\n\n## Zwei\n\nText.\n');
    const out = path.join(dir, 'override-out');
    const result = await octavo(['build', folder, '--out', out, '--format', 'html,epub']);
    expect(result.code).toBe(0);
    const made = await readdir(out);
    const named = (extension: string) => path.join(out, made.find((name) => name.endsWith(extension))!);
    expect(await readFile(named('.html'), 'utf8')).toContain('<h2 class="toc-title">Inhaltsübersicht</h2>');
    expect(new TextDecoder().decode(unzipSync(await readFile(named('.epub')))['EPUB/nav.xhtml'])).toContain('Inhaltsübersicht');
  });
});
