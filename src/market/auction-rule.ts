import type { AuctionResult, CompetitorBids } from '../domain/index.js';
import { MarketError } from './market-error.js';

/** An {@link AuctionResult} a rule writes into; see {@link AuctionRule.resolve}. */
export type MutableAuctionResult = {
  -readonly [K in keyof AuctionResult]: AuctionResult[K];
};

/**
 * How the exchange settles one impression between our bid, the competitors' and the floor.
 *
 * Who wins is the same under every rule: we win when our bid is at least the floor and strictly
 * above the highest competing bid. Ties go to the competitor ("incumbent wins"): the rule then
 * needs no coin, so `resolve` is a pure function of its arguments and reproducible by
 * construction, and it never flatters our win rate. With continuous bid distributions exact ties
 * have probability zero; they arise with constant values and in tests.
 */
export interface AuctionRule {
  /** OpenRTB `at`: 1 first price, 2 second price plus. */
  readonly at: 1 | 2;
  /**
   * Our outcome with bid `ourBidCpm` (undefined: no bid) against `competitors` and the floor.
   * Writes into `out` when given (allocation-free), else returns a new object.
   * @throws MarketError MARKET_BAD_BID or MARKET_BAD_FLOOR for a negative or non-finite bid or floor.
   */
  resolve(ourBidCpm: number | undefined, competitors: CompetitorBids, floorCpm: number, out?: MutableAuctionResult): AuctionResult;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/** The smallest double above `x`, for x ≥ 0 and finite: the least bid that beats x. */
export function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  const lo = (u32[LOW] + 1) >>> 0;
  u32[LOW] = lo;
  if (lo === 0) u32[1 - LOW]++;
  return f64[0];
}

/**
 * The lowest bid that wins against `competitors` and `floorCpm` under the shared winning rule
 * (OpenRTB's minimum bid to win, floor included): the floor, or just above the highest competing
 * bid when that reaches the floor.
 */
export function minimumToWin(competitors: CompetitorBids, floorCpm: number): number {
  return competitors.bidders > 0 && competitors.highestCpm >= floorCpm ? nextUp(competitors.highestCpm) : floorCpm;
}

/** Checks a rule's inputs; the market trusts the engine less than the engine trusts itself. */
export function checkBidAndFloor(ourBidCpm: number | undefined, floorCpm: number, where: string): void {
  if (ourBidCpm !== undefined && !(ourBidCpm >= 0 && ourBidCpm < Infinity)) {
    throw new MarketError('MARKET_BAD_BID', `a bid must be a finite CPM >= 0 (or undefined for no bid), got ${ourBidCpm}`, where);
  }
  if (!(floorCpm >= 0 && floorCpm < Infinity)) {
    throw new MarketError('MARKET_BAD_FLOOR', `a floor must be a finite CPM >= 0, got ${floorCpm}`, where);
  }
}

/** Whether `ourBidCpm` wins under the shared winning rule (see {@link AuctionRule}). */
export function wins(ourBidCpm: number | undefined, competitors: CompetitorBids, floorCpm: number): ourBidCpm is number {
  return ourBidCpm !== undefined && ourBidCpm >= floorCpm && (competitors.bidders === 0 || ourBidCpm > competitors.highestCpm);
}

export function writeResult(out: MutableAuctionResult | undefined, won: boolean, paidCpm: number, minToWinCpm: number): AuctionResult {
  if (out === undefined) return { won, paidCpm, minToWinCpm };
  out.won = won;
  out.paidCpm = paidCpm;
  out.minToWinCpm = minToWinCpm;
  return out;
}
