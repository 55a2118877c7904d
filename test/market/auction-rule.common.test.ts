import { describe, expect, it } from 'vitest';
import type { CompetitorBids } from '../../src/domain/index.js';
import { FirstPriceRule, MarketError, nextUp, SecondPriceRule, type AuctionRule, type MutableAuctionResult } from '../../src/market/index.js';
import { RandomStreams } from '../../src/rng/index.js';

/** One suite, every auction rule (hono style): what holds whichever rule the exchange runs. */
const RULES: Array<{ name: string; make: () => AuctionRule }> = [
  { name: 'first price', make: () => new FirstPriceRule() },
  { name: 'second price, increment 0.01', make: () => new SecondPriceRule(0.01) },
  { name: 'second price, increment 0', make: () => new SecondPriceRule(0) },
  { name: 'second price, increment 0.5', make: () => new SecondPriceRule(0.5) },
];

const bids = (highestCpm: number, secondCpm: number, bidders: number): CompetitorBids => ({ highestCpm, secondCpm, highestBidder: bidders > 0 ? 0 : -1, bidders });
const NONE = bids(0, 0, 0);

/** Seeded random auctions, with grid-valued prices so that ties between bids and floors occur. */
function* randomAuctions(n: number): Generator<{ competitors: CompetitorBids; floor: number; bid: number }> {
  const draws = new RandomStreams(99).stream('auction-rule-suite').sequence();
  const price = () => (draws.nextDouble() < 0.3 ? Math.floor(draws.nextDouble() * 8) / 4 : draws.nextDouble() * 3);
  for (let i = 0; i < n; i++) {
    const bidders = Math.floor(draws.nextDouble() * 4);
    const a = price();
    const b = price();
    const competitors = bidders === 0 ? NONE : bidders === 1 ? bids(a, 0, 1) : bids(Math.max(a, b), Math.min(a, b), bidders);
    const floor = draws.nextDouble() < 0.3 ? 0 : price();
    yield { competitors, floor, bid: price() };
  }
}

describe.each(RULES)('AuctionRule: $name', ({ make }) => {
  const rule = make();

  it('never lets a bid below the floor win', () => {
    for (const { competitors, floor, bid } of randomAuctions(4_000)) {
      if (bid < floor) expect(rule.resolve(bid, competitors, floor).won).toBe(false);
    }
    expect(rule.resolve(0.99, NONE, 1).won).toBe(false);
  });

  it('wins at the floor against no competitors', () => {
    expect(rule.resolve(1, NONE, 1)).toMatchObject({ won: true, minToWinCpm: 1 });
    expect(rule.resolve(0, NONE, 0).won).toBe(true);
  });

  it('has the winner pay no more than its bid and no less than the floor; losers pay nothing', () => {
    for (const { competitors, floor, bid } of randomAuctions(4_000)) {
      const r = rule.resolve(bid, competitors, floor);
      if (r.won) {
        expect(r.paidCpm).toBeLessThanOrEqual(bid);
        expect(r.paidCpm).toBeGreaterThanOrEqual(floor);
      } else {
        expect(r.paidCpm).toBe(0);
      }
    }
  });

  it('wins exactly when the bid reaches the minimum bid to win, which is at least the floor and above every competitor', () => {
    for (const { competitors, floor, bid } of randomAuctions(4_000)) {
      const r = rule.resolve(bid, competitors, floor);
      expect(r.won).toBe(bid >= r.minToWinCpm);
      expect(r.minToWinCpm).toBeGreaterThanOrEqual(floor);
      if (competitors.bidders > 0) expect(r.minToWinCpm).toBeGreaterThan(competitors.highestCpm >= floor ? competitors.highestCpm : -1);
      expect(rule.resolve(r.minToWinCpm, competitors, floor).won).toBe(true);
      expect(rule.resolve(undefined, competitors, floor)).toEqual({ won: false, paidCpm: 0, minToWinCpm: r.minToWinCpm });
    }
  });

  it('is monotone: raising the bid never turns a win into a loss, nor lowers the minimum to win', () => {
    for (const { competitors, floor, bid } of randomAuctions(4_000)) {
      const low = rule.resolve(bid, competitors, floor);
      const high = rule.resolve(bid * 1.3 + 0.01, competitors, floor);
      if (low.won) expect(high.won).toBe(true);
      expect(high.minToWinCpm).toBe(low.minToWinCpm);
    }
  });

  it('gives ties to the competitor, the same way every time', () => {
    const tie = bids(1.5, 1, 2);
    for (let i = 0; i < 3; i++) {
      expect(rule.resolve(1.5, tie, 0.5)).toEqual({ won: false, paidCpm: 0, minToWinCpm: nextUp(1.5) });
    }
    expect(rule.resolve(nextUp(1.5), tie, 0.5).won).toBe(true);
    // A tie with the floor is no tie: meeting the floor is enough.
    expect(rule.resolve(2, bids(1.5, 1, 2), 2).won).toBe(true);
    expect(rule.resolve(2, bids(2, 1, 2), 2).won).toBe(false);
  });

  it('is a pure function: the same inputs give the same result, with or without an out object', () => {
    const out: MutableAuctionResult = { won: false, paidCpm: -1, minToWinCpm: -1 };
    for (const { competitors, floor, bid } of randomAuctions(2_000)) {
      const a = rule.resolve(bid, competitors, floor);
      const b = rule.resolve(bid, competitors, floor, out);
      expect(b).toBe(out);
      expect({ ...b }).toEqual(a);
    }
  });

  it('refuses negative or non-finite bids and floors with a typed error', () => {
    for (const bad of [-0.01, NaN, Infinity]) {
      expect(() => rule.resolve(bad, NONE, 0)).toThrow(expect.objectContaining({ code: 'MARKET_BAD_BID' }));
      expect(() => rule.resolve(1, NONE, bad)).toThrow(MarketError);
    }
  });
});
