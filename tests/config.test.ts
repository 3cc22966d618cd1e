import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planProject, shardOf } from '../src/config/project.ts';
import { resolveOutput } from '../src/config/resolve.ts';
import { readPublication } from '../src/document/read.ts';
import { formatMessages } from '../src/report.ts';
import { octavo } from './helpers/cli.ts';
import { pdfinfo } from './helpers/validators.ts';

async function project(root: string, files: Record<string, string>): Promise<string> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
  return root;
}

const chapter = (title: string, body: string, matter = '') => `${matter ? `---\n${matter}---\n\n` : ''}# ${title}\n\n${body}\n`;

describe('configuration: octavo.config.* beside the manuscript', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-config-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('takes metadata and settings from the config, front matter over config, flags over both', async () => {
    const root = await project(path.join(tmp, 'precedence'), {
      'book/01.md': chapter('One', 'First.', 'subtitle: From front matter\n'),
      'book/02.md': chapter('Two', 'Second.'),
      'book/octavo.config.yaml': 'title: Config Title\nsubtitle: From config\nauthor: Ada Config\ntemplate: book\npaper: 6x9\nformats: [pdf, html]\n',
    });
    const { publications, files } = await planProject(path.join(root, 'book'));
    expect(formatMessages(files)).toEqual([]);
    expect(publications).toHaveLength(1);
    expect(publications[0].settings.formats).toEqual({ value: ['pdf', 'html'], source: 'config' });
    const { publication } = await readPublication(publications[0].input, { metadata: publications[0].metadata });
    // Front matter wins over the config; the config fills in what front matter leaves out.
    expect(publication?.meta).toMatchObject({ title: 'Config Title', subtitle: 'From front matter', author: ['Ada Config'] });
    // Output settings are the resolve stage's, never metadata: the config's template and paper, said as the config's.
    expect(publication?.meta).not.toHaveProperty('template');
    expect(publication?.meta).not.toHaveProperty('paper');
    const output = await resolveOutput(publication!, publications[0].settings, publications[0].templates);
    expect({ template: output.template.name, paper: output.paper, chapterLevel: output.chapterLevel, sources: output.sources }).toEqual({ template: 'book', paper: '6x9', chapterLevel: 1, sources: { template: 'config', paper: 'config', chapterLevel: 'template' } });

    const built = await octavo(['build', path.join(root, 'book'), '--out', path.join(root, 'dist')]);
    expect(built.code, built.stderr).toBe(0);
    expect((await readdir(path.join(root, 'dist'))).sort()).toEqual(['book.html', 'book.pdf']);
    expect((await pdfinfo(path.join(root, 'dist/book.pdf')))['Page size']).toBe('432 x 648 pts');

    const flagged = await octavo(['build', path.join(root, 'book'), '--out', path.join(root, 'flagged'), '--format', 'pdf', '--template', 'handout', '--paper', 'letter']);
    expect(flagged.code, flagged.stderr).toBe(0);
    expect((await pdfinfo(path.join(root, 'flagged/book.pdf')))['Page size']).toContain('(letter)');
  });

  it('settles every setting by one rule, flag over front matter over config over default, and says where each came from', async () => {
    const root = await project(path.join(tmp, 'sources'), {
      'book.md': chapter('One', 'First.', 'title: Sources\npaper: a5\n'),
      'octavo.config.yaml': 'template: book\npaper: 6x9\nformats: [pdf]\nstrict: true\n',
    });
    const settle = async (flags: Parameters<typeof planProject>[1]) => {
      const { publications, files } = await planProject(path.join(root, 'book.md'), flags);
      expect(formatMessages(files)).toEqual([]);
      const [planned] = publications;
      const { publication } = await readPublication(planned.input, { metadata: planned.metadata, config: planned.config });
      const output = await resolveOutput(publication!, planned.settings, planned.templates);
      const { given: _given, ...settings } = planned.settings;
      return { ...settings, template: { value: output.template.name, source: output.sources.template }, paper: { value: output.paper, source: output.sources.paper } };
    };
    expect(await settle({})).toEqual({
      formats: { value: ['pdf'], source: 'config' },
      out: { value: 'dist', source: 'default' },
      printMarks: { value: false, source: 'default' },
      htmlSplit: { value: false, source: 'default' },
      strict: { value: true, source: 'config' },
      template: { value: 'book', source: 'config' },
      paper: { value: 'a5', source: 'front matter' },
    });
    expect(await settle({ formats: ['html'], out: 'elsewhere', template: 'handout', paper: 'letter', printMarks: true })).toMatchObject({
      formats: { value: ['html'], source: 'command line' },
      out: { value: 'elsewhere', source: 'command line' },
      printMarks: { value: true, source: 'command line' },
      template: { value: 'handout', source: 'command line' },
      paper: { value: 'letter', source: 'command line' },
    });
  });

  it('reads JSON, YAML and JS configs, and orders chapters as `chapters:` lists them', async () => {
    for (const [name, text] of [
      ['octavo.config.json', '{ "title": "Ordered", "chapters": ["b.md", "a.md"] }'],
      ['octavo.config.yml', 'title: Ordered\nchapters: [b.md, a.md]\n'],
      ['octavo.config.js', 'export default { title: "Ordered", chapters: ["b.md", "a.md"] };\n'],
      ['octavo.config.ts', 'const config: { title: string; chapters: string[] } = { title: "Ordered", chapters: ["b.md", "a.md"] };\nexport default config;\n'],
    ]) {
      const root = await project(path.join(tmp, `order-${name}`), { 'a.md': chapter('Alpha', 'A.'), 'b.md': chapter('Beta', 'B.'), [name]: text });
      // A JS/TS config is a program: run here by the flag that trusts it (tests/hostile-paths.test.ts: not run without).
      const { publications, files } = await planProject(root, { trustConfig: true });
      expect(formatMessages(files), name).toEqual([]);
      const { publication } = await readPublication(publications[0].input, { chapters: publications[0].chapters, metadata: publications[0].metadata });
      expect(publication?.chapters.map((entry) => entry.title), name).toEqual(['Beta', 'Alpha']);
      expect(publication?.meta.title).toBe('Ordered');
    }
  });

  it('reports every problem in a config at its line and column, and exits 1', async () => {
    const root = await project(path.join(tmp, 'bad'), {
      'a.md': chapter('Alpha', 'A.', 'title: Bad config\n'),
      'octavo.config.yaml': 'lang: not a language\npaper: a3\nformats: [pdf, docx]\ntitel: typo\n',
    });
    const { files, publications } = await planProject(root);
    expect(publications).toEqual([]);
    expect(formatMessages(files, root)).toEqual([
      'octavo.config.yaml:1:7: error: Setting `lang` is not a BCP 47 language tag (for example `en`, `en-GB`, `pt-BR`) [octavo:config-lang]',
      'octavo.config.yaml:2:8: error: Setting `paper` Invalid option: expected one of "a4"|"letter"|"a5"|"6x9" [octavo:config-paper]',
      'octavo.config.yaml:3:16: error: Setting `formats.1` Invalid option: expected one of "epub"|"pdf"|"html" [octavo:config-formats]',
      'octavo.config.yaml:4:1: warning: Unknown setting `titel` was ignored [octavo:config-unknown-key]',
    ]);
    const result = await octavo(['build', root, '--out', path.join(root, 'dist')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/octavo\.config\.yaml\n1:7 +error +Setting `lang`/);
    expect(result.stderr).not.toMatch(/\n\s+at /);

    const syntax = await project(path.join(tmp, 'syntax'), { 'a.md': chapter('Alpha', 'A.', 'title: T\n'), 'octavo.config.json': '{\n  "title": "x",\n  "paper" "a4"\n}\n' });
    const json = await octavo(['check', syntax]);
    expect(json.code).toBe(1);
    expect(json.stderr).toMatch(/octavo\.config\.json\n3:\d+ +error +The config is not valid JSON/);

    const missing = await project(path.join(tmp, 'chapters'), {
      'a.md': chapter('Alpha', 'A.', 'title: T\n'),
      'octavo.config.yaml': 'template: nope\n',
    });
    expect(formatMessages((await planProject(missing)).files, missing)).toEqual([
      expect.stringMatching(/^octavo\.config\.yaml:1:11: error: No template `nope` in .* \[octavo:template-missing\]$/),
    ]);
    await writeFile(path.join(missing, 'octavo.config.yaml'), 'chapters:\n  - a.md\n  - part: Two\n    chapters: [gone.md]\n');
    expect(formatMessages((await planProject(missing)).files, missing)).toEqual(['octavo.config.yaml:4:16: error: Chapter `gone.md` not found [octavo:config-chapter-missing]']);
  });

  it('builds several publications with one command, and --shard picks a stable slice of them', async () => {
    const root = await project(path.join(tmp, 'batch'), {
      'reviews/one.md': chapter('One', 'First review.', 'title: One\n'),
      'reviews/two.md': chapter('Two', 'Second review.', 'title: Two\n'),
      'reviews/three.md': chapter('Three', 'Third review.', 'title: Three\n'),
      'octavo.config.yaml': 'formats: [html, pdf]\npublications:\n  - input: reviews/one.md\n  - input: reviews/two.md\n    paper: letter\n  - input: reviews/three.md\n    name: third\n',
    });
    const all = await octavo(['build', '--out', 'dist'], { cwd: root });
    expect(all.code, all.stderr).toBe(0);
    expect((await readdir(path.join(root, 'dist'))).sort()).toEqual(['one.html', 'one.pdf', 'third.html', 'third.pdf', 'two.html', 'two.pdf']);
    expect((await pdfinfo(path.join(root, 'dist/two.pdf')))['Page size']).toContain('(letter)');
    expect((await pdfinfo(path.join(root, 'dist/one.pdf')))['Page size']).toContain('(A4)');

    // Every publication falls in exactly one of the shards, whatever their number.
    const names = ['one', 'two', 'third'];
    for (const count of [2, 3]) {
      const built: string[] = [];
      for (let slice = 1; slice <= count; slice++) {
        const out = path.join(root, `shard-${count}-${slice}`);
        const result = await octavo(['build', '--out', out, '--format', 'html', '--shard', `${slice}/${count}`], { cwd: root });
        expect(result.code, result.stderr).toBe(0);
        const files = await readdir(out).catch(() => []);
        built.push(...files.map((file) => file.replace('.html', '')));
        expect(files.map((file) => file.replace('.html', '')).sort()).toEqual(names.filter((name) => shardOf(name === 'third' ? 'third' : path.join(root, `reviews/${name}.md`), count) === slice - 1).sort());
      }
      expect(built.sort()).toEqual([...names].sort());
    }
    const bad = await octavo(['build', '--shard', '3/2'], { cwd: root });
    expect(bad.code).toBe(2);
  });

  it('reads the config --config names, whatever its file name, with its chapters and the artifacts\' name', async () => {
    const root = await project(path.join(tmp, 'named-config'), {
      'README.md': '# Guide\n\nSee [the details](docs/details.md).\n',
      'docs/details.md': '# Details\n\nBack to [the guide](../README.md).\n',
      'guide.octavo.yaml': 'title: The Guide\nname: guide\nformats: [html]\nchapters:\n  - README.md\n  - part: More\n    chapters: [docs/details.md]\n',
      'outside.octavo.yaml': 'chapters: [../named-config/README.md, ../README.md]\n',
    });
    // Not an octavo.config.*, so only --config finds it; its paths are relative to it, not to the working directory.
    const { publications, files } = await planProject(undefined, { config: path.join(root, 'guide.octavo.yaml') });
    expect(formatMessages(files)).toEqual([]);
    expect(publications.map((publication) => [publication.name, publication.chapters, publication.parts])).toEqual([['guide', [path.join(root, 'README.md'), path.join(root, 'docs/details.md')], [{ title: 'More', first: 1, count: 1 }]]]);
    const checked = await octavo(['check', '--config', path.join(root, 'guide.octavo.yaml'), '--strict']);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toBe('ok: guide (2 chapters)\n');
    // The config's folder is still the project: a chapter outside it is refused.
    const outside = await planProject(undefined, { config: path.join(root, 'outside.octavo.yaml') });
    expect(formatMessages(outside.files, root)).toEqual(['outside.octavo.yaml:1:39: error: Chapter `../README.md` is outside the project folder [octavo:config-path-outside]']);
    const wrong = await octavo(['build', '--config', path.join(root, 'README.md')]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--config takes an octavo config file (.yaml, .json, .js or .ts)');
  });

  it('checks a manuscript without writing anything: octavo check, with --strict and --json', async () => {
    const root = await project(path.join(tmp, 'check'), {
      'text.md': '---\ntitle: Checked\n---\n\nSee [nowhere](#nowhere) and ![a picture](missing.png).\n',
    });
    const lenient = await octavo(['check', path.join(root, 'text.md')]);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toBe('ok: text (1 chapter)\n');
    expect(lenient.stderr).toMatch(/5:5-5:24 +warning +Link `#nowhere`/);
    expect(lenient.stderr).toMatch(/5:29-5:54 +warning +Image `missing\.png` not found/);
    const strict = await octavo(['check', path.join(root, 'text.md'), '--strict', '--json']);
    expect(strict.code).toBe(1);
    const record = JSON.parse(strict.stdout);
    expect(record.ok).toBe(false);
    expect(record.messages.map((message: { ruleId: string; line: number }) => `${message.line}:${message.ruleId}`)).toEqual(['5:broken-link', '5:missing-image']);
    expect(await readdir(root)).toEqual(['text.md']);
  });

  it('starts a project with octavo init that builds at once, and never overwrites', async () => {
    const target = path.join(tmp, 'new-project');
    const init = await octavo(['init', target]);
    expect(init.code, init.stderr).toBe(0);
    expect((await readdir(target)).sort()).toEqual(['.gitignore', 'manuscript', 'octavo.config.yaml', 'package.json']);
    const manifest = JSON.parse(await readFile(path.join(target, 'package.json'), 'utf8'));
    expect(manifest.scripts).toEqual({ build: 'octavo build', check: 'octavo check', watch: 'octavo build --watch', preview: 'octavo preview --open' });
    // Run from this checkout, the project depends on it by a relative path, never an absolute one.
    expect(manifest.devDependencies.octavo).toBe(`file:${path.relative(target, process.cwd())}`);
    // `npm run build` and `npx octavo build` are the same command, run in the project: both write ./dist.
    const build = await octavo(['build'], { cwd: target });
    expect(build.code, build.stderr).toBe(0);
    expect(build.stderr).toBe('');
    // Named after the project (init writes `name:`), not after the manuscript's one file.
    expect((await readdir(path.join(target, 'dist'))).sort()).toEqual(['new-project.epub', 'new-project.html', 'new-project.pdf']);
    const again = await octavo(['init', target]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('nothing was written');
  });

  it('adds Octavo to an existing package (npm init -y, then octavo init): its flags, scripts and dependency, keeping what is there', async () => {
    const target = path.join(tmp, 'existing-package');
    await mkdir(target, { recursive: true });
    const before = { name: 'my-book', version: '1.0.0', scripts: { test: 'echo ok', build: 'make all' }, devDependencies: { typescript: '^5.0.0' } };
    await writeFile(path.join(target, 'package.json'), `${JSON.stringify(before, null, 2)}\n`);
    await writeFile(path.join(target, '.gitignore'), 'secrets/\n');
    const init = await octavo(['init', '--template', 'book', '--paper', 'a5', '--format', 'pdf,epub'], { cwd: target });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('kept your script build (make all)');
    const manifest = JSON.parse(await readFile(path.join(target, 'package.json'), 'utf8'));
    expect(manifest.name).toBe('my-book');
    expect(manifest.scripts).toEqual({ test: 'echo ok', build: 'make all', check: 'octavo check', watch: 'octavo build --watch', preview: 'octavo preview --open' });
    expect(Object.keys(manifest.devDependencies)).toEqual(['typescript', 'octavo']);
    expect(await readFile(path.join(target, '.gitignore'), 'utf8')).toBe('secrets/\n');
    const config = await readFile(path.join(target, 'octavo.config.yaml'), 'utf8');
    expect(config).toMatch(/^template: book\b/m);
    expect(config).toMatch(/^paper: a5\b/m);
    expect(config).toMatch(/^formats: \[pdf, epub\]$/m);
    const build = await octavo(['build', '--format', 'pdf'], { cwd: target });
    expect(build.code, build.stderr).toBe(0);
    expect((await pdfinfo(path.join(target, 'dist', 'my-book.pdf')))['Page size']).toContain('(A5)');
    expect((await octavo(['init'], { cwd: target })).code).toBe(1);
  });

});
