import type { AuctionLogRecord, BidRequest } from '../../../src/domain/index.js';

const START = 1_767_225_600; // 2026-01-01T00:00:00Z

/** The advertising id of user `u`: a few users, so a key holds many records. */
export function ifaOf(u: number): string {
  return `00000000-0000-4000-8000-${String(u).padStart(12, '0')}`;
}

/**
 * A deterministic, valid record per index, covering every shape: no bid, a lost bid with and
 * without a minimum bid to win, a win without outcomes, a win with a click and postbacks, and
 * randomised bids with propensities. `users` spreads records over that many device ids; `pad`
 * adds that many characters to the request (to make large files).
 */
export function makeLogRecord(i: number, options: { users?: number; pad?: number; time?: number } = {}): AuctionLogRecord {
  const users = options.users ?? 97;
  const time = options.time ?? START + i * 0.5;
  const shape = i % 5;
  const request: BidRequest = {
    id: `req-${i}`,
    imp: [{ id: '1', banner: { w: 320, h: 50 }, bidfloor: 0.1 + (i % 7) / 10, bidfloorcur: 'USD', instl: 0 }],
    app: { bundle: `com.example.app${i % 13}`, cat: ['IAB9'], publisher: { id: `pub-${i % 3}` } },
    device: { ifa: ifaOf(i % users), os: i % 2 === 0 ? 'android' : 'ios', geo: { country: 'USA' }, lmt: 0 },
    at: i % 3 === 0 ? 1 : 2,
    tmax: 120,
    ...(options.pad ? { source: { ext: { pad: 'x'.repeat(options.pad) } } } : {}),
  };
  const bid = shape !== 0;
  const won = shape >= 3;
  const price = bid ? 0.5 + (i % 11) / 4 : null;
  return {
    schemaVersion: 1,
    opportunityId: i,
    time,
    request,
    decision: {
      bid,
      priceCpm: price,
      nbr: bid ? null : 8,
      propensity: i % 2 === 0 ? 0.25 + (i % 4) / 8 : null,
      policy: 'champion',
      campaignId: bid ? `camp-${i % 2}` : null,
    },
    market: {
      floorCpm: 0.1 + (i % 7) / 10,
      clearingCpm: won ? price! * 0.8 : null,
      minToWinCpm: shape === 2 ? price! + 0.01 : won ? price! * 0.8 : null,
      won,
      paidCpm: won ? price! * 0.8 : null,
    },
    outcomes: {
      clickTime: shape === 4 ? time + 12.5 : null,
      postbacks: shape === 4 ? [
        { kind: 'reengagement', partner: 'adjust', eventId: `ev-${i}-r`, attributed: 'click', time: time + 60, receivedAt: time + 75, revenue: 0, currency: 'USD' },
        { kind: 'purchase', partner: 'adjust', eventId: `ev-${i}-p`, attributed: 'click', time: time + 3600, receivedAt: time + 3610, revenue: 4.99, currency: 'USD', params: { gps_adid: ifaOf(i % users), revenue: '4.99' } },
      ] : [],
    },
  };
}

/** Records as a replay compares them: plain JSON values. */
export function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
