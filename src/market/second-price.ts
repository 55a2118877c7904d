import type { AuctionResult, CompetitorBids } from '../domain/index.js';
import { checkBidAndFloor, minimumToWin, wins, writeResult, type AuctionRule, type MutableAuctionResult } from './auction-rule.js';
import { MarketError } from './market-error.js';

/**
 * Second price plus (OpenRTB `at` = 2): the winner pays the larger of the highest competing bid
 * and the floor, plus `incrementCpm`, but never more than its own bid. The increment moves the
 * price, not the threshold: any bid just above the highest competing bid still wins.
 */
export class SecondPriceRule implements AuctionRule {
  readonly at = 2 as const;

  constructor(readonly incrementCpm: number) {
    if (!(incrementCpm >= 0 && incrementCpm < Infinity)) {
      throw new MarketError('MARKET_BAD_CONFIG', `the second-price increment must be a finite CPM >= 0, got ${incrementCpm}`, 'SecondPriceRule');
    }
  }

  resolve(ourBidCpm: number | undefined, competitors: CompetitorBids, floorCpm: number, out?: MutableAuctionResult): AuctionResult {
    checkBidAndFloor(ourBidCpm, floorCpm, 'SecondPriceRule.resolve');
    const minToWin = minimumToWin(competitors, floorCpm);
    if (!wins(ourBidCpm, competitors, floorCpm)) return writeResult(out, false, 0, minToWin);
    const runnerUp = competitors.bidders > 0 && competitors.highestCpm > floorCpm ? competitors.highestCpm : floorCpm;
    return writeResult(out, true, Math.min(ourBidCpm, runnerUp + this.incrementCpm), minToWin);
  }
}
