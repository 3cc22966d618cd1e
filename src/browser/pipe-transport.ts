import type { Readable, Writable } from 'node:stream';
import type { ConnectionTransport } from 'puppeteer-core';

/**
 * DevTools messages over Chromium's `--remote-debugging-pipe`: JSON text, each ended by a NUL
 * byte, written to the browser's fd 3 and read from its fd 4. Puppeteer keeps its own inside
 * `launch()`; this one lets Octavo start Chromium before puppeteer-core has loaded and attach
 * it afterwards with `puppeteer.connect({ transport })`. Messages and a close that come before
 * puppeteer attaches are kept for it.
 */
export class PipeTransport implements ConnectionTransport {
  private pending: Buffer[] = [];
  private queued: string[] = [];
  private closed = false;
  private messageHandler?: (message: string) => void;
  private closeHandler?: () => void;

  constructor(
    private readonly toBrowser: Writable,
    fromBrowser: Readable,
  ) {
    fromBrowser.on('data', (chunk: Buffer) => this.receive(chunk));
    fromBrowser.on('close', () => this.end());
    // A browser that died mid-write: the read side's close says so; nothing to add.
    fromBrowser.on('error', () => undefined);
    toBrowser.on('error', () => undefined);
  }

  set onmessage(handler: ((message: string) => void) | undefined) {
    this.messageHandler = handler;
    for (const message of this.queued.splice(0)) this.deliver(message);
  }

  get onmessage(): ((message: string) => void) | undefined {
    return this.messageHandler;
  }

  set onclose(handler: (() => void) | undefined) {
    this.closeHandler = handler;
    if (this.closed && handler) setImmediate(handler);
  }

  get onclose(): (() => void) | undefined {
    return this.closeHandler;
  }

  /** Whether the browser's end of the pipe has closed (it exited or crashed). */
  get ended(): boolean {
    return this.closed;
  }

  send(message: string): void {
    // After the browser is gone, a write would only raise EPIPE; puppeteer learns of the end from onclose.
    if (!this.closed) this.toBrowser.write(`${message}\0`);
  }

  close(): void {
    this.toBrowser.end();
  }

  private receive(chunk: Buffer): void {
    let start = 0;
    let end = chunk.indexOf(0);
    while (end !== -1) {
      this.pending.push(chunk.subarray(start, end));
      const message = Buffer.concat(this.pending).toString('utf8');
      this.pending = [];
      if (this.messageHandler) this.deliver(message);
      else this.queued.push(message);
      start = end + 1;
      end = chunk.indexOf(0, start);
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
  }

  /** One message a turn of the event loop, as puppeteer's own pipe transport delivers them. */
  private deliver(message: string): void {
    setImmediate(() => this.messageHandler?.(message));
  }

  private end(): void {
    if (this.closed) return;
    this.closed = true;
    const handler = this.closeHandler;
    // After the messages already read, like them.
    if (handler) setImmediate(handler);
  }
}
