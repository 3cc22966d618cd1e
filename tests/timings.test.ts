import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { BrowserProvider } from '../src/browser/provider.ts';
import { build, buildProject } from '../src/build.ts';
import type { StageEvent } from '../src/progress.ts';
import { octavo } from './helpers/cli.ts';

describe('--timings', () => {
  it('gives each stage of a build an address: read, parse, each writer, browser launch, layout and print, PDF write, zip', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'octavo-timings-'));
    const result = await octavo(['build', 'manuscript', '--out', out, '--timings']);
    expect(result.code).toBe(0);
    const stages = new Map([...result.stdout.matchAll(/^ {2}(.+?)\s+(\d+\.\d{3}) s$/gm)].map((match) => [match[1], Number(match[2])]));
    for (const stage of ['browser launch', 'read: files (1)', 'read: parse and transform (unified)', 'read', 'template and fonts', 'html writer', 'epub: cover', 'pdf: layout and print (Chromium)', 'pdf: read back', 'pdf: metadata and write', 'epub: check', 'epub: zip', 'epub writer', 'pdf writer']) {
      expect(stages.has(stage), stage).toBe(true);
    }
    // The parts of the read add up to no more than the read.
    const parts = [...stages].filter(([stage]) => stage.startsWith('read: ')).reduce((sum, [, seconds]) => sum + seconds, 0);
    expect(parts).toBeLessThanOrEqual(stages.get('read')! + 0.002);
    expect(result.stdout).toMatch(/^built in \d+\.\d\d s$/m);
    // Each artifact line shows its own writer's time (plus its write), not one time for all: the HTML page is made in a fraction of the PDF's.
    const artifacts = new Map([...result.stdout.matchAll(/^\S+\.(epub|pdf|html) +[\d.]+ [kM]?B {2}(\d+\.\d\d) s$/gm)].map((match) => [match[1], Number(match[2])]));
    expect(artifacts.size).toBe(3);
    expect(artifacts.get('html')!).toBeGreaterThanOrEqual(stages.get('html writer')! - 0.01);
    expect(new Set(artifacts.values()).size, 'one time for all three').toBeGreaterThan(1);
    expect(artifacts.get('pdf')!).toBeGreaterThanOrEqual(stages.get('pdf writer')! - 0.01);
  }, 120_000);

  it('starts the HTML writer, and the EPUB\'s fonts and stylesheet, once Chromium prints, not before: the print document is made and handed over first, and the rest is made while Chromium prints', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'octavo-order-'));
    // The writers' modules loaded first, as the CLI's bundle has them: under vitest with its module
    // cache cold (a fresh machine) their transform alone outlasted the review's print.
    await Promise.all([import('../src/writers/epub/index.ts'), import('../src/writers/pdf/index.ts'), import('../src/writers/html.ts')]);
    const events: StageEvent[] = [];
    const result = await build({ input: 'manuscript', out, formats: ['epub', 'pdf', 'html'], sourceDateEpoch: '0', onStep: (event) => void events.push(event) });
    expect(result.ok).toBe(true);
    const at = (kind: StageEvent['kind'], stage: string) => events.findIndex((event) => event.kind === kind && event.stage === stage);
    // The layout check is the print's last step before Chromium prints the pages.
    const laidOut = at('end', 'pdf: layout check');
    const html = at('start', 'html writer');
    expect(laidOut).toBeGreaterThan(-1);
    expect(html).toBeGreaterThan(laidOut);
    expect(at('start', 'pdf: layout and print (Chromium)')).toBeLessThan(html);
    // The EPUB's fonts and stylesheet, which need no page list, are begun while Chromium prints, before its PDF is read back.
    // (Whether they also end first is a race between a loaded machine's threads, not the build's order.)
    expect(at('start', 'epub: fonts and stylesheet')).toBeGreaterThan(laidOut);
    expect(at('start', 'epub: fonts and stylesheet')).toBeLessThan(at('start', 'pdf: read back'));
  }, 120_000);

  it('ends a released browser as soon as the writers are done, before the artifacts are written, still saying which browser printed and how long it took to start', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'octavo-release-'));
    const browser = new BrowserProvider();
    const closeNow = browser.close.bind(browser);
    // Whether the PDF was on disk yet, at each call.
    const written: boolean[] = [];
    const close = vi.spyOn(browser, 'close').mockImplementation(() => {
      written.push(existsSync(path.join(out, 'manuscript.pdf')));
      return closeNow();
    });
    const ends: string[] = [];
    try {
      const result = await buildProject({ input: 'manuscript', browser, releaseBrowser: true, flags: { out }, onProgress: (event) => {
        if (event.kind === 'end') ends.push(event.stage);
        if (event.kind === 'publication' && event.state === 'end') ends.push(`closed ${close.mock.calls.length}`);
      } });
      expect(result.ok).toBe(true);
      // Called by the build, once, after every writer had ended (the CLI's own close then waits for that end).
      expect(ends.indexOf('closed 1')).toBeGreaterThan(ends.indexOf('pdf writer'));
      expect(ends.indexOf('closed 1')).toBeGreaterThan(ends.indexOf('epub writer'));
      expect(written[0]).toBe(false);
      expect(existsSync(path.join(out, 'manuscript.pdf'))).toBe(true);
      expect(result.builds[0].browser?.version).toBeTruthy();
      expect(result.builds[0].timings.some((timing) => timing.stage === 'browser launch')).toBe(true);
      expect(browser.started).toBe(false);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
