import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BidRequest } from '../domain/index.js';
import type { LiveEngine } from '../engine/live-engine.js';
import { parseBidRequest } from './bid-request-schema.js';
import { type AdCampaign, bidResponse } from './bid-response.js';
import type { CampaignClock } from './campaign-clock.js';
import { ServerError } from './server-error.js';
import { type Outcome, ServerMetrics } from './server-metrics.js';

export interface BidServerOptions {
  readonly engine: LiveEngine;
  /** The ad each campaign (by index in the scenario) shows. */
  readonly ads: ReadonlyArray<AdCampaign>;
  /** Campaign time for pacing and features. */
  readonly clock: CampaignClock;
  /** Monotonic milliseconds for latency and `tmax` (default performance.now); tests pass a scripted one. */
  readonly elapsedMs?: () => number;
  /** Largest request body accepted (default 65,536 bytes); more is a 413. */
  readonly maxBodyBytes?: number;
  /** Milliseconds of `tmax` left for the network (default 0): the answer must be ready by tmax − this. */
  readonly networkMs?: number;
  /** How long a graceful close waits for in-flight requests before cutting connections (default 10,000 ms). */
  readonly shutdownGraceMs?: number;
  /** Base of the win and billing notice URLs (default: http://host:port the server listens on). */
  readonly noticeBase?: string;
  /** The text `GET /metrics` answers with (default: this server's own counters); `--workers` gives the workers' sum. */
  readonly metricsText?: () => Promise<string>;
}

/** Header that says why a 204 is a no-bid (a 204 has no body to carry `nbr`). */
export const NO_BID_REASON_HEADER = 'x-bidlab-no-bid-reason';

/** Response headers as node:http's flat [name, value, …] lists: no object to spread or walk per answer. */
type HeaderList = string[];
const JSON_TYPE: HeaderList = ['content-type', 'application/json'];
const METRICS_TYPE: HeaderList = ['content-type', 'text/plain; version=0.0.4'];

/**
 * The OpenRTB 2.6 bidder over node:http. `POST /openrtb2/bid`: 200 with a BidResponse, 204 for
 * a no-bid (reason counted and in a header), 400 for a malformed request (a short reason), 413
 * for a body over the limit. `/win` and `/bill` take the notices (`bid`, `price`) and book spend;
 * `GET /healthz`, `GET /metrics` (Prometheus text). Keep-alive; `close()` stops taking
 * connections and finishes the requests in flight.
 *
 * Request handling is synchronous once the body is in: the engine never waits on anything, so
 * one request's answer never interleaves with another's.
 */
export class BidServer {
  readonly server: Server;
  readonly metrics = new ServerMetrics();
  private readonly engine: LiveEngine;
  private readonly ads: ReadonlyArray<AdCampaign>;
  private readonly clock: CampaignClock;
  private readonly elapsed: () => number;
  private readonly maxBody: number;
  private readonly networkMs: number;
  private readonly graceMs: number;
  private noticeBase: string;
  private readonly metricsText: (() => Promise<string>) | undefined;
  private noticeServer: Server | undefined;
  private closing = false;
  /** The 204's header list for each no-bid reason, built once. */
  private readonly noBidHeaders = new Map<string, HeaderList>();

  constructor(options: BidServerOptions) {
    this.engine = options.engine;
    this.ads = options.ads;
    this.clock = options.clock;
    this.elapsed = options.elapsedMs ?? (() => performance.now()); // clock: latency and tmax are wall durations
    this.maxBody = options.maxBodyBytes ?? 65_536;
    this.networkMs = options.networkMs ?? 0;
    this.graceMs = options.shutdownGraceMs ?? 10_000;
    this.noticeBase = options.noticeBase ?? '';
    this.metricsText = options.metricsText;
    this.server = this.httpServer();
  }

