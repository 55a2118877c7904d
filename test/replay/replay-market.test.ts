import { describe, expect, it } from 'vitest';
import type { AuctionLogRecord } from '../../src/domain/index.js';
import { SecondPriceRule } from '../../src/market/index.js';
import { MarketPriceModel, marketObservation, replayedMarket } from '../../src/replay/index.js';

function record(at: 1 | 2, bid: number | null, won: boolean, paid: number | null, minToWin: number | null = null, floor = 0.5): AuctionLogRecord {
  return {
    schemaVersion: 1, opportunityId: 7, time: 1_767_225_600,
    request: { id: 'r', imp: [{ id: '1', bidfloor: floor }], at },
    decision: { bid: bid !== null, priceCpm: bid, nbr: bid === null ? 0 : null, propensity: null, policy: 'p', campaignId: null },
    market: { floorCpm: floor, clearingCpm: paid, minToWinCpm: minToWin, won, paidCpm: paid },
    outcomes: { clickTime: null, postbacks: [] },
  };
}

const model = MarketPriceModel.fit(Array.from({ length: 500 }, (_, i) => ({ kind: 'exact' as const, floorCpm: 0.5, cpm: 0.5 + (i % 50) / 10 })));
const rule = new SecondPriceRule(0.01);

describe('the replayed market', () => {
  it('takes the reported minimum bid to win first: bids at it win, bids below lose', () => {
    const m = replayedMarket(record(2, 1, false, null, 2.4), 0.01, model, 0.5);
    expect(m.source).toBe('min-to-win');
    expect(rule.resolve(2.4, m.competitors, m.floorCpm).won).toBe(true);
    expect(rule.resolve(2.39, m.competitors, m.floorCpm).won).toBe(false);
  });

  it('reads the rival from a logged second-price win: the logged bid wins again at the logged price', () => {
    const m = replayedMarket(record(2, 3, true, 1.8), 0.01, model, 0.9);
    expect(m.source).toBe('logged-price');
    const again = rule.resolve(3, m.competitors, m.floorCpm);
    expect(again.won).toBe(true);
    expect(again.paidCpm).toBeCloseTo(1.8, 12);
    expect(rule.resolve(1.78, m.competitors, m.floorCpm).won).toBe(false);
    expect(marketObservation(record(2, 3, true, 1.8), 0.01)).toEqual({ kind: 'exact', floorCpm: 0.5, cpm: 1.8 - 0.01 });
  });

  it("draws a lost auction's rival above the logged bid, and a first-price win's below it", () => {
    for (let k = 1; k < 50; k++) {
      const lost = replayedMarket(record(2, 2, false, null), 0.01, model, k / 50);
      expect(lost.source).toBe('model');
      expect(lost.competitors.highestCpm).toBeGreaterThanOrEqual(2);
      expect(rule.resolve(2, lost.competitors, lost.floorCpm).won).toBe(false);
      const won = replayedMarket(record(1, 2, true, 2), 0.01, model, k / 50);
      expect(won.competitors.highestCpm).toBeLessThan(2);
    }
    expect(marketObservation(record(2, 2, false, null), 0.01)).toEqual({ kind: 'above', floorCpm: 0.5, cpm: 2 });
    expect(marketObservation(record(1, 2, true, 2), 0.01)).toEqual({ kind: 'below', floorCpm: 0.5, cpm: 2 });
    expect(marketObservation(record(2, null, false, null), 0.01)).toBeUndefined();
  });

  it('learns nothing of the rivals from a bid under the floor: it loses whatever they bid', () => {
    // Logged bid 0.5 under a floor of 1: the loss is the floor's doing.
    const underFloor = record(2, 0.5, false, null, null, 1);
    expect(marketObservation(underFloor, 0.01)).toBeUndefined();
    const noneModel = MarketPriceModel.fit(Array.from({ length: 1000 }, (_, i) => (i % 2 === 0
      ? { kind: 'below' as const, floorCpm: 1, cpm: 1 }
      : { kind: 'exact' as const, floorCpm: 1, cpm: 1.5 + (i % 40) / 10 })));
    // Drawn from the whole distribution, rivals below the logged bid (or none) included: a replayed
    // bid at the floor wins about as often as the log's auctions without a rival above it.
    let wins = 0;
    for (let k = 0; k < 200; k++) {
      const m = replayedMarket(underFloor, 0.01, noneModel, (k + 0.5) / 200);
      expect(m.source).toBe('model');
      if (rule.resolve(1, m.competitors, m.floorCpm).won) wins++;
    }
    expect(wins / 200).toBeGreaterThan(0.4);
    expect(wins / 200).toBeLessThan(0.6);
  });

  it('fits the share of auctions without a rival from wins at the floor, unswayed by losses under it', () => {
    const wins = Array.from({ length: 600 }, (_, i) => (i % 2 === 0
      ? { kind: 'below' as const, floorCpm: 1, cpm: 1 }
      : { kind: 'exact' as const, floorCpm: 1, cpm: 1.5 + (i % 40) / 10 }));
    const underFloor = Array.from({ length: 600 }, () => marketObservation(record(2, 0.5, false, null, null, 1), 0.01)).filter((o) => o !== undefined);
    const fitted = MarketPriceModel.fit([...wins, ...underFloor]);
    expect(fitted.bands.find((b) => b.floorFrom <= 1 && 1 < b.floorTo)!.none).toBeCloseTo(0.5, 1);
  });
});
