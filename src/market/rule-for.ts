import type { DeepReadonly, MarketConfig } from '../scenario/index.js';
import type { AuctionRule } from './auction-rule.js';
import { FirstPriceRule } from './first-price.js';
import { MarketError } from './market-error.js';
import { SecondPriceRule } from './second-price.js';

/** The OpenRTB `at` of a market's configured auction: 1 first price, 2 second price. */
export function marketAt(market: DeepReadonly<MarketConfig>): 1 | 2 {
  return market.auction === 'first-price' ? 1 : 2;
}

/**
 * The rule for OpenRTB auction type `at` (a request's own `at` where it has one, else
 * {@link marketAt}), with the market's second-price increment.
 * @throws MarketError MARKET_BAD_AT for anything but 1 or 2 (exchange-specific types are > 500).
 */
export function ruleFor(at: 1 | 2, market: DeepReadonly<MarketConfig>): AuctionRule {
  if (at === 1) return new FirstPriceRule();
  if (at === 2) return new SecondPriceRule(market.secondPriceIncrementCpm);
  throw new MarketError('MARKET_BAD_AT', `unsupported auction type at=${String(at)}: expected 1 (first price) or 2 (second price plus)`, 'ruleFor');
}
