import { describe, expect, it } from 'vitest';
import type { CompetitorBids } from '../../src/domain/index.js';
import { FirstPriceRule, marketAt, MarketError, nextUp, ruleFor, SecondPriceRule } from '../../src/market/index.js';
import { marketSchema } from '../../src/scenario/market-schema.js';

const bids = (highestCpm: number, secondCpm: number, bidders: number): CompetitorBids => ({ highestCpm, secondCpm, highestBidder: 0, bidders });

describe('first price', () => {
  const rule = new FirstPriceRule();

  it('charges the winner its own bid', () => {
    expect(rule.resolve(2.2, bids(1.5, 1, 3), 0.5)).toEqual({ won: true, paidCpm: 2.2, minToWinCpm: nextUp(1.5) });
    expect(rule.resolve(0.8, bids(0.3, 0.1, 2), 0.7)).toEqual({ won: true, paidCpm: 0.8, minToWinCpm: 0.7 });
  });

  it('reports the minimum bid to win on a loss', () => {
    expect(rule.resolve(1, bids(1.5, 1, 3), 0.5)).toEqual({ won: false, paidCpm: 0, minToWinCpm: nextUp(1.5) });
    expect(rule.resolve(1, bids(0.3, 0, 1), 1.2)).toEqual({ won: false, paidCpm: 0, minToWinCpm: 1.2 });
  });
});

describe('second price plus', () => {
  it('charges the highest competing bid plus the increment', () => {
    expect(new SecondPriceRule(0.01).resolve(3, bids(1.5, 1, 3), 0.5)).toEqual({ won: true, paidCpm: 1.51, minToWinCpm: nextUp(1.5) });
  });

  it('charges the floor plus the increment when competitors bid below the floor or not at all', () => {
    expect(new SecondPriceRule(0.01).resolve(3, bids(0.4, 0.2, 2), 0.9).paidCpm).toBeCloseTo(0.91, 12);
    expect(new SecondPriceRule(0.01).resolve(3, bids(0, 0, 0), 0.9).paidCpm).toBeCloseTo(0.91, 12);
    expect(new SecondPriceRule(0.01).resolve(3, bids(0, 0, 0), 0).paidCpm).toBe(0.01);
  });

  it('caps the price at the bid', () => {
    expect(new SecondPriceRule(0.5).resolve(1.6, bids(1.5, 1, 2), 0.2)).toEqual({ won: true, paidCpm: 1.6, minToWinCpm: nextUp(1.5) });
    expect(new SecondPriceRule(0.5).resolve(1, bids(0, 0, 0), 1).paidCpm).toBe(1);
  });

  it('refuses a negative increment', () => {
    expect(() => new SecondPriceRule(-1)).toThrow(MarketError);
  });
});

describe('ruleFor', () => {
  const market = marketSchema.parse({ auction: 'second-price', secondPriceIncrementCpm: 0.05 });

  it('maps OpenRTB at to the rule, with the market increment', () => {
    expect(ruleFor(1, market)).toBeInstanceOf(FirstPriceRule);
    const second = ruleFor(2, market);
    expect(second).toBeInstanceOf(SecondPriceRule);
    expect((second as SecondPriceRule).incrementCpm).toBe(0.05);
    expect(ruleFor(marketAt(market), market).at).toBe(2);
    expect(marketAt(marketSchema.parse({}))).toBe(1);
  });

  it('refuses other auction types', () => {
    expect(() => ruleFor(3 as 1, market)).toThrow(expect.objectContaining({ code: 'MARKET_BAD_AT' }));
  });
});

describe('nextUp', () => {
  it('gives the next double', () => {
    for (const x of [0.01, 1, 1.5, 3.3, 1e6, 2 ** 52 - 1]) {
      const y = nextUp(x);
      expect(y).toBeGreaterThan(x);
      expect((x + y) / 2 === x || (x + y) / 2 === y).toBe(true);
    }
    expect(nextUp(0)).toBe(Number.MIN_VALUE);
  });
});