  private httpServer(): Server {
    // Nagle off (node's default, said here because an answer held back 40 ms for an ACK would be a late bid).
    const server = createServer({ keepAlive: true, noDelay: true, requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => this.route(req, res));
    server.keepAliveTimeout = 65_000;
    return server;
  }

  /** Starts listening; resolves to the URL it answers on. */
  async listen(port: number, host: string): Promise<string> {
    const url = await listenOn(this.server, port, host, false);
    if (!this.noticeBase) this.noticeBase = url;
    return url;
  }

  /**
   * Also listens on a port of this process alone, and puts it into the notice URLs: behind a
   * shared port (`--workers`), a notice must come back to the process that holds the bid.
   */
  async listenNotices(port: number, host: string): Promise<string> {
    this.noticeServer = this.httpServer();
    this.noticeBase = await listenOn(this.noticeServer, port, host, true);
    return this.noticeBase;
  }

  /** Graceful close: no new connections, idle ones closed, in-flight requests answered (then their connections closed). */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([this.server, this.noticeServer].flatMap((s) => (s ? [closeGracefully(s, this.graceMs)] : [])));
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path === '/openrtb2/bid') {
      if (req.method !== 'POST') return this.send(res, 405, JSON_TYPE, '{"error":"use POST"}');
      return this.readBid(req, res);
    }
    if (path === '/win' || path === '/bill') return this.notice(path === '/win' ? 'win' : 'bill', q < 0 ? '' : url.slice(q + 1), res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return this.send(res, path === '/healthz' || path === '/metrics' ? 405 : 404, JSON_TYPE, '{"error":"not found"}');
    if (path === '/healthz') return this.send(res, this.closing ? 503 : 200, JSON_TYPE, this.closing ? '{"status":"closing"}' : '{"status":"ok"}');
    if (path === '/metrics') return this.sendMetrics(res);
    this.send(res, 404, JSON_TYPE, '{"error":"not found"}');
  }

  private sendMetrics(res: ServerResponse): void {
    if (!this.metricsText) return this.send(res, 200, METRICS_TYPE, this.metrics.render());
    this.metricsText().then(
      (text) => this.send(res, 200, METRICS_TYPE, text),
      (e: unknown) => this.send(res, 503, JSON_TYPE, JSON.stringify({ error: 'metrics unavailable', message: (e as Error)?.message ?? String(e) })),
    );
  }

