import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.ts';
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
    // The EPUB's fonts and stylesheet, which need no page list, are made while Chromium prints, before its PDF is read back.
    expect(at('start', 'epub: fonts and stylesheet')).toBeGreaterThan(laidOut);
    expect(at('end', 'epub: fonts and stylesheet')).toBeLessThan(at('start', 'pdf: read back'));
  }, 120_000);
});
