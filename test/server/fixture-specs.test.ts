import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BidRequest, BidResponse } from '../../src/domain/index.js';
import { NO_BID_REASON_HEADER } from '../../src/server/index.js';
import { FIXTURES, type Harness, send, startFixtureServer, steppingMs } from './bid-server-harness.js';

/** One pinned exchange: a request (or raw body) in, a status and a partial response out. */
interface FixtureSpec {
  readonly description: string;
  readonly request?: BidRequest;
  readonly body?: string;
  readonly expected: { readonly status: number; readonly noBidReason?: string; readonly body?: Record<string, unknown> };
}

function specs(folder: string): [string, FixtureSpec][] {
  const dir = join(FIXTURES, folder);
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8')) as FixtureSpec]);
}

let harness: Harness;
beforeAll(async () => {
  // Every clock reading moves 0.5 ms: a request's deadline checks see 0.5 and 1 ms pass.
  harness = await startFixtureServer({ elapsedMs: steppingMs(0.5) });
});
afterAll(() => harness.close());

describe.each(['exemplary', 'edge'])('%s fixture specs', (folder) => {
  it.each(specs(folder))('%s', async (_name, spec) => {
    const body = spec.body ?? JSON.stringify(spec.request);
    const reply = await send(`${harness.url}/openrtb2/bid`, { body });
    expect(reply.status, spec.description).toBe(spec.expected.status);
    if (spec.expected.noBidReason) expect(reply.headers[NO_BID_REASON_HEADER]).toBe(spec.expected.noBidReason);
    if (reply.status === 204) expect(reply.body).toBe('');
    if (spec.expected.body) expect(JSON.parse(reply.body)).toMatchObject(spec.expected.body);
    if (reply.status === 200) checkBid(spec.request ?? JSON.parse(body) as BidRequest, JSON.parse(reply.body) as BidResponse, harness.url);
  });
});

/** What every bid must be, whatever the spec pins: the OpenRTB contract. */
function checkBid(request: BidRequest, response: BidResponse, url: string): void {
  expect(response.id).toBe(request.id);
  const bids = response.seatbid!.flatMap((s) => s.bid);
  expect(bids.length).toBeGreaterThan(0);
  for (const bid of bids) {
    const imp = request.imp.find((i) => i.id === bid.impid);
    expect(imp, `impid ${bid.impid} is one of the request's`).toBeDefined();
    expect(bid.price).toBeGreaterThan(0);
    expect(bid.price).toBeGreaterThanOrEqual(imp!.bidfloor ?? 0);
    expect(bid.adomain!.length).toBeGreaterThan(0);
    expect(bid.crid).toMatch(/\S/);
    expect(bid.nurl).toBe(`${url}/win?bid=${bid.id}&price=\${AUCTION_PRICE}`);
    expect(bid.burl).toBe(`${url}/bill?bid=${bid.id}&price=\${AUCTION_PRICE}`);
  }
}

describe('other routes', () => {
  it('answers /healthz, refuses GET on the bid endpoint, 404s the rest', async () => {
    expect(await send(`${harness.url}/healthz`)).toMatchObject({ status: 200, body: '{"status":"ok"}' });
    expect((await send(`${harness.url}/openrtb2/bid`)).status).toBe(405);
    expect((await send(`${harness.url}/nope`)).status).toBe(404);
    expect((await send(`${harness.url}/metrics`, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('counts outcomes, no-bid reasons and latency in /metrics', async () => {
    const m = harness.server.metrics;
    const before = { bid: m.outcome('bid'), invalid: m.outcome('invalid') };
    await send(`${harness.url}/openrtb2/bid`, { body: '{' });
    const reply = await send(`${harness.url}/metrics`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/plain/);
    const value = (line: string) => Number(new RegExp(`^${line.replace(/[{}"()+]/g, '\\$&')} (\\S+)$`, 'm').exec(reply.body)?.[1]);
    expect(value('bidlab_requests_total{outcome="invalid"}')).toBe(before.invalid + 1);
    expect(value('bidlab_requests_total{outcome="bid"}')).toBe(before.bid);
    expect(value('bidlab_no_bids_total{reason="unmatched-user"}')).toBeGreaterThanOrEqual(2);
    expect(value('bidlab_no_bids_total{reason="tmax"}')).toBe(1);
    const total = (['bid', 'no-bid', 'invalid', 'too-large', 'error'] as const).reduce((s, o) => s + m.outcome(o), 0);
    expect(value('bidlab_request_duration_seconds_count')).toBe(total);
    expect(value('bidlab_request_duration_seconds_bucket{le="+Inf"}')).toBe(total);
  });
});
