import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseBrowser, pinnedBrowser, pinnedBrowserCommand, pinnedChromium, unpackedChromium } from '../../src/browser/find.ts';

describe('which browser a build prints with', () => {
  const where = (platform: NodeJS.Platform, arch: string, embeddedInstalled = false) => ({ platform, arch, embeddedInstalled });

  it('the Chromium Octavo pins by default: embedded on Linux x64, fetched on every other platform', () => {
    expect(chooseBrowser(where('linux', 'x64', true))).toBe('embedded');
    // `npm install --omit=optional` leaves the embedded one out: the same branch is fetched instead.
    expect(chooseBrowser(where('linux', 'x64', false))).toBe('pinned');
    for (const [platform, arch] of [['darwin', 'arm64'], ['darwin', 'x64'], ['win32', 'x64'], ['linux', 'arm64']] as const) {
      expect(chooseBrowser(where(platform, arch)), `${platform} ${arch}`).toBe('pinned');
    }
  });

  it('an installed browser only when asked: a path, PUPPETEER_EXECUTABLE_PATH, or `--browser system`', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(chooseBrowser({ ...where(platform, 'x64', true), executablePath: 'system' })).toBe('system');
      expect(chooseBrowser({ ...where(platform, 'x64', true), executablePath: '/opt/chrome' })).toBe('option');
      expect(chooseBrowser({ ...where(platform, 'x64', true), envPath: '/opt/chrome' })).toBe('env');
    }
  });
});

/**
 * The fetch itself, by the real @puppeteer/browsers `install`, from a server on this machine
 * standing in for Chrome for Testing (PUPPETEER_CHROME_HEADLESS_SHELL_DOWNLOAD_BASE_URL, the
 * variable puppeteer reads for a mirror): nothing is fetched from outside, whatever the network.
 */
describe('the pinned Chromium fetched once into the cache', () => {
  let server: Server;
  let base: string;
  let tmp: string;
  const requests: string[] = [];
  // A stand-in archive in Chrome for Testing's layout: one executable where the real one would be.
  const archive = zipSync({ 'chrome-headless-shell-linux64/chrome-headless-shell': [new TextEncoder().encode('#!/bin/sh\necho "Chromium 147.0.7727.15"\n'), { os: 3, attrs: 0o100755 << 16 }] });

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'octavo-browser-fetch-'));
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      if (request.url?.startsWith('/served/')) response.end(archive);
      else response.writeHead(404).end('no such build');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(tmp, { recursive: true, force: true });
  });

  it('says what it fetches and the command that does the same, then fetches it only the first time', async () => {
    const cacheDir = path.join(tmp, 'cache');
    const said: string[] = [];
    const env = { PUPPETEER_CHROME_HEADLESS_SHELL_DOWNLOAD_BASE_URL: `${base}/served` };
    const first = await pinnedChromium(cacheDir, (message) => said.push(message), env);
    expect(first.source).toBe('pinned');
    expect(first.path).toBe(path.join(cacheDir, 'chrome-headless-shell', `linux-${pinnedBrowser.buildId}`, 'chrome-headless-shell-linux64', 'chrome-headless-shell'));
    expect(said).toEqual([`Fetching the Chromium Octavo pins, once, into ${cacheDir}: npx @puppeteer/browsers install chrome-headless-shell@${pinnedBrowser.buildId} --path ${cacheDir}`]);
    expect(requests.filter((url) => url.startsWith('/served/'))).toEqual([`/served/${pinnedBrowser.buildId}/linux64/chrome-headless-shell-linux64.zip`]);

    const second = await pinnedChromium(cacheDir, (message) => said.push(message), env);
    expect(second).toEqual(first);
    expect(said).toHaveLength(1);
    expect(requests.filter((url) => url.startsWith('/served/'))).toHaveLength(1);
  });

  it('a download that fails is an error saying so plainly, with the command to run and the way to use an installed browser', async () => {
    const missing = path.join(tmp, 'missing');
    const failed = pinnedChromium(missing, undefined, { PUPPETEER_CHROME_HEADLESS_SHELL_DOWNLOAD_BASE_URL: `${base}/absent` });
    await expect(failed).rejects.toThrow(`Could not download the Chromium Octavo pins (chrome-headless-shell ${pinnedBrowser.buildId}): `);
    await expect(failed).rejects.toThrow(/404/);
    await expect(failed).rejects.toThrow(`Run \`${pinnedBrowserCommand(missing)}\` where the network allows, or print with an installed Chrome, Chromium or Edge instead: --browser system (or --browser PATH)`);

    // No server at all, as on a machine whose network reaches no download host.
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    await expect(pinnedChromium(path.join(tmp, 'offline'), undefined, { PUPPETEER_CHROME_HEADLESS_SHELL_DOWNLOAD_BASE_URL: `http://127.0.0.1:${closed}` })).rejects.toThrow(/Could not download the Chromium Octavo pins .*ECONNREFUSED/);
  });

  it('quotes a cache folder with spaces in the command it prints', () => {
    expect(pinnedBrowserCommand('/Users/a b/.cache/puppeteer')).toBe(`npx @puppeteer/browsers install chrome-headless-shell@${pinnedBrowser.buildId} --path "/Users/a b/.cache/puppeteer"`);
  });

  it('finds the Chromium @sparticuz/chromium unpacked before without loading the package, and leaves the rest to the package', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'octavo-unpacked-'));
    try {
      let asked = 0;
      const installed = () => (asked++, true);
      // Nothing unpacked yet: the package unpacks it (a few seconds, once).
      expect(unpackedChromium({}, folder, installed)).toBeUndefined();
      await writeFile(path.join(folder, 'chromium'), '');
      expect(unpackedChromium({}, folder, installed)).toBe(path.join(folder, 'chromium'));
      expect(asked).toBe(1);
      // Unpacked, but the package is not installed (it was removed since): not its Chromium.
      expect(unpackedChromium({}, folder, () => false)).toBeUndefined();
      // On an AWS image the package sets up its libraries as it loads: it must load.
      expect(unpackedChromium({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x' }, folder, installed)).toBeUndefined();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
