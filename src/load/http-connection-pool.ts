import { connect, type Socket } from 'node:net';

/**
 * Called once per request: the status (0 when the connection failed), the body when asked for,
 * and the number the request was sent with. One function serves every request (the number
 * says which), so sending allocates no closure.
 */
export type ResponseCallback = (status: number, body: Buffer | undefined, tag: number) => void;

const HEADER_END = Buffer.from('\r\n\r\n');
/**
 * Every connection reads into this one buffer (the `onread` socket option): no buffer is
 * allocated per response and no stream machinery runs; a response is handled before the next
 * read, and the little that must outlive it (a split response, a body asked for) is copied.
 */
const READ_BUFFER = Buffer.allocUnsafe(65_536);
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;
const CHUNKED = /\r\ntransfer-encoding:[^\r]*chunked/i;
const CLOSE = /\r\nconnection:[ \t]*close/i;

/**
 * One keep-alive HTTP/1.1 connection with one request at a time. It reads just enough of the
 * response to find its end (status, Content-Length); a chunked response is not spoken, and
 * counts as a failed request.
 */
class Connection {
  private readonly socket: Socket;
  private callback: ResponseCallback | undefined;
  private tag = 0;
  private wantBody = false;
  private buffer: Buffer | undefined;
  private status = 0;
  private bodyStart = -1;
  private bodyLength = 0;
  private closeAfter = false;
  dead = false;
  /** Settles once the connection is up (true) or has failed (false). */
  readonly connected: Promise<boolean>;

  constructor(host: string, port: number, private readonly pool: HttpConnectionPool) {
    this.socket = connect({ host, port, noDelay: true, onread: { buffer: READ_BUFFER, callback: (n: number, buf: Uint8Array) => { this.read(buf as Buffer, n); return true; } } });
    this.connected = new Promise((resolve) => {
      this.socket.once('connect', () => resolve(true));
      this.socket.once('close', () => resolve(false));
    });
    this.socket.on('error', () => this.die());
    this.socket.on('close', () => this.die());
  }

  /** One write of the whole request (headers and body pre-encoded together). */
  send(bytes: Buffer, wantBody: boolean, callback: ResponseCallback, tag: number): void {
    this.callback = callback;
    this.tag = tag;
    this.wantBody = wantBody;
    this.socket.write(bytes);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private read(into: Buffer, n: number): void {
    const chunk = into.subarray(0, n);
    const buf = this.buffer ? Buffer.concat([this.buffer, chunk]) : chunk;
    if (this.bodyStart < 0) {
      const end = buf.indexOf(HEADER_END);
      if (end < 0) {
        this.buffer = Buffer.from(buf);
        return;
      }
      this.status = (buf[9]! - 48) * 100 + (buf[10]! - 48) * 10 + (buf[11]! - 48);
      if (!(this.status >= 100 && this.status < 600)) return this.fail();
      const head = buf.toString('latin1', 0, end + 2);
      if (CHUNKED.test(head)) return this.fail();
      const length = CONTENT_LENGTH.exec(head);
      this.bodyLength = length ? Number(length[1]) : 0;
      this.closeAfter = CLOSE.test(head);
      this.bodyStart = end + 4;
    }
    if (buf.length < this.bodyStart + this.bodyLength) {
      this.buffer = Buffer.from(buf);
      return;
    }
    const body = this.wantBody ? Buffer.from(buf.subarray(this.bodyStart, this.bodyStart + this.bodyLength)) : undefined;
    const callback = this.callback!;
    const status = this.status;
    this.callback = undefined;
    this.buffer = undefined;
    this.bodyStart = -1;
    if (this.closeAfter) this.fail(false);
    else this.pool.idle.push(this);
    callback(status, body, this.tag);
  }

  private fail(report = true): void {
    const callback = this.callback;
    this.callback = undefined;
    this.socket.destroy();
    this.die();
    if (report) callback?.(0, undefined, this.tag);
  }

  private die(): void {
    if (this.dead) return;
    this.dead = true;
    const callback = this.callback;
    this.callback = undefined;
    this.pool.open--;
    callback?.(0, undefined, this.tag);
  }
}

/**
 * Up to `max` keep-alive connections to one HTTP/1.1 server, each carrying one request at a
 * time: the load generator's client. Requests are pre-serialised bytes written in one call;
 * the pool neither builds nor parses more than it must, and a request costs no allocation of
 * its own, so the generator's CPU per request stays below the server's it measures.
 */
export class HttpConnectionPool {
  /** Connections waiting for a request (the one used last on top: its socket is warm). */
  readonly idle: Connection[] = [];
  open = 0;

  constructor(private readonly host: string, private readonly port: number, private readonly max: number) {}

  /**
   * Sends `bytes` on an idle or new connection; false when all `max` connections are busy.
   * `callback` gets `tag` back with the response.
   */
  send(bytes: Buffer, wantBody: boolean, callback: ResponseCallback, tag = 0): boolean {
    let c = this.idle.pop();
    while (c?.dead) c = this.idle.pop();
    if (!c) {
      if (this.open >= this.max) return false;
      this.open++;
      c = new Connection(this.host, this.port, this);
    }
    c.send(bytes, wantBody, callback, tag);
    return true;
  }

  /**
   * Opens up to `count` connections (never past `max`) and waits until each is up or has failed:
   * a run that starts with none opens hundreds at once in its first milliseconds, and that storm
   * of handshakes (on both sides of a loopback) shows up as drops and latency that are the
   * generator's, not the server's. Resolves with the number open and idle.
   */
  async preconnect(count: number): Promise<number> {
    const opening: Promise<void>[] = [];
    for (let i = 0; i < count && this.open < this.max; i++) {
      this.open++;
      const c = new Connection(this.host, this.port, this);
      opening.push(c.connected.then((up) => { if (up && !c.dead) this.idle.push(c); }));
    }
    await Promise.all(opening);
    return this.idle.length;
  }

  close(): void {
    for (const c of this.idle) c.destroy();
    this.idle.length = 0;
  }
}

/** The bytes of one HTTP/1.1 request. */
export function requestBytes(method: string, path: string, host: string, body?: Buffer): Buffer {
  const head = `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\n${body ? `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n` : ''}\r\n`;
  return body ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : Buffer.from(head, 'latin1');
}
