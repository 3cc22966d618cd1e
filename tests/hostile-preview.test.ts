import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview } from '../src/preview/server.ts';

/** One answer: the status, or the reason there was none. */
interface Answer {
  status?: number;
  error?: string;
}

function get(port: number, agent: Agent, target: string, headers: Record<string, string>, method = 'GET'): Promise<Answer> {
  return new Promise((resolve) => {
    const call = request({ host: '127.0.0.1', port, path: target, method, headers, agent, setHost: false }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode }));
      response.on('error', (error) => resolve({ error: error.message }));
    });
    call.on('error', (error) => resolve({ error: error.message }));
    call.setTimeout(10_000, () => call.destroy(new Error('no answer in 10 s')));
    call.end();
  });
}

/** A request written byte by byte: what an HTTP client would refuse to send. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.setTimeout(5_000, () => socket.destroy());
    socket.end(text);
  });
}

/** True when the server would read `target` as its never-ending `/events` stream. */
function isEventStream(target: string): boolean {
  try {
    return decodeURIComponent(new URL(target, 'http://127.0.0.1').pathname) === '/events';
  } catch {
    return false;
  }
}

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const prototypeKeys = ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];
const pieces = [...prototypeKeys, 'vendor', 'artifacts', 'events', 'epub.js', 'pdf.mjs', 'fuzz.html', 'fuzz.pdf', '..', '.', '%2e%2e', '%2F', '%00', '%E0%A4%A', '%', '%%', '%C0%AF', '%uFFFF', 'é', '日本', '🙂', '\\', '~', 'a'.repeat(300), ';', '?x=1', '#frag', '//'];
const hosts = ['OWN', 'OWN', 'localhost:PORT', 'LOCALHOST:PORT', '127.0.0.1', 'localhost', 'evil.example', 'evil.example:PORT', '127.0.0.1:1', '127.0.0.1.evil.example:PORT', '[::1]:PORT', '', ' ', 'OWN, evil.example', '127.0.0.1:PORT@evil.example'];

describe('the preview server under hostile requests', () => {
  let dir: string;
  let session: Awaited<ReturnType<typeof startPreview>>;
  let port: number;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'octavo-preview-fuzz-'));
    await writeFile(path.join(dir, 'fuzz.md'), '---\ntitle: Fuzz\nlang: en\n---\n\n# Fuzz\n\nA page to serve.\n');
    // HTML only: the server is under test, not the printer.
    session = await startPreview({ input: path.join(dir, 'fuzz.md'), flags: { formats: ['html'], out: path.join(dir, 'out') }, port: 0 });
    port = Number(new URL(session.url).port);
  }, 60_000);
  afterAll(async () => {
    await session?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only', () => {
    const address = session.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
  });

  it('answers a prototype key with 404, and stays up', async () => {
    const agent = new Agent();
    const own = { host: `127.0.0.1:${port}` };
    for (const key of prototypeKeys) {
      expect(await get(port, agent, `/vendor/${key}`, own)).toEqual({ status: 404 });
      expect(await get(port, agent, `/artifacts/${key}`, own)).toEqual({ status: 404 });
    }
    expect(await get(port, agent, '/artifacts/%E0%A4%A', own)).toEqual({ status: 400 });
    expect(await get(port, agent, '/artifacts/fuzz.html', own)).toEqual({ status: 200 });
    agent.destroy();
  });

  it('answers only requests whose Host is its own (DNS rebinding)', async () => {
    const agent = new Agent();
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) expect(await get(port, agent, '/artifacts/fuzz.html', { host })).toEqual({ status: 200 });
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', `127.0.0.1:${port}.evil.example`]) {
      expect(await get(port, agent, '/artifacts/fuzz.html', { host })).toEqual({ status: 421 });
      expect(await get(port, agent, '/', { host })).toEqual({ status: 421 });
    }
    // HTTP/1.0 without a Host header at all.
    expect(await raw(port, 'GET /artifacts/fuzz.html HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 421 /);
    agent.destroy();
  });

  it('answers 10,000 generated requests and stays up', async () => {
    const next = random(13);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const methods = ['GET', 'GET', 'GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS', 'PROPFIND'];
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    const total = 10_000;
    let made = 0;
    const worker = async () => {
      while (made < total) {
        made++;
        const segments = Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(pieces));
        const prefix = pick(['/', '/vendor/', '/artifacts/', '/events/', '//', '/./']);
        // Node's client refuses raw spaces, control characters and non-ASCII in a path: those go percent-encoded.
        const target = (prefix + segments.join(pick(['/', '', '.']))).replace(/[^\u0021-\u007e]/gu, encodeURIComponent);
        const host = pick(hosts).replace('OWN', `127.0.0.1:${port}`).replace('PORT', String(port));
        const headers: Record<string, string> = { host };
        if (next() < 0.3) headers.origin = pick(['http://evil.example', 'null', `http://127.0.0.1:${port}`]);
        if (next() < 0.2) headers.range = pick(['bytes=0-1', 'bytes=-5', 'bytes=999999999-', 'nonsense']);
        if (next() < 0.2) headers['x-forwarded-host'] = 'evil.example';
        if (next() < 0.1) headers.cookie = 'a'.repeat(Math.floor(next() * 4000));
        // The event stream never ends; it is not for a fuzzer to wait on.
        if (isEventStream(target)) continue;
        const answer = await get(port, agent, target, headers, pick(methods));
        if (answer.status === undefined) failures.push(`${target} (host ${host}): ${answer.error}`);
        else statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    agent.destroy();
    expect(failures).toEqual([]);
    // Every answer is a deliberate one: no internal error among them.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([404, 421]));
    expect(statuses.get(500)).toBeUndefined();
    // Malformed request lines, sent as bytes.
    for (const line of ['GET /vendor/constructor HTTP/1.1\r\nHost: OWN\r\n\r\n', 'GET \u0000 HTTP/1.1\r\n\r\n', 'GARBAGE\r\n\r\n', `GET /${'x'.repeat(100_000)} HTTP/1.1\r\nHost: OWN\r\n\r\n`, 'GET / HTTP/1.1\r\nHost: OWN\r\nHost: evil.example\r\n\r\n']) {
      const answer = await raw(port, line.replaceAll('OWN', `127.0.0.1:${port}`));
      expect(answer.length === 0 || /^HTTP\/1\.1 \d{3} /.test(answer)).toBe(true);
    }
    // Still up, still serving.
    const agentAfter = new Agent();
    expect(await get(port, agentAfter, '/', { host: `localhost:${port}` })).toEqual({ status: 200 });
    agentAfter.destroy();
  }, 120_000);
});
