import { access, constants } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/browser/find.ts';
import { BrowserFault, BrowserSession, BrowserTooSlow, charactersPerTimeout } from '../src/browser/session.ts';

describe('findBrowser', () => {
  it('takes an explicit path first, and says clearly when it is wrong', async () => {
    await expect(findBrowser({ executablePath: '/no/such/chrome' })).rejects.toThrow('The browser `/no/such/chrome` does not exist or is not executable');
  });

  it('takes PUPPETEER_EXECUTABLE_PATH next', async () => {
    await expect(findBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: '/no/such/chromium' } })).rejects.toThrow('PUPPETEER_EXECUTABLE_PATH is `/no/such/chromium`');
    const node = await findBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: process.execPath } });
    expect(node).toEqual({ path: process.execPath, source: 'env' });
  });

  it('falls back to the Chromium inside the @sparticuz/chromium package', async () => {
    const embedded = await findBrowser({ env: {} });
    expect(embedded.source).toBe('embedded');
    await access(embedded.path, constants.X_OK);
  });
});

describe('BrowserSession offline printing', () => {
  let server: Server;
  let hits = 0;
  let origin: string;

  beforeAll(async () => {
    server = createServer((_, response) => {
      hits += 1;
      response.end('body { color: red }');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('prints a page and refuses every request it makes, so nothing reaches a server', async () => {
    const session = await BrowserSession.launch();
    try {
      const html = `<!doctype html><html lang="en"><head><title>t</title><link rel="stylesheet" href="${origin}/style.css"></head>
        <body><h1>Offline</h1><img alt="remote" src="${origin}/image.png"><img alt="named" src="https://example.com/x.png">
        <iframe title="f" src="file:///etc/passwd"></iframe><img alt="inline" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></body></html>`;
      const { pdf, blocked } = await session.printPdf(html);
      expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
      expect(blocked).toEqual(expect.arrayContaining([`${origin}/style.css`, `${origin}/image.png`, 'https://example.com/x.png']));
      expect(blocked.some((url) => url.startsWith('data:'))).toBe(false);
      expect(hits).toBe(0);
    } finally {
      await session.close();
    }
  });
});

describe('BrowserSession print page', () => {
  it('opens the first print\'s page as the browser comes up (while the manuscript is read): that print opens none of its own, a later one does', async () => {
    const session = await BrowserSession.launch();
    try {
      expect(session.printPagesOpened).toBe(1);
      const html = '<!doctype html><html lang="en"><head><title>t</title></head><body><p>One</p><img alt="remote" src="https://example.com/x.png"></body></html>';
      const first = await session.printPdf(html);
      expect(new TextDecoder().decode(first.pdf.subarray(0, 5))).toBe('%PDF-');
      // The page opened at the launch is kept offline like any other.
      expect(first.blocked).toEqual(['https://example.com/x.png']);
      expect(session.printPagesOpened).toBe(1);
      const second = await session.printPdf(html);
      expect(second.blocked).toEqual(['https://example.com/x.png']);
      expect(session.printPagesOpened).toBe(2);
    } finally {
      await session.close();
    }
  });
});

describe('BrowserSession deadlines (issue 12, any size)', () => {
  it('gives a print time by the size of its document: the timeout per million characters, never less than the timeout; for Paged.js, times 1 + millions', async () => {
    const session = await BrowserSession.launch({ timeout: 5_000 });
    try {
      expect(session.printDeadline(1_000)).toBe(5_000);
      expect(session.printDeadline(charactersPerTimeout)).toBe(5_000);
      expect(session.printDeadline(6.4 * charactersPerTimeout)).toBe(32_000);
      // Paged.js: its time per page grows with the book, so the deadline grows with the square.
      expect(session.printDeadline(1_000, 'growing')).toBe(10_000);
      expect(session.printDeadline(2 * charactersPerTimeout, 'growing')).toBe(30_000);
      expect(session.printDeadline(6.4 * charactersPerTimeout, 'growing')).toBe(236_800);
    } finally {
      await session.close();
    }
  });

  it('a print past its deadline, while the browser answers, is BrowserTooSlow (not a fault, not retried); the next print gets a fresh browser', async () => {
    const session = await BrowserSession.launch();
    try {
      const paragraphs = Array.from({ length: 3_000 }, (_, i) => `<p>Paragraph ${i} of a document long enough that laying it out and printing it takes far more than a few milliseconds.</p>`).join('');
      const html = `<!doctype html><html lang="en"><head><title>t</title></head><body>${paragraphs}</body></html>`;
      const pid = session.pid;
      const error = await session.printPdf(html, { deadline: 50 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(BrowserTooSlow);
      expect(error).not.toBeInstanceOf(BrowserFault);
      expect((error as BrowserTooSlow).deadline).toBe(50);
      expect((error as Error).message).toBe('Chromium was still at the print after 0 s (--browser-timeout sets how long it may take)');
      expect(session.restarts).toBe(0);
      expect(session.pid).not.toBe(pid);
      const { pdf } = await session.printPdf('<!doctype html><html lang="en"><title>t</title><p>After.</p></html>');
      expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
    } finally {
      await session.close();
    }
  }, 120_000);

  it('runs one operation at a time: a cover asked during a long print waits for it, its deadline counting from its own start', async () => {
    // 2 s for the cover (and to answer the heartbeat); the print, given a minute, takes longer than that here
    // (3-8 s by load): asked at once, the cover used to wait out its 2 s behind it.
    const session = await BrowserSession.launch({ timeout: 2_000 });
    try {
      const paragraphs = Array.from({ length: 10_000 }, (_, i) => `<p>Paragraph ${i} of a document that takes the browser a while to lay out and print.</p>`).join('');
      const ended: string[] = [];
      const print = session.printPdf(`<!doctype html><html lang="en"><head><title>t</title></head><body>${paragraphs}</body></html>`, { deadline: 60_000 }).then(() => ended.push('print'));
      const cover = session.screenshot('<!doctype html><html lang="en"><title>c</title><p>Cover</p></html>', { width: 200, height: 300 }).then(() => ended.push('cover'));
      await Promise.all([print, cover]);
      expect(ended).toEqual(['print', 'cover']);
    } finally {
      await session.close();
    }
  }, 120_000);
});
