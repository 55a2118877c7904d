import type { AuctionLogRecord, CompetitorBids } from '../domain/index.js';
import type { MarketObservation, MarketPriceModel } from './market-price-model.js';

/** Where a replayed auction's highest competing bid came from. */
export type MarketSource = 'min-to-win' | 'logged-price' | 'model';

/** The rival side of one replayed auction: the same for every replayed policy. */
export interface ReplayedMarket {
  readonly floorCpm: number;
  /** At 1 first price, 2 second price (the request's `at`, default 2). */
  readonly at: 1 | 2;
  readonly competitors: CompetitorBids;
  readonly source: MarketSource;
}

/** The floor a record's auction had: the market's when logged, else the request's. */
export function recordFloor(record: AuctionLogRecord): number {
  return record.market.floorCpm ?? record.request.imp[0]?.bidfloor ?? 0;
}

/** The request's auction type: 1 first price, anything else second price (OpenRTB's default 2). */
export function recordAt(record: AuctionLogRecord): 1 | 2 {
  return record.request.at === 1 ? 1 : 2;
}

/**
 * What a record tells about its highest competing bid, for fitting the market-price model: the
 * minimum bid to win when the exchange reported it; in a second-price auction the logged bidder
 * won, the price it paid less the increment; otherwise only a bound (below our winning bid,
 * at or above our losing one). Undefined when the logged bidder did not bid and nothing was reported.
 */
export function marketObservation(record: AuctionLogRecord, incrementCpm: number): MarketObservation | undefined {
  const floorCpm = recordFloor(record);
  const { market, decision } = record;
  if (market.minToWinCpm !== null) {
    return market.minToWinCpm > floorCpm ? { kind: 'exact', floorCpm, cpm: market.minToWinCpm } : { kind: 'below', floorCpm, cpm: floorCpm };
  }
  if (!decision.bid || decision.priceCpm === null) return undefined;
  // A bid under the floor loses whatever the rivals bid: its loss says nothing of H (taken as "H at
  // or above our bid", it hid every auction without a rival and priced the market too high).
  if (!market.won) return decision.priceCpm >= floorCpm ? { kind: 'above', floorCpm, cpm: decision.priceCpm } : undefined;
  if (recordAt(record) === 2 && market.paidCpm !== null) {
    // Paying its own bid (the runner-up within one increment of it) leaves H in [bid − increment, bid): taken at the low end.
    const runnerUp = market.paidCpm - incrementCpm;
    return runnerUp > floorCpm ? { kind: 'exact', floorCpm, cpm: runnerUp } : { kind: 'below', floorCpm, cpm: floorCpm };
  }
  return { kind: 'below', floorCpm, cpm: decision.priceCpm };
}

/**
 * The rival side of a replayed auction, from what the record knows, best first: the reported
 * minimum bid to win; the logged second price; else the market-price model's H, drawn with the
 * keyed uniform `u` and truncated to what the record says (below our bid if we won, at or above
 * it if we lost), from the band of the record's score (`scoreOf`: the model's score policy's prediction, asked only here) when the model has score bands. Replaying the logged bid itself always reproduces the logged win or loss.
 */
export function replayedMarket(record: AuctionLogRecord, incrementCpm: number, model: MarketPriceModel, u: number, scoreOf?: () => number | undefined): ReplayedMarket {
  const floorCpm = recordFloor(record);
  const at = recordAt(record);
  const obs = marketObservation(record, incrementCpm);
  if (obs?.kind === 'exact' || (obs?.kind === 'below' && obs.cpm === floorCpm && record.market.minToWinCpm !== null)) {
    return market(floorCpm, at, obs.kind === 'exact' ? justBelow(obs.cpm) : 0, record.market.minToWinCpm !== null ? 'min-to-win' : 'logged-price');
  }
  if (obs?.kind === 'below' && at === 2 && record.market.paidCpm !== null && record.market.paidCpm <= floorCpm + incrementCpm) {
    return market(floorCpm, at, 0, 'logged-price');
  }
  const bid = record.decision.priceCpm ?? 0;
  const score = scoreOf?.();
  const h = obs === undefined ? model.draw(floorCpm, u, 0, Infinity, score)
    : obs.kind === 'above' ? model.draw(floorCpm, u, bid, Infinity, score)
      : Math.min(justBelow(bid), model.draw(floorCpm, u, 0, bid, score));
  return market(floorCpm, at, h, 'model');
}

function market(floorCpm: number, at: 1 | 2, highestCpm: number, source: MarketSource): ReplayedMarket {
  return { floorCpm, at, source, competitors: { highestCpm, secondCpm: 0, highestBidder: -1, bidders: highestCpm > 0 ? 1 : 0 } };
}

/** The largest double below x: a rival at it loses to a bid of x, as the minimum bid to win says. */
function justBelow(x: number): number {
  if (!(x > 0)) return 0;
  const f = new Float64Array([x]);
  const bits = new BigInt64Array(f.buffer);
  bits[0] = bits[0]! - 1n;
  return f[0]!;
}
