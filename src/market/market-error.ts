import { BidlabError } from '../errors.js';

/** Codes raised by src/market: a bid, floor, time, auction type or option the market cannot use. */
export type MarketErrorCode = 'MARKET_BAD_BID' | 'MARKET_BAD_FLOOR' | 'MARKET_BAD_TIME' | 'MARKET_BAD_AT' | 'MARKET_BAD_CONFIG';

export class MarketError extends BidlabError {
  declare readonly code: MarketErrorCode;

  constructor(code: MarketErrorCode, message: string, where?: string) {
    super(code, message, where);
  }
}
