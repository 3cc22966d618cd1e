import type { HTTPRequest, Page } from 'puppeteer-core';

/** Chromium switches that keep it from reaching the network on its own. */
export const offlineArgs = [
  // No host name resolves, so nothing is fetched even if a request slipped past interception.
  '--host-resolver-rules=MAP * ~NOTFOUND',
  // Host names are not all: an IP address (127.0.0.1, a LAN address) needs no resolver. Every
  // connection Chromium would make goes to a proxy that is not there, loopback included
  // (`<-loopback>` removes Chromium's implicit bypass). The DevTools pipe puppeteer talks over is not a connection it makes.
  '--proxy-server=127.0.0.1:1',
  '--proxy-bypass-list=<-loopback>',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-domain-reliability',
  '--disable-sync',
  '--no-pings',
  '--dns-prefetch-disable',
];

/**
 * Lets the page load only what it was handed inline (`data:` URLs, `about:blank`) and aborts
 * every other request. Returns the list of blocked URLs, filled as the page loads.
 */
export async function keepOffline(page: Page): Promise<string[]> {
  const blocked: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    if (request.isInterceptResolutionHandled()) return;
    const url = request.url();
    if (url.startsWith('data:') || url === 'about:blank') {
      void request.continue();
    } else {
      blocked.push(url);
      void request.abort('blockedbyclient');
    }
  });
  return blocked;
}
