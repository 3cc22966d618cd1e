import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { untilAborted } from '../abortable.ts';
import type { ProjectBuildResult } from '../build.ts';
import type { Flags } from '../config/project.ts';
import { octavoRequire as require } from '../paths.ts';
import { messageRecords } from '../report.ts';
import { Watcher } from '../watch.ts';
import { describe } from '../writers/formats.ts';
import { previewPage } from './page.ts';

export interface PreviewOptions {
  input?: string;
  flags?: Flags;
  /** Port on 127.0.0.1 (default: 4173; 0 for any free port). */
  port?: number;
  executablePath?: string;
  browserTimeout?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/** The reading systems the page runs, served from node_modules: nothing is fetched from the web. */
const vendor: Record<string, { file: () => string; type: string }> = {
  'epub.js': { file: () => path.join(path.dirname(require.resolve('epubjs/package.json')), 'dist/epub.min.js'), type: 'text/javascript' },
  'jszip.js': { file: () => path.join(path.dirname(require.resolve('jszip/package.json')), 'dist/jszip.min.js'), type: 'text/javascript' },
  'pdf.mjs': { file: () => path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'build/pdf.min.mjs'), type: 'text/javascript' },
  'pdf.worker.mjs': { file: () => path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'build/pdf.worker.min.mjs'), type: 'text/javascript' },
};

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

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (url.pathname === '/') {
      response.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
      response.end(previewPage());
      return;
    }
    if (url.pathname === '/events') {
      response.writeHead(200, { ...headers, 'content-type': 'text/event-stream', connection: 'keep-alive' });
      clients.add(response);
      request.on('close', () => clients.delete(response));
      if (watcher.last) response.write(`event: build\ndata: ${JSON.stringify(buildState(watcher.last.result, watcher.last.elapsed, watcher.builds))}\n\n`);
      return;
    }
    const vendored = url.pathname.startsWith('/vendor/') ? vendor[url.pathname.slice('/vendor/'.length)] : undefined;
    const artifact = url.pathname.startsWith('/artifacts/') ? artifacts.get(decodeURIComponent(url.pathname.slice('/artifacts/'.length))) : undefined;
    const file = vendored?.file() ?? artifact?.file;
    if (!file) {
      response.writeHead(404, { ...headers, 'content-type': 'text/plain' });
      response.end('Not found');
      return;
    }
    const type = vendored?.type ?? artifact?.type ?? 'application/octet-stream';
    stat(file).then(
      (info) => {
        response.writeHead(200, { ...headers, 'content-type': type, 'content-length': info.size });
        createReadStream(file).pipe(response);
      },
      () => {
        response.writeHead(404, { ...headers, 'content-type': 'text/plain' });
        response.end('Not built yet');
      },
    );
  });

  const port = options.port ?? 4173;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      // The usual port taken (another preview): any free one, rather than failing.
      if (error.code === 'EADDRINUSE' && options.port === undefined) server.listen(0, '127.0.0.1', resolve);
      else reject(error);
    });
    server.listen(port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  await watcher.start();
  const close = async () => {
    for (const client of clients) client.end();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections?.();
    await watcher.close();
  };
  return { url, server, watcher, close };
}

/** Runs the preview until interrupted; exit status 0 when stopped by Ctrl-C. */
export async function preview(options: PreviewOptions): Promise<number> {
  const session = await startPreview(options);
  options.log?.(`Preview at ${session.url} (Ctrl-C to stop)`);
  try {
    await untilAborted(options.signal);
    return 0;
  } finally {
    await session.close();
  }
}
