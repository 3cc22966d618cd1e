import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import puppeteer from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { puppeteerDefaultArgs } from '../src/browser/chromium-args.ts';
import { PipeTransport } from '../src/browser/pipe-transport.ts';
import { BrowserSession } from '../src/browser/session.ts';
import { temporaryParent } from '../src/browser/temporary.ts';
import { living } from './helpers/processes.ts';

/** Chromium folders (profile and temporary files) in Octavo's run folders that no running process uses (other test files may be printing meanwhile). */
const orphanProfiles = () =>
  readdirSync(temporaryParent())
    .filter((name) => name.startsWith('octavo-run-'))
    .flatMap((run) => readdirSync(path.join(temporaryParent(), run)).map((name) => path.join(run, name)))
    .filter((name) => living(name).length === 0);

/**
 * Octavo starts Chromium itself, before puppeteer-core has loaded, and attaches puppeteer to its
 * DevTools pipe: the same switches as puppeteer's launch(), the same messages, the same clean-up.
 */
describe('starting Chromium without puppeteer.launch()', () => {
  it("uses the switches the installed puppeteer-core's launch() would", () => {
    for (const headless of ['shell', true] as const) {
      expect(puppeteerDefaultArgs(headless)).toEqual(puppeteer.defaultArgs({ headless }));
    }
  });

  it('reads NUL-terminated messages split across chunks, and keeps those and the close that come before puppeteer attaches', async () => {
    const toBrowser = new PassThrough();
    const fromBrowser = new PassThrough();
    const transport = new PipeTransport(toBrowser, fromBrowser);
    fromBrowser.write('{"id":1,"res');
    fromBrowser.write('ult":{}}\0{"id":2}\0{"id"');
    fromBrowser.end(':3}\0');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const received: string[] = [];
    let closed = false;
    await new Promise<void>((resolve) => {
      transport.onmessage = (message) => received.push(message);
      transport.onclose = () => {
        closed = true;
        resolve();
      };
    });
    expect(received).toEqual(['{"id":1,"result":{}}', '{"id":2}', '{"id":3}']);
    expect(closed).toBe(true);

    let written = '';
    toBrowser.on('data', (chunk) => (written += chunk));
    const live = new PipeTransport(toBrowser, new PassThrough());
    live.send('{"id":4}');
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toBe('{"id":4}\0');
  });

  it('reports a browser that exits as it starts, tries it twice, and leaves no profile behind', async () => {
    const before = orphanProfiles();
    await expect(BrowserSession.launch({ executablePath: '/bin/false' })).rejects.toThrow(/^Chromium did not start, twice: Chromium exited as it started \(exit status 1\)$/);
    expect(orphanProfiles().filter((name) => !before.includes(name))).toEqual([]);
  });

  it('names the exit, not the closed pipe, when a browser closes its DevTools pipe and then exits', async () => {
    // The race seen under load with /bin/false: the pipe's end failed the attach ("Target closed") before the exit was seen.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'octavo-false-browser-'));
    const executable = path.join(dir, 'chromium');
    writeFileSync(executable, '#!/bin/sh\nexec 3>&- 4>&-\nsleep 0.3\nexit 1\n', { mode: 0o755 });
    try {
      await expect(BrowserSession.launch({ executablePath: executable })).rejects.toThrow(/^Chromium did not start, twice: Chromium exited as it started \(exit status 1\)$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ends the browser and removes its profile on close', async () => {
    const session = await BrowserSession.launch();
    const pid = session.pid!;
    const profile = /--user-data-dir=(\S+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '))![1];
    expect(existsSync(profile)).toBe(true);
    await session.close();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(living(profile)).toEqual([]);
    expect(existsSync(profile)).toBe(false);
  });
});
