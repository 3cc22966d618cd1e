import { spawn } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { untilAborted } from '../abortable.ts';
import type { ProjectBuildResult } from '../build.ts';
import type { Flags } from '../config/project.ts';
import { octavoRoot, vendorFile } from '../paths.ts';
import { messageRecords } from '../report.ts';
import { Watcher } from '../watch.ts';
import { describe } from '../writers/formats.ts';

export interface PreviewOptions {
  input?: string;
  flags?: Flags;
  /** Port on 127.0.0.1 (default: 4173; 0 for any free port). */
  port?: number;
  /** Open the page in the system's browser once it is served (default: false). */
  open?: boolean;
  executablePath?: string;
  browserTimeout?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/** The reading systems the page runs, served from Octavo's vendor/: nothing is fetched from the web. */
const vendor: Record<string, { file: () => string; type: string }> = {
  'epub.js': { file: () => vendorFile('epubjs', 'epub.min.js'), type: 'text/javascript' },
  'jszip.js': { file: () => vendorFile('jszip', 'jszip.min.js'), type: 'text/javascript' },
  'pdf.mjs': { file: () => vendorFile('pdfjs-dist', 'pdf.min.mjs'), type: 'text/javascript' },
  'pdf.worker.mjs': { file: () => vendorFile('pdfjs-dist', 'pdf.worker.min.mjs'), type: 'text/javascript' },
};

/**
 * The page (`client.html`) and its script (`client.js`): static files, read once per process.
 * A checkout serves them from src/preview/; the package from lib/preview/, where `npm run
 * compile` copies them (this module may run from a bundle elsewhere, so not beside itself).
 */
const clientFiles = { '/': { name: 'client.html', type: 'text/html; charset=utf-8' }, '/client.js': { name: 'client.js', type: 'text/javascript; charset=utf-8' } };
let client: Promise<Map<string, { data: Buffer; type: string }>> | undefined;
function loadClient(): Promise<Map<string, { data: Buffer; type: string }>> {
  client ??= (async () => {
    const dir = ['src', 'lib'].map((folder) => path.join(octavoRoot, folder, 'preview')).find((folder) => existsSync(path.join(folder, 'client.html')));
    if (!dir) throw new Error(`The preview page is missing from ${octavoRoot}: reinstall Octavo`);
    return new Map(await Promise.all(Object.entries(clientFiles).map(async ([route, file]) => [route, { data: await readFile(path.join(dir, file.name)), type: file.type }] as const)));
  })();
  return client;
}

/** True when `host` (a request's Host header) names this server: 127.0.0.1 or localhost, on its port. */
export function ownHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const match = /^(127\.0\.0\.1|localhost):(\d+)$/i.exec(host.trim());
  return match !== null && Number(match[2]) === port;
}

/** The decoded path of a request's URL, or undefined when it is not one (bad escapes, no path). */
function requestPath(url: string | undefined): string | undefined {
  if (!url?.startsWith('/')) return undefined;
  try {
    return decodeURIComponent(new URL(url, 'http://127.0.0.1').pathname);
  } catch {
    return undefined;
  }
}

/** What the page needs to know of a build: the artifacts to show and the messages. */
function buildState(result: ProjectBuildResult | undefined, elapsed: number, builds: number) {
  return {
    builds,
    ok: result?.ok ?? false,
    ms: Math.round(elapsed),
    publications: (result?.builds ?? []).map((build) => ({
      name: build.publication?.name ?? '',
      artifacts: Object.fromEntries(build.artifacts.map((artifact) => [artifact.format, `/artifacts/${encodeURIComponent(path.basename(artifact.path))}`])),
    })),
    messages: result ? messageRecords(result.files) : [],
  };
}

/**
 * `octavo preview`: builds and watches like `build --watch`, and serves on 127.0.0.1 a page
 * that shows the HTML page, the PDF's pages (pdf.js) and the e-book (epub.js) side by side,
 * with the diagnostics; every rebuild is pushed to the page (server-sent events), which reloads
 * all three. Only loopback: nothing is served to the network.
 */
