import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import type { ProfileStore, UserProfile } from '../../src/engine/index.js';
import { createLiveBidder } from '../../src/run/live-bidder.js';
import { loadScenario } from '../../src/scenario/index.js';
import { BidServer, type BidServerOptions, fixedCampaignClock } from '../../src/server/index.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures');
export const FIXTURE_SCENARIO = join(FIXTURES, 'scenario.yaml');
/** Noon of the campaign's day 0: the hour-of-day feature and pacing are pinned. */
export const NOON = 12 * 3600;

/** The fixture users (fixtures/profiles.json) as a profile store; null stands for NaN. */
export function fixtureProfiles(): ProfileStore {
  const raw = JSON.parse(readFileSync(join(FIXTURES, 'profiles.json'), 'utf8')) as Record<string, Record<string, number | null>>;
  const map = new Map<string, UserProfile>(Object.entries(raw).map(([ifa, p]) => [
    ifa, Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v ?? NaN])) as unknown as UserProfile,
  ]));
  return { get: (ifa) => map.get(ifa) };
}

/**
 * Milliseconds that advance by `step` on every reading: each request's deadline checks see
 * time pass by a known amount, so tmax behaviour is pinned without a real clock.
 */
export function steppingMs(step: number): () => number {
  let t = 0;
  return () => (t += step);
}

export interface Harness {
  readonly url: string;
  readonly server: BidServer;
  close(): Promise<void>;
}

/** A bid server on a free loopback port, bidding with a policy of the fixture scenario. */
export async function startFixtureServer(options: Partial<BidServerOptions> & { policy?: string } = {}): Promise<Harness> {
  const scenario = await loadScenario(FIXTURE_SCENARIO);
  const live = await createLiveBidder(scenario, FIXTURE_SCENARIO, { store: fixtureProfiles(), policy: options.policy ?? 'champion' });
  const server = new BidServer({ engine: live.engine, ads: live.ads, clock: fixedCampaignClock(NOON), ...options });
  const url = await server.listen(0, '127.0.0.1');
  return { url, server, close: () => server.close() };
}

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** One HTTP exchange; a connection reset is a Reply with status 0. */
export function send(url: string, options: { method?: string; body?: string | Buffer; agent?: Agent; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body);
    const req = request(url, {
      method: options.method ?? (body ? 'POST' : 'GET'),
      agent: options.agent ?? false,
      headers: { ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}), ...options.headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? resolve({ status: 0, headers: {}, body: '' }) : reject(e)));
    req.end(body);
  });
}
