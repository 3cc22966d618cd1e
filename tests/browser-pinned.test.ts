import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser, installedBrowsers } from '../src/browser/find.ts';
import { octavo } from './helpers/cli.ts';

/**
 * The same manuscript gives the same pages on every machine: an installed Chromium of another
 * version breaks lines differently, so by default Octavo prints with the one it pins (the
 * @sparticuz/chromium package on Linux x64), whatever is installed. CI installs Debian's
 * chromium so that this runs with one present (.ci/run).
 */
describe('the Chromium Octavo pins', () => {
  let dir: string;
  let manuscript: string;
  const epoch = { SOURCE_DATE_EPOCH: '1700000000' };
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-pinned-'));
    manuscript = path.join(dir, 'pinned.md');
    await writeFile(manuscript, `---\ntitle: Pinned\nlang: en\n---\n\n${'A paragraph long enough to wrap over several lines, whose breaks depend on the browser that lays it out. '.repeat(12)}\n`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  // PDF string syntax escapes the parentheses: read back unescaped.
  const producer = (pdf: Buffer) => (/\/Producer \(((?:\\.|[^\\)])*)\)/.exec(pdf.toString('latin1'))?.[1] ?? '').replace(/\\(.)/g, '$1');

  it('prints by default, with an installed browser present; the summary says nothing of browsers, the PDF and --json name the pinned one', async () => {
    console.info(`installed browsers: ${(await installedBrowsers()).join(', ') || 'none'}`);
    if (process.env.CI) expect(await installedBrowsers(), 'CI installs Debian’s chromium (.ci/run)').not.toEqual([]);
    const pinned = await findBrowser({ env: {} });
    expect(pinned.source).toBe('embedded');

    const first = await octavo(['build', manuscript, '--out', path.join(dir, 'a'), '--format', 'pdf', '--json'], { env: epoch });
    expect(first.code, first.stderr).toBe(0);
    const [publication] = JSON.parse(first.stdout).publications;
    expect(publication.browser).toMatchObject({ source: 'embedded', path: pinned.path, version: expect.stringMatching(/^HeadlessChrome\/\d+\.\d+\.\d+\.\d+$/) });
    const pdf = await readFile(path.join(dir, 'a', 'pinned.pdf'));
    expect(producer(pdf)).toBe(`Octavo ${JSON.parse(await readFile('package.json', 'utf8')).version} (embedded Chromium, ${publication.browser.version})`);

    const plain = await octavo(['build', manuscript, '--out', path.join(dir, 'b'), '--format', 'pdf'], { env: epoch });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).not.toContain('printed with');
    expect((await readFile(path.join(dir, 'b', 'pinned.pdf'))).equals(pdf), 'the same bytes from a second build').toBe(true);
  }, 120_000);

  it('prints with another browser only when asked (--browser), and says so in the summary and the Producer', async () => {
    // An installed one where there is (CI), else the pinned one named by its path: asked for either way.
    const [asked = (await findBrowser({ env: {} })).path] = await installedBrowsers();
    const result = await octavo(['build', manuscript, '--out', path.join(dir, 'c'), '--format', 'pdf', '--browser', asked, '--json'], { env: epoch });
    expect(result.code, result.stderr).toBe(0);
    const [publication] = JSON.parse(result.stdout).publications;
    expect(publication.browser).toMatchObject({ source: 'option', path: asked });
    expect(producer(await readFile(path.join(dir, 'c', 'pinned.pdf')))).toContain(`(option Chromium, ${publication.browser.version})`);
    const said = await octavo(['build', manuscript, '--out', path.join(dir, 'd'), '--format', 'pdf', '--browser', asked], { env: epoch });
    expect(said.stdout).toContain(`printed with the browser asked for (${publication.browser.version}, ${asked}), not the Chromium Octavo pins`);
  }, 120_000);

  it('`--browser system` prints with an installed one and says so; with none installed, it says that and builds nothing', async () => {
    const [installed] = await installedBrowsers();
    if (process.env.CI) expect(installed, 'CI installs Debian’s chromium (.ci/run)').toBeDefined();
    const result = await octavo(['build', manuscript, '--out', path.join(dir, 'e'), '--format', 'pdf', '--browser', 'system'], { env: epoch });
    if (installed) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`printed with an installed browser \\(\\S+, ${installed.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\), not the Chromium Octavo pins`));
      expect(producer(await readFile(path.join(dir, 'e', 'pinned.pdf')))).toContain('(system Chromium, ');
    } else {
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('--browser system: no installed Chrome, Chromium or Edge was found');
    }
  }, 120_000);
});