export async function startPreview(options: PreviewOptions): Promise<{ url: string; server: Server; watcher: Watcher; close: () => Promise<void> }> {
  const page = await loadClient();
  const clients = new Set<ServerResponse>();
  /** The newest artifact files, by the name the page asks for. */
  const artifacts = new Map<string, { file: string; type: string }>();
  const send = (state: ReturnType<typeof buildState>) => {
    for (const client of clients) client.write(`event: build\ndata: ${JSON.stringify(state)}\n\n`);
  };
  const watcher = new Watcher({
    input: options.input,
    flags: options.flags,
    executablePath: options.executablePath,
    browserTimeout: options.browserTimeout,
    signal: options.signal,
    log: options.log,
    onBuild: (result, elapsed) => {
      for (const build of result.builds) for (const artifact of build.artifacts) artifacts.set(path.basename(artifact.path), { file: path.resolve(artifact.path), type: describe(artifact.format).mediaType });
      send(buildState(result, elapsed, watcher.builds));
    },
  });

  let port = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    try {
      answer(request, response);
    } catch {
      // Whatever a request holds, the preview answers it and stays up.
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('Internal error');
    }
  });
  // A socket that breaks mid-request is that request's problem, not the server's.
  server.on('clientError', (_error, socket) => socket.destroy());

  const answer = (request: IncomingMessage, response: ServerResponse) => {
    const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    const plain = (status: number, text: string) => {
      response.writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
      response.end(text);
    };
    // DNS rebinding: a page on another site whose name now points at 127.0.0.1 sends its own Host; only ours is answered.
    if (!ownHost(request.headers.host, port)) return plain(421, 'This preview answers only to its own address');
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Only GET');
    const pathname = requestPath(request.url);
    if (pathname === undefined) return plain(400, 'Bad request');
    const own = page.get(pathname);
    if (own) {
      response.writeHead(200, { ...headers, 'content-type': own.type, 'content-length': own.data.byteLength });
      response.end(request.method === 'HEAD' ? undefined : own.data);
      return;
    }
    if (pathname === '/events') {
      response.writeHead(200, { ...headers, 'content-type': 'text/event-stream', connection: 'keep-alive' });
      clients.add(response);
      request.on('close', () => clients.delete(response));
      if (watcher.last) response.write(`event: build\ndata: ${JSON.stringify(buildState(watcher.last.result, watcher.last.elapsed, watcher.builds))}\n\n`);
      return;
    }
    // Own keys only: `/vendor/constructor` must not reach Object.prototype.
    const vendorName = pathname.startsWith('/vendor/') ? pathname.slice('/vendor/'.length) : undefined;
    const vendored = vendorName !== undefined && Object.hasOwn(vendor, vendorName) ? vendor[vendorName] : undefined;
    const artifact = pathname.startsWith('/artifacts/') ? artifacts.get(pathname.slice('/artifacts/'.length)) : undefined;
    const file = vendored?.file() ?? artifact?.file;
    if (!file) return plain(404, 'Not found');
    const type = vendored?.type ?? artifact?.type ?? 'application/octet-stream';
    stat(file).then(
      (info) => {
        response.writeHead(200, { ...headers, 'content-type': type, 'content-length': info.size });
        if (request.method === 'HEAD') return void response.end();
        // Replaced by a rebuild between the stat and the read: the connection ends, the server stays.
        createReadStream(file).on('error', () => response.destroy()).pipe(response);
      },
      () => plain(404, 'Not built yet'),
    );
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      // The usual port taken (another preview): any free one, rather than failing.
      if (error.code === 'EADDRINUSE' && options.port === undefined) server.listen(0, '127.0.0.1', resolve);
      else reject(error);
    });
    server.listen(options.port ?? 4173, '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  await watcher.start();
  const close = async () => {
    for (const client of clients) client.end();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections?.();
    await watcher.close();
  };
  return { url, server, watcher, close };
}

/** The system's own command that opens an address in the user's browser. */
function openerFor(url: string): [string, string[]] {
  if (process.platform === 'darwin') return ['open', [url]];
  if (process.platform === 'win32') return ['cmd', ['/c', 'start', '""', url]];
  return ['xdg-open', [url]];
}

/** Opens `url` in the system's browser: true, or why not (no opener installed, or it failed). */
export function openInBrowser(url: string): Promise<true | string> {
  const [command, args] = openerFor(url);
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ENOENT' ? `no \`${command}\`` : error.message));
    child.once('exit', (code) => resolve(code === 0 ? true : `\`${command}\` exited with ${code}`));
    child.unref();
  });
}

/** Runs the preview until interrupted; exit status 0 when stopped by Ctrl-C. */
export async function preview(options: PreviewOptions): Promise<number> {
  const session = await startPreview(options);
  options.log?.(`Preview at ${session.url} (Ctrl-C to stop)`);
  if (options.open) {
    const opened = await openInBrowser(session.url);
    if (opened !== true) options.log?.(`Could not open a browser (${opened}): open ${session.url} yourself`);
  }
  try {
    await untilAborted(options.signal);
    return 0;
  } finally {
    await session.close();
  }
}
