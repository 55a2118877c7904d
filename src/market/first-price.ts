import type { AuctionResult, CompetitorBids } from '../domain/index.js';
import { checkBidAndFloor, minimumToWin, wins, writeResult, type AuctionRule, type MutableAuctionResult } from './auction-rule.js';

/** First price (OpenRTB `at` = 1): the winner pays its own bid. */
export class FirstPriceRule implements AuctionRule {
  readonly at = 1 as const;

  resolve(ourBidCpm: number | undefined, competitors: CompetitorBids, floorCpm: number, out?: MutableAuctionResult): AuctionResult {
    checkBidAndFloor(ourBidCpm, floorCpm, 'FirstPriceRule.resolve');
    const minToWin = minimumToWin(competitors, floorCpm);
    return wins(ourBidCpm, competitors, floorCpm) ? writeResult(out, true, ourBidCpm, minToWin) : writeResult(out, false, 0, minToWin);
  }
}