  private readBid(req: IncomingMessage, res: ServerResponse): void {
    const start = this.elapsed();
    this.metrics.inFlight++;
    const declared = Number(req.headers['content-length']);
    if (declared > this.maxBody) return this.tooLarge(res, start);
    // Nearly every body arrives in one chunk: keep it as is, and collect only when a second comes.
    let first: Buffer | undefined;
    let more: Buffer[] | undefined;
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > this.maxBody) {
        done = true;
        first = more = undefined;
        this.tooLarge(res, start);
      } else if (first === undefined) first = chunk;
      else (more ??= [first]).push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      const body = more ? Buffer.concat(more) : first;
      try {
        this.answer(body ? body.toString('utf8') : '', res, start);
      } catch (e) {
        // A bug, not a bad request: say so, keep serving.
        process.stderr.write(`bidlab serve: internal error: ${(e as Error)?.stack ?? e}\n`);
        this.finish(res, 'error', start, 500, JSON_TYPE, '{"error":"internal error"}');
      }
    });
    req.on('error', () => {
      // The client went away before its body was in: nothing to answer, no longer in flight.
      if (done) return;
      done = true;
      this.metrics.inFlight--;
    });
  }

  private answer(text: string, res: ServerResponse, start: number): void {
    let request: BidRequest;
    try {
      request = parseBidRequest(text);
    } catch (e) {
      if (!(e instanceof ServerError)) throw e;
      return this.finish(res, 'invalid', start, 400, JSON_TYPE, JSON.stringify({ error: e.code, field: e.where, message: e.message }));
    }
    const deadline = request.tmax === undefined ? Infinity : start + request.tmax - this.networkMs;
    const imp = request.imp[0]!;
    // Prices are in USD only: a request that cannot take USD is one we cannot bid on honestly.
    if ((request.cur && request.cur.length > 0 && !request.cur.includes('USD')) || (imp.bidfloorcur !== undefined && imp.bidfloorcur !== 'USD')) {
      return this.noBid(res, 'currency', start);
    }
    if (this.elapsed() >= deadline) return this.noBid(res, 'tmax', start);
    const d = this.engine.decide(request, this.clock.now());
    if (!d.bid) return this.noBid(res, d.cause ?? 'no-value', start);
    const body = JSON.stringify(bidResponse(request, imp, d.cpm, this.engine.nextBidNumber, this.ads[d.campaign]!, this.noticeBase));
    // Never a late bid: an answer not ready by the deadline is dropped before it is offered.
    if (this.elapsed() >= deadline) return this.noBid(res, 'tmax', start);
    this.engine.offer(d);
    this.finish(res, 'bid', start, 200, JSON_TYPE, body);
  }

  private notice(kind: 'win' | 'bill', query: string, res: ServerResponse): void {
    const params = new URLSearchParams(query);
    const bidText = params.get('bid') ?? '';
    const priceText = params.get('price') ?? '';
    const bid = /^\d{1,15}$/.test(bidText) ? Number(bidText) : NaN;
    const price = /^\d+(\.\d+)?([eE][-+]?\d+)?$/.test(priceText) ? Number(priceText) : NaN;
    if (bid !== bid) return this.badNotice(kind, res, 'bid', 'expected the bid number from the notice URL');
    if (!Number.isFinite(price)) return this.badNotice(kind, res, 'price', 'expected the clearing price (CPM, a number): was ${AUCTION_PRICE} replaced?');
    const result = kind === 'win' ? this.engine.win(bid, price, this.clock.now()) : this.engine.bill(bid, price, this.clock.now());
    this.metrics.notice(kind, result);
    if (result === 'booked') this.metrics.spendUsd += price / 1000;
    const status = result === 'unknown' ? 404 : result === 'bad-price' ? 400 : 200;
    this.send(res, status, JSON_TYPE, `{"result":"${result}"}`);
  }

  private badNotice(kind: 'win' | 'bill', res: ServerResponse, field: string, message: string): void {
    this.metrics.notice(kind, 'invalid');
    this.send(res, 400, JSON_TYPE, JSON.stringify({ error: 'SERVER_BAD_NOTICE', field, message }));
  }

  private tooLarge(res: ServerResponse, start: number): void {
    // The rest of the body is not worth reading: answer and let the connection go.
    res.setHeader('connection', 'close');
    this.finish(res, 'too-large', start, 413, JSON_TYPE, `{"error":"SERVER_BAD_REQUEST","field":"body","message":"body over ${this.maxBody} bytes"}`);
  }

  private noBid(res: ServerResponse, reason: string, start: number): void {
    this.metrics.noBid(reason);
    let headers = this.noBidHeaders.get(reason);
    if (!headers) this.noBidHeaders.set(reason, headers = [NO_BID_REASON_HEADER, reason]);
    this.finish(res, 'no-bid', start, 204, headers, undefined);
  }

  /** Answers a bid-endpoint request: counted, timed, and no longer in flight. */
  private finish(res: ServerResponse, outcome: Outcome, start: number, status: number, headers: HeaderList, body: string | undefined): void {
    const m = this.metrics;
    m.inFlight--;
    m.count(outcome);
    m.latency((this.elapsed() - start) / 1000);
    this.send(res, status, headers, body);
  }

  /**
   * One socket write per answer: the status line, headers (Content-Length included, so no
   * chunked framing) and body go out together when `end` flushes the corked socket.
   */
  private send(res: ServerResponse, status: number, headers: HeaderList, body: string | undefined): void {
    if (this.closing) res.setHeader('connection', 'close');
    if (body === undefined) {
      res.writeHead(status, headers);
      res.end();
    } else {
      res.writeHead(status, [...headers, 'content-length', String(Buffer.byteLength(body))]);
      res.end(body);
    }
  }
}

function listenOn(server: Server, port: number, host: string, exclusive: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, exclusive }, () => {
      server.off('error', reject);
      const a = server.address() as AddressInfo;
      resolve(`http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`);
    });
  });
}

function closeGracefully(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    cut.unref();
    server.close(() => { clearTimeout(cut); resolve(); });
    server.closeIdleConnections();
  });
}
