import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bid, BidResponse } from '../../src/domain/index.js';
import { NO_BID_REASON_HEADER } from '../../src/server/index.js';
import { FIXTURES, type Harness, send, startFixtureServer } from './bid-server-harness.js';

const exemplary = (name: string) => JSON.parse(readFileSync(join(FIXTURES, 'exemplary', `${name}.json`), 'utf8')).request;
const BANNER = exemplary('bid-banner');

let harness: Harness | undefined;
afterEach(async () => { await harness?.close(); harness = undefined; });

async function bid(h: Harness, body: unknown): Promise<Bid> {
  const reply = await send(`${h.url}/openrtb2/bid`, { body: JSON.stringify(body) });
  expect(reply.status).toBe(200);
  return (JSON.parse(reply.body) as BidResponse).seatbid![0]!.bid[0]!;
}

const notice = (url: string, price: number | string) => send(url.replace('${AUCTION_PRICE}', String(price)));

// A clock that never moves: tmax never runs out, however slow a shared machine is (tmax has its own tests).
const frozen = () => 0;

describe('win and billing notices', () => {
  it('book spend once per bid, and the frequency cap closes after three won impressions', async () => {
    const h = harness = await startFixtureServer({ elapsedMs: frozen });
    const first = await bid(h, BANNER);
    const win = await notice(first.nurl!, first.price);
    expect(win).toMatchObject({ status: 200, body: '{"result":"booked"}' });
    expect(h.server.metrics.spendUsd).toBeCloseTo(first.price / 1000, 12);
    expect((await notice(first.nurl!, first.price)).body).toBe('{"result":"duplicate"}');
    expect((await notice(first.burl!, first.price)).body).toBe('{"result":"billed"}');
    expect(h.server.metrics.spendUsd).toBeCloseTo(first.price / 1000, 12);
    for (let i = 0; i < 2; i++) {
      const b = await bid(h, BANNER);
      expect((await notice(b.burl!, b.price * 0.5)).body).toBe('{"result":"booked"}');
    }
    const capped = await send(`${h.url}/openrtb2/bid`, { body: JSON.stringify(BANNER) });
    expect(capped.status).toBe(204);
    expect(capped.headers[NO_BID_REASON_HEADER]).toBe('frequency-cap');
    const metrics = (await send(`${h.url}/metrics`)).body;
    expect(metrics).toMatch(/^bidlab_notices_total\{kind="win",result="booked"\} 1$/m);
    expect(metrics).toMatch(/^bidlab_notices_total\{kind="bill",result="booked"\} 2$/m);
  });

  it('refuses notices without a price, at a price above the bid, or for unknown bids', async () => {
    const h = harness = await startFixtureServer({ elapsedMs: frozen });
    const b = await bid(h, BANNER);
    expect((await send(b.nurl!)).status).toBe(400);
    expect(JSON.parse((await send(b.nurl!)).body)).toMatchObject({ field: 'price' });
    expect((await notice(b.nurl!, b.price * 2)).status).toBe(400);
    expect((await notice(b.nurl!, 'abc')).status).toBe(400);
    expect((await send(`${h.url}/win?bid=123456&price=1`)).status).toBe(404);
    expect((await send(`${h.url}/win?bid=-1&price=1`)).status).toBe(400);
    expect(h.server.metrics.spendUsd).toBe(0);
  });
});

describe('tmax', () => {
  it('never offers a bid it answered too late: its number is not used and its notice is unknown', async () => {
    // Each clock reading moves 3 ms: the deadline check after deciding sees 6 ms gone.
    let t = 0;
    const h = harness = await startFixtureServer({ elapsedMs: () => (t += 3) });
    const late = await send(`${h.url}/openrtb2/bid`, { body: JSON.stringify({ ...BANNER, tmax: 5 }) });
    expect(late.status).toBe(204);
    expect(late.headers[NO_BID_REASON_HEADER]).toBe('tmax');
    expect((await send(`${h.url}/win?bid=0&price=0.1`)).status).toBe(404);
    const onTime = await bid(h, { ...BANNER, tmax: 100 });
    expect(onTime.id).toBe('0');
  });

  it('keeps networkMs of tmax for the network', async () => {
    let t = 0;
    const h = harness = await startFixtureServer({ elapsedMs: () => (t += 1), networkMs: 50 });
    const reply = await send(`${h.url}/openrtb2/bid`, { body: JSON.stringify({ ...BANNER, tmax: 51 }) });
    expect(reply.headers[NO_BID_REASON_HEADER]).toBe('tmax');
    expect((await send(`${h.url}/openrtb2/bid`, { body: JSON.stringify({ ...BANNER, tmax: 60 }) })).status).toBe(200);
  });
});

describe('body limits', () => {
  it('answers 413 to a declared or streamed body over the limit, and keeps serving', async () => {
    const h = harness = await startFixtureServer({ maxBodyBytes: 1024, elapsedMs: frozen });
    const big = JSON.stringify({ ...BANNER, padding: 'x'.repeat(2000) });
    expect((await send(`${h.url}/openrtb2/bid`, { body: big })).status).toBe(413);
    const chunked = await new Promise<string>((resolve) => {
      const socket = connect(Number(new URL(h.url).port), '127.0.0.1');
      let text = '';
      socket.on('data', (d) => { text += d.toString(); });
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
      socket.write('POST /openrtb2/bid HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
      for (let i = 0; i < 8; i++) socket.write(`200\r\n${'y'.repeat(512)}\r\n`);
      socket.end('0\r\n\r\n');
    });
    expect(chunked).toMatch(/^HTTP\/1\.1 413 /);
    expect((await send(`${h.url}/openrtb2/bid`, { body: JSON.stringify(BANNER) })).status).toBe(200);
    expect(h.server.metrics.outcome('too-large')).toBe(2);
  });
});

describe('in-flight gauge', () => {
  it('counts a request whose client leaves mid-body, and lets it go when the connection drops', async () => {
    const h = harness = await startFixtureServer({ elapsedMs: frozen });
    const body = JSON.stringify(BANNER);
    const socket = connect(Number(new URL(h.url).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`POST /openrtb2/bid HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 50)}`);
    while (h.server.metrics.inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(h.server.metrics.inFlight).toBe(1);
    socket.destroy();
    while (h.server.metrics.inFlight !== 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // Answered requests are let go too: one whole request afterwards leaves the gauge at zero.
    await bid(h, BANNER);
    expect(h.server.metrics.inFlight).toBe(0);
    expect(h.server.metrics.outcome('bid')).toBe(1);
  });
});

describe('graceful close', () => {
  it('answers the request in flight, then stops', async () => {
    const h = await startFixtureServer({ elapsedMs: frozen });
    const port = Number(new URL(h.url).port);
    const body = JSON.stringify(BANNER);
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let text = '';
    socket.on('data', (d) => { text += d.toString(); });
    const ended = new Promise((resolve) => socket.on('close', resolve));
    // Headers and half the body: the request is in flight when the close begins.
    socket.write(`POST /openrtb2/bid HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 100)}`);
    while (h.server.metrics.inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    let closed = false;
    const closing = h.close().then(() => { closed = true; });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);
    expect(h.server.metrics.inFlight).toBe(1);
    socket.write(body.slice(100));
    await closing;
    await ended;
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toMatch(/connection: close/i);
    await expect(send(`${h.url}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
  });
});
